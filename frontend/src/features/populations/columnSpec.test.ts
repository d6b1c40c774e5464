import { describe, expect, it } from 'vitest';
import { columnSpec, guessColumns } from './columnSpec';

const cols = (...headers: string[]) => headers.map((header, index) => ({ index, letter: String.fromCharCode(65 + index), header }));

describe('columnSpec', () => {
  it('names a column by its header when the header is its own', () => {
    expect(columnSpec(cols('Ticket', 'Opened'), 1)).toBe('Opened');
  });

  it('falls back to the letter for a blank or repeated header', () => {
    expect(columnSpec(cols('Ticket', ''), 1)).toBe('B');
    expect(columnSpec(cols('Date', 'date ', 'Key'), 0)).toBe('A');
    expect(columnSpec(cols('Date', 'date ', 'Key'), 2)).toBe('Key');
  });

  it('is empty for a column that is not there', () => {
    expect(columnSpec(cols('Ticket'), 4)).toBe('');
  });
});

describe('guessColumns', () => {
  it('takes a dated header for the date and the first other column for the key', () => {
    expect(guessColumns(cols('Summary', 'Ticket', 'Created at'), 2)).toEqual({ key: 0, date: 2 });
    expect(guessColumns(cols('Opened', 'Ticket'), 0)).toEqual({ key: 1, date: 0 });
    expect(guessColumns(cols('Ticket', 'Owner'))).toEqual({ key: 0, date: -1 });
  });
});
