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

const dateLike = /date|time|opened|closed|created|approved|deployed|when|\bon$/i;

/** A first guess at the key and date columns, for the user to check. */
export function guessColumns(columns: PopulationColumn[]): { key: number; date: number } {
  const date = columns.find((c) => dateLike.test(c.header));
  const key = columns.find((c) => c.index !== date?.index);
  return { key: key?.index ?? -1, date: date?.index ?? -1 };
}
