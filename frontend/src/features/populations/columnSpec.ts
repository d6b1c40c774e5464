import type { PopulationColumn } from '../../api';

/**
 * How to name a column to the Go side, which looks a name up among the
 * headers first and then as a letter: the header when it names this column
 * alone, otherwise the letter.
 */
export function columnSpec(columns: PopulationColumn[], index: number): string {
  const c = columns.find((x) => x.index === index);
  if (!c) return '';
  const header = c.header.trim();
  if (header !== '') {
    const same = columns.filter((x) => x.header.trim().toLowerCase() === header.toLowerCase());
    if (same.length === 1) return header;
  }
  // A letter is read as a letter only when no header is spelled like it.
  return c.letter;
}

/** "B: Opened", or "B" for a column without a header. */
export function columnLabel(c: PopulationColumn): string {
  return c.header ? `${c.letter}: ${c.header}` : c.letter;
}

/**
 * A first guess at the key and date columns, for the user to check: the date
 * column the Go side proposed from names and fill (-1 for none), and as key
 * the first other column.
 */
export function guessColumns(columns: PopulationColumn[], date = -1): { key: number; date: number } {
  const key = columns.find((c) => c.index !== date);
  return { key: key?.index ?? -1, date };
}
