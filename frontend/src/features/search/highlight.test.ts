import { describe, expect, it } from 'vitest';
import { addFilter, splitHighlights } from './highlight';

describe('splitHighlights', () => {
  it('splits by ranges', () => {
    expect(splitHighlights('Quarterly access review', [[10, 16], [17, 23]])).toEqual([
      { text: 'Quarterly ', mark: false },
      { text: 'access', mark: true },
      { text: ' ', mark: false },
      { text: 'review', mark: true },
    ]);
  });

  it('counts in code points, not UTF-16 units', () => {
    expect(splitHighlights('Année fiscale', [[0, 5]])).toEqual([
      { text: 'Année', mark: true },
      { text: ' fiscale', mark: false },
    ]);
    // An emoji is one code point but two UTF-16 units.
    expect(splitHighlights('😀 Année fiscale', [[2, 7]])).toEqual([
      { text: '😀 ', mark: false },
      { text: 'Année', mark: true },
      { text: ' fiscale', mark: false },
    ]);
  });

  it('sorts, merges and clamps ranges', () => {
    expect(splitHighlights('abcdef', [[4, 99], [1, 3], [2, 4]])).toEqual([
      { text: 'a', mark: false },
      { text: 'bcdef', mark: true },
    ]);
    expect(splitHighlights('abc', null)).toEqual([{ text: 'abc', mark: false }]);
    expect(splitHighlights('abc', [[2, 2], [-5, 0]])).toEqual([{ text: 'abc', mark: false }]);
  });
});

describe('addFilter', () => {
  it('adds a filter once, quoting values with spaces', () => {
    expect(addFilter('access', 'type', 'pdf')).toBe('access type:pdf');
    expect(addFilter('access type:pdf', 'type', 'pdf')).toBe('access type:pdf');
    expect(addFilter('', 'control', 'CC6.1')).toBe('control:CC6.1');
    expect(addFilter('x', 'request', 'PBC 12')).toBe('x request:"PBC 12"');
  });
});
