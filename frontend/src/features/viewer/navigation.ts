import type { Locator, Location, ViewerDocument } from '../../api';

/** Where the viewer is: a PDF's page, a sheet's selected row, or the selected line (a Locator, which a pin records). */
export type Place = Locator;

/** What every view of a file is given: the file, the query to mark, where to open, and how to say where it is. */
export interface ViewProps {
  engagementId: string;
  doc: ViewerDocument;
  query: string;
  /** part is the index document of the hit, where the place came from a search. */
  at: Place & { part?: number };
  onPlace: (p: Place) => void;
}

/**
 * A place as a sortable triple: the sheet's index (0 for others), the page,
 * row or line, then the JSON record (records share a line in a file
 * written on one).
 */
function order(p: Place, sheets: readonly string[]): [number, number, number] {
  const s = p.sheet !== undefined ? Math.max(0, sheets.indexOf(p.sheet)) : 0;
  return [s, p.page ?? p.row ?? p.line ?? 0, p.record ?? 0];
}

function compare(a: Place, b: Place, sheets: readonly string[]): number {
  const [as, an, ar] = order(a, sheets);
  const [bs, bn, br] = order(b, sheets);
  return as - bs || an - bn || ar - br;
}

/**
 * The index of the next match after where the viewer is (dir 1), or the
 * one before (dir -1), going round at either end; -1 when there are none.
 */
export function stepHit(hits: readonly Location[], at: Place, dir: 1 | -1, sheets: readonly string[] = []): number {
  if (hits.length === 0) return -1;
  if (dir === 1) {
    const i = hits.findIndex((h) => compare(h, at, sheets) > 0);
    return i < 0 ? 0 : i;
  }
  for (let i = hits.length - 1; i >= 0; i--) {
    if (compare(hits[i]!, at, sheets) < 0) return i;
  }
  return hits.length - 1;
}

/** The index of the match the viewer is on, or -1. */
export function currentHit(hits: readonly Location[], at: Place, sheets: readonly string[] = []): number {
  return hits.findIndex((h) => compare(h, at, sheets) === 0);
}

/** The first match in a stored part: a search hit names its part, the viewer opens on its match. */
export function firstHitInPart(hits: readonly Location[], part: number | undefined): Location | undefined {
  if (part === undefined) return undefined;
  return hits.find((h) => h.part === part);
}

/** Zoom levels of a PDF page, 1 being its printed size. */
export const zoomSteps = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;

/** The next zoom level in (dir 1) or out (dir -1) from z. */
export function zoomStep(z: number, dir: 1 | -1): number {
  if (dir === 1) return zoomSteps.find((s) => s > z + 1e-9) ?? zoomSteps[zoomSteps.length - 1]!;
  return [...zoomSteps].reverse().find((s) => s < z - 1e-9) ?? zoomSteps[0];
}

/**
 * Image pixels per PDF point for a zoom: CSS has 96 pixels an inch, PDF 72
 * points, and a high-density screen (up to 3 device pixels a CSS pixel)
 * gets an image as sharp as its pixels.
 */
export function scaleFor(zoom: number, devicePixelRatio: number): number {
  const dpr = Math.min(Math.max(devicePixelRatio || 1, 1), 3);
  return Math.round(zoom * (96 / 72) * dpr * 100) / 100;
}

/** CSS pixels a PDF point takes at a zoom. */
export function cssPerPoint(zoom: number): number {
  return zoom * (96 / 72);
}
