import { call } from './transport';
import type * as models from './models';

// Marks are [start, end) offsets in Unicode code points of their text:
// indexes into Array.from(text), as search fragments' highlights are.

/** How the viewer shows a file (app.Kind*, backend/extract's viewers). */
export type ViewerKind = 'pdf' | 'sheet' | 'text' | 'email' | 'image' | 'other';
export type Mark = [number, number];
export type SheetInfo = models.view.SheetInfo;
export type ViewerDocument = Omit<models.app.ViewerDocument, 'kind'> & { kind: ViewerKind };
export type Rect = models.view.Rect;
export type ViewerPage = models.app.ViewerPage;
export type Location = models.view.Location;
export type SheetCell = models.view.Cell;
export type SheetRow = models.view.Row;
export type SheetQuery = models.app.SheetQuery;
export type SheetPage = models.app.SheetPage;
export type TextLine = models.view.Line;
/** app.LinesQuery; record absent or 0 asks for no JSON record. */
export type LinesQuery = Omit<models.app.LinesQuery, 'record'> & { record?: number };
export type LinesPage = models.app.LinesPage;
export type EmailHeader = models.view.Header;
export type EmailView = models.app.ViewerEmail;
export type ViewerImage = models.app.ViewerImage;

export const viewer = {
  open: (engagementID: string, evidenceID: string) =>
    call<ViewerDocument>('app.Viewer.Open', engagementID, evidenceID),
  /** scale is image pixels per point: 1 is 72 dots per inch. */
  pdfPage: (engagementID: string, evidenceID: string, page: number, scale: number, query: string) =>
    call<ViewerPage>('app.Viewer.PDFPage', engagementID, evidenceID, page, scale, query),
  sheetRows: (engagementID: string, evidenceID: string, q: SheetQuery) => {
    const { sheet, offset, limit, row, query } = q;
    return call<SheetPage>('app.Viewer.SheetRows', engagementID, evidenceID, { sheet, offset, limit, row, query });
  },
  textLines: (engagementID: string, evidenceID: string, q: LinesQuery) => {
    const { offset, limit, line, record = 0, query } = q;
    return call<LinesPage>('app.Viewer.TextLines', engagementID, evidenceID, { offset, limit, line, record, query });
  },
  /** Where a query matches in a file, in order: pages, rows or lines. */
  hits: (engagementID: string, evidenceID: string, query: string) =>
    call<Location[]>('app.Viewer.Hits', engagementID, evidenceID, query),
  email: (engagementID: string, evidenceID: string) => call<EmailView>('app.Viewer.Email', engagementID, evidenceID),
  image: (engagementID: string, evidenceID: string) => call<ViewerImage>('app.Viewer.Image', engagementID, evidenceID),
};
