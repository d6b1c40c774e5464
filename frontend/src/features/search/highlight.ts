// Splitting marked text is shared with the viewer (src/lib/highlight.ts).
export { splitHighlights, type Piece } from '../../lib/highlight';

/** Adds a filter to a query unless it is there already; values with spaces or quotes are quoted. */
export function addFilter(query: string, name: string, value: string): string {
  const v = /[\s"():]/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
  const filter = `${name}:${v}`;
  const q = query.trim();
  if (q.split(/\s+/).includes(filter)) return q;
  return q ? `${q} ${filter}` : filter;
}
