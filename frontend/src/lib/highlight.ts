/** A run of a fragment's text, marked when it is a match. */
export interface Piece {
  text: string;
  mark: boolean;
}

/**
 * Splits text by highlight ranges given as [start, end) offsets in Unicode
 * code points (indexes into Array.from(text), not UTF-16 units). Ranges are
 * sorted, clamped to the text and merged where they overlap; the pieces are
 * plain strings, to be rendered as text.
 */
export function splitHighlights(text: string, ranges: readonly (readonly [number, number])[] | null | undefined): Piece[] {
  const runes = Array.from(text);
  const n = runes.length;
  const sorted = (ranges ?? [])
    .map(([s, e]) => [Math.max(0, Math.min(n, s)), Math.max(0, Math.min(n, e))] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const pieces: Piece[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) pieces.push({ text: runes.slice(at, s).join(''), mark: false });
    pieces.push({ text: runes.slice(s, e).join(''), mark: true });
    at = e;
  }
  if (at < n || pieces.length === 0) pieces.push({ text: runes.slice(at).join(''), mark: false });
  return pieces;
}
