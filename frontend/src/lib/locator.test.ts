import { describe, expect, it } from 'vitest';
import { locatorOf, locatorText, placeLabel } from './locator';

describe('locatorText', () => {
  it('says a place as audit.Locator.String does', () => {
    expect(locatorText({ sheet: 'Q3 2026', row: 12 })).toBe('sheet Q3 2026, row 12');
    expect(locatorText({ row: 60, line: 61 })).toBe('row 60, line 61');
    expect(locatorText({ record: 4, line: 9 })).toBe('record 4, line 9');
    expect(locatorText({ section: 'body', line: 3 })).toBe('e-mail body, line 3');
    expect(locatorText({ attachment: 'notes.txt', line: 2 })).toBe('attachment notes.txt, line 2');
    expect(locatorText({})).toBe('');
    expect(placeLabel({})).toBe('whole file');
  });

  it('keeps only the place of a hit', () => {
    expect(locatorOf({ row: 5, line: 6, name: 'x.csv', score: 1 } as never)).toEqual({ row: 5, line: 6 });
  });
});
