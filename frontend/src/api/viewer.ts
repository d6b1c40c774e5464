import { call } from './transport';
import type { Evidence } from './evidence';

// Types mirror the JSON of app.Viewer's results and backend/view (snake_case).
// Marks are [start, end) offsets in Unicode code points of their text:
// indexes into Array.from(text), as search fragments' highlights are.

export type ViewerKind = 'pdf' | 'sheet' | 'text' | 'email' | 'image' | 'other';

export type Mark = [number, number];

export interface SheetInfo {
  /** '' for a CSV file. */
  name: string;
  rows: number;
}

export interface ViewerDocument {
  evidence: Evidence;
  kind: ViewerKind;
  pages: number;
  sheets: SheetInfo[];
  lines: number;
  /** First line of each stored part (text, e-mail), so a hit naming its part opens there. */
  part_lines: number[];
  /** Why the file cannot be shown, when it cannot. */
  problem: string;
}

/** A box on a PDF page, in points from its top left. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ViewerPage {
  page: number;
  pages: number;
  /** Of the page, in points. */
  width: number;
  height: number;
  /** Image pixels per point. */
  scale: number;
  /** base64 PNG */
  png: string;
  /** Matches MuPDF could place on the page. */
  highlights: Rect[];
  /** The page's text as the search indexed it, with the matches in it. */
  text: string;
  text_marks: Mark[];
}

/** A place in a file: a page, a row of a sheet (with the line a CSV row starts on) or a line (with its JSON record). */
export interface Location {
  part: number;
  page?: number;
  sheet?: string;
  row?: number;
  line?: number;
  record?: number;
}

export interface SheetCell {
  text: string;
  marks: Mark[];
}

export interface SheetRow {
  n: number;
  /** The line a CSV row starts on. */
  line?: number;
  part: number;
  cells: SheetCell[];
}

export interface SheetQuery {
  sheet: string;
  offset: number;
  limit: number;
  /** When set, the page holding this row instead of offset. */
  row: number;
  query: string;
}

export interface SheetPage {
  sheet: string;
  offset: number;
  total: number;
  rows: SheetRow[];
}

export interface TextLine {
  n: number;
  /** The JSON or NDJSON record the line is in. */
  record?: number;
  part: number;
  text: string;
  marks: Mark[];
}

export interface LinesQuery {
  offset: number;
  limit: number;
  /** When set, the page holding this line instead of offset. */
  line: number;
  /** When set, the page holding this JSON record instead. */
  record?: number;
  query: string;
}

export interface LinesPage {
  offset: number;
  total: number;
  lines: TextLine[];
}

export interface EmailHeader {
  name: string;
  value: string;
}

export interface EmailView {
  headers: EmailHeader[];
  /** Attachments, imported as evidence of their own. */
  attachments: Evidence[];
}

export interface ViewerImage {
  /** base64 */
  data: string;
  mime: string;
}

const marks = (m: Mark[] | null | undefined): Mark[] => m ?? [];

export const viewer = {
  open: async (engagementID: string, evidenceID: string): Promise<ViewerDocument> => {
    const d = await call<Partial<ViewerDocument> & { evidence: Evidence; kind: ViewerKind }>(
      'app.Viewer.Open',
      engagementID,
      evidenceID,
    );
    return {
      evidence: d.evidence,
      kind: d.kind,
      pages: d.pages ?? 0,
      sheets: d.sheets ?? [],
      lines: d.lines ?? 0,
      part_lines: d.part_lines ?? [],
      problem: d.problem ?? '',
    };
  },
  /** scale is image pixels per point: 1 is 72 dots per inch. */
  pdfPage: async (engagementID: string, evidenceID: string, page: number, scale: number, query: string) => {
    const p = await call<ViewerPage>('app.Viewer.PDFPage', engagementID, evidenceID, page, scale, query);
    return { ...p, highlights: p.highlights ?? [], text: p.text ?? '', text_marks: marks(p.text_marks) };
  },
  sheetRows: async (engagementID: string, evidenceID: string, q: SheetQuery): Promise<SheetPage> => {
    const { sheet, offset, limit, row, query } = q;
    const p = await call<SheetPage>('app.Viewer.SheetRows', engagementID, evidenceID, { sheet, offset, limit, row, query });
    return {
      ...p,
      rows: (p.rows ?? []).map((r) => ({ ...r, cells: (r.cells ?? []).map((c) => ({ ...c, marks: marks(c.marks) })) })),
    };
  },
  textLines: async (engagementID: string, evidenceID: string, q: LinesQuery): Promise<LinesPage> => {
    const { offset, limit, line, record = 0, query } = q;
    const p = await call<LinesPage>('app.Viewer.TextLines', engagementID, evidenceID, { offset, limit, line, record, query });
    return { ...p, lines: (p.lines ?? []).map((l) => ({ ...l, marks: marks(l.marks) })) };
  },
  /** Where a query matches in a file, in order: pages, rows or lines. */
  hits: async (engagementID: string, evidenceID: string, query: string): Promise<Location[]> =>
    (await call<Location[] | null>('app.Viewer.Hits', engagementID, evidenceID, query)) ?? [],
  email: async (engagementID: string, evidenceID: string): Promise<EmailView> => {
    const e = await call<EmailView>('app.Viewer.Email', engagementID, evidenceID);
    return { headers: e.headers ?? [], attachments: e.attachments ?? [] };
  },
  image: (engagementID: string, evidenceID: string) => call<ViewerImage>('app.Viewer.Image', engagementID, evidenceID),
};
