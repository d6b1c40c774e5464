import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ViewerPage, type ViewerLocation } from './ViewerPage';
import { fakeGo, renderWithClient } from '../../test/utils';
import type { Evidence, ViewerDocument, ViewerPage as Page } from '../../api';
import { placeLabel } from '../../lib/locator';

const markup = '<img src=x onerror="window.__pwned=1">.txt';

function evidence(extra: Partial<Evidence> = {}): Evidence {
  return {
    id: 'ev1',
    sha256: 'ab'.repeat(32),
    size: 10,
    name: 'review.pdf',
    path: 'q1/review.pdf',
    pack: 'acme.zip',
    type: 'pdf',
    status: 'extracted',
    parts: 3,
    imported_at: '2026-04-01T00:00:00Z',
    imported_by: 'tester',
    ...extra,
  };
}

function doc(extra: Partial<ViewerDocument> = {}): ViewerDocument {
  return { evidence: evidence(), kind: 'pdf', pages: 3, sheets: [], lines: 0, part_lines: [], problem: '', ...extra };
}

function page(n: number, extra: Partial<Page> = {}): Page {
  return {
    page: n,
    pages: 3,
    width: 612,
    height: 792,
    scale: 1.33,
    png: 'iVBORw0KGgo=',
    highlights: [],
    text: `text of page ${n}`,
    text_marks: [],
    ...extra,
  };
}

function open(hash: string, actions?: (at: ViewerLocation) => React.ReactNode) {
  window.location.hash = hash;
  return renderWithClient(<ViewerPage engagementId="e1" evidenceId="ev1" actions={actions} />);
}

afterEach(() => {
  window.location.hash = '';
});

describe('ViewerPage, PDF', () => {
  it('opens on the page asked for, boxes the matches, and steps to the next match with n', async () => {
    const pdfPage = vi.fn((_e: string, _id: string, n: number) =>
      Promise.resolve(page(n, n === 2 ? { highlights: [{ x: 61.2, y: 79.2, w: 100, h: 12 }, { x: 61.2, y: 120, w: 50, h: 12 }] } : {})),
    );
    fakeGo({
      Viewer: {
        Open: () => Promise.resolve(doc()),
        PDFPage: pdfPage,
        Hits: () => Promise.resolve([{ part: 1, page: 2 }, { part: 2, page: 3 }]),
      },
    });
    const { container } = open('#/engagement/e1/view/ev1?q=access&part=1&page=2');
    await screen.findByText('Page 2 of 3');
    await screen.findByText('2 matches marked on this page.');
    expect(pdfPage).toHaveBeenCalledWith('e1', 'ev1', 2, expect.any(Number), 'access');
    const boxes = container.querySelectorAll<HTMLElement>('.viewer-highlight');
    expect(boxes).toHaveLength(2);
    // Boxes sit in percent of the page, whatever the zoom.
    expect(boxes[0]!.style.left).toBe('10%');
    expect(boxes[0]!.style.top).toBe('10%');
    expect(await screen.findByText('Page with matches 1 of 2')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/engagement/e1/view/ev1?q=access&page=2');

    await userEvent.keyboard('n');
    await screen.findByText('Page 3 of 3');
    await waitFor(() => expect(pdfPage).toHaveBeenCalledWith('e1', 'ev1', 3, expect.any(Number), 'access'));
    await userEvent.keyboard('{PageUp}');
    await screen.findByText('Page 2 of 3');
    await userEvent.keyboard('{Shift>}{F3}{/Shift}');
    await screen.findByText('Page 3 of 3');
  });

  it('goes to a page typed, and zooms', async () => {
    const pdfPage = vi.fn((_e: string, _id: string, n: number, _scale: number, _q: string) => Promise.resolve(page(n)));
    fakeGo({ Viewer: { Open: () => Promise.resolve(doc()), PDFPage: pdfPage, Hits: () => Promise.resolve([]) } });
    open('#/engagement/e1/view/ev1');
    await screen.findByText('Page 1 of 3');
    const input = screen.getByLabelText('Go to page');
    await userEvent.clear(input);
    await userEvent.type(input, '3{Enter}');
    await screen.findByText('Page 3 of 3');
    const before = pdfPage.mock.calls.at(-1)![3];
    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    await screen.findByText('125%');
    await waitFor(() => expect(pdfPage.mock.calls.at(-1)![3]).toBeGreaterThan(before));
    // Typing in the page box does not turn pages.
    await userEvent.type(input, 'n');
    expect(screen.getByText('Page 3 of 3')).toBeInTheDocument();
  });

  it('shows the page text, marked, when the matches cannot be placed on the image', async () => {
    fakeGo({
      Viewer: {
        Open: () => Promise.resolve(doc()),
        PDFPage: () => Promise.resolve(page(1, { text: 'scanned access review', text_marks: [[8, 14]] })),
        Hits: () => Promise.resolve([{ part: 0, page: 1 }]),
      },
    });
    open('#/engagement/e1/view/ev1?q=access');
    const aside = await screen.findByRole('complementary', { name: 'Page text' });
    expect(within(aside).getByText('access').tagName).toBe('MARK');
    expect(screen.getByText(/could not be placed on the page image/)).toBeInTheDocument();
  });

  it('says why a PDF cannot be shown', async () => {
    fakeGo({ Viewer: { Open: () => Promise.resolve(doc({ problem: 'This PDF needs a password to open.' })) } });
    open('#/engagement/e1/view/ev1');
    expect(await screen.findByText('This PDF needs a password to open.')).toBeInTheDocument();
  });
});

describe('ViewerPage, text and sheets', () => {
  it('shows markup from evidence as text, in the name and the lines', async () => {
    fakeGo({
      Viewer: {
        Open: () =>
          Promise.resolve(doc({ kind: 'text', pages: 0, lines: 2, part_lines: [1], evidence: evidence({ name: markup, type: 'text' }) })),
        TextLines: () =>
          Promise.resolve({
            offset: 0,
            total: 2,
            lines: [
              { n: 1, part: 0, text: '<script>window.__pwned=2</script> access', marks: [[34, 40]] },
              { n: 2, part: 0, text: '<img src=x onerror="window.__pwned=3">', marks: [] },
            ],
          }),
        Hits: () => Promise.resolve([{ part: 0, line: 1 }]),
      },
    });
    const { container } = open('#/engagement/e1/view/ev1?q=access&part=0&line=1');
    expect(await screen.findByRole('heading', { name: markup })).toBeInTheDocument();
    expect(await screen.findByText('<script>window.__pwned=2</script>', { exact: false })).toBeInTheDocument();
    expect(screen.getByText('<img src=x onerror="window.__pwned=3">')).toBeInTheDocument();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('access', { selector: 'mark' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('row', { selected: true })).toHaveTextContent('1<script>'));
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('opens a sheet on the row a search hit cites, selected, though its part has an earlier match', async () => {
    const rows = vi.fn((_e: string, _id: string, q: { sheet: string; row: number; offset: number }) =>
      Promise.resolve({
        sheet: q.sheet,
        offset: 0,
        total: 4,
        rows: [
          { n: 1, part: 0, cells: [{ text: 'name', marks: [] }, { text: 'role', marks: [] }] },
          { n: 2, part: 0, cells: [{ text: 'jdoe', marks: [] }, { text: 'admin', marks: [[0, 5]] }] },
          { n: 4, part: 0, cells: [{ text: 'asmith', marks: [] }, { text: 'admin', marks: [[0, 5]] }] },
        ],
      }),
    );
    fakeGo({
      Viewer: {
        Open: () =>
          Promise.resolve(
            doc({ kind: 'sheet', pages: 0, sheets: [{ name: 'Users', rows: 3 }, { name: 'Rules', rows: 1 }], evidence: evidence({ name: 'users.xlsx', type: 'xlsx' }) }),
          ),
        SheetRows: rows,
        Hits: () =>
          Promise.resolve([
            { part: 0, sheet: 'Users', row: 2 },
            { part: 0, sheet: 'Users', row: 4 },
          ]),
      },
    });
    const actions = vi.fn((at: ViewerLocation) => <button type="button">Pin {at.sheet} row {at.row}</button>);
    open('#/engagement/e1/view/ev1?q=admin&part=0&sheet=Users&row=4', actions);
    await waitFor(() => expect(screen.getByRole('row', { selected: true })).toHaveTextContent('4asmithadmin'));
    expect(screen.getAllByRole('row', { selected: true })).toHaveLength(1);
    expect(rows).toHaveBeenCalledWith('e1', 'ev1', { sheet: 'Users', offset: 0, limit: 100, row: 4, query: 'admin' });
    expect(rows).not.toHaveBeenCalledWith('e1', 'ev1', expect.objectContaining({ row: 2 }));
    expect(await screen.findByRole('button', { name: 'Pin Users row 4' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Users', selected: true })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'B' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Rules' }));
    await waitFor(() => expect(rows).toHaveBeenLastCalledWith('e1', 'ev1', { sheet: 'Rules', offset: 0, limit: 100, row: 0, query: 'admin' }));
  });

  it('opens text on the line a search hit cites, not the first line of its part', async () => {
    const lines = vi.fn((_e: string, _id: string, q: { line: number }) =>
      Promise.resolve({
        offset: 0,
        total: 3,
        lines: [1, 2, 3].map((n) => ({ n, part: 0, text: `line ${n} admin`, marks: [[7, 12]] as [number, number][] })),
        asked: q.line,
      }),
    );
    fakeGo({
      Viewer: {
        Open: () => Promise.resolve(doc({ kind: 'text', pages: 0, lines: 3, part_lines: [1], evidence: evidence({ name: 'auth.log', type: 'log' }) })),
        TextLines: lines,
        Hits: () => Promise.resolve([1, 2, 3].map((line) => ({ part: 0, line }))),
      },
    });
    open('#/engagement/e1/view/ev1?q=admin&part=0&line=3');
    await waitFor(() => expect(screen.getByRole('row', { selected: true })).toHaveTextContent('3line 3 admin'));
    expect(lines).toHaveBeenCalledWith('e1', 'ev1', expect.objectContaining({ line: 3 }));
    expect(lines).not.toHaveBeenCalledWith('e1', 'ev1', expect.objectContaining({ line: 1 }));
  });

  it('pins a JSON line as its record and line, whether opened at the line, picked or reached by a match', async () => {
    // Two records of an NDJSON file, flattened: record 1's lines all bear line 1, record 2 is on line 3.
    const lines = [
      { n: 1, record: 1, part: 0, text: 'user: jdoe', marks: [] },
      { n: 1, record: 1, part: 0, text: 'role: admin', marks: [[6, 11]] as [number, number][] },
      { n: 3, record: 2, part: 0, text: 'user: asmith', marks: [] },
      { n: 3, record: 2, part: 0, text: 'role: admin', marks: [[6, 11]] as [number, number][] },
    ];
    fakeGo({
      Viewer: {
        Open: () => Promise.resolve(doc({ kind: 'text', pages: 0, lines: 4, part_lines: [1], evidence: evidence({ name: 'users.ndjson', type: 'ndjson' }) })),
        TextLines: () => Promise.resolve({ offset: 0, total: 4, lines }),
        Hits: () => Promise.resolve([{ part: 0, line: 1, record: 1 }, { part: 0, line: 3, record: 2 }]),
      },
    });
    const actions = vi.fn((at: ViewerLocation) => <button type="button">Pin {placeLabel(at)}</button>);
    // A pinned line's link names the line only; the record comes from the lines read.
    open('#/engagement/e1/view/ev1?q=admin&line=3', actions);
    expect(await screen.findByRole('button', { name: 'Pin record 2, line 3' })).toBeInTheDocument();
    await userEvent.click(screen.getByText('user: jdoe'));
    expect(await screen.findByRole('button', { name: 'Pin record 1, line 1' })).toBeInTheDocument();
    await userEvent.keyboard('n');
    expect(await screen.findByRole('button', { name: 'Pin record 2, line 3' })).toBeInTheDocument();
    expect(actions).toHaveBeenLastCalledWith(expect.objectContaining({ evidenceId: 'ev1', name: 'users.ndjson', line: 3, record: 2 }));
  });

  it('opens a JSON file written on one line at the record a hit cites, and steps record by record', async () => {
    // A CloudTrail file on one line: every record's lines bear line 1.
    const lines = [1, 2, 3].flatMap((record) => [
      { n: 1, record, part: 0, text: `eventID: e${record}`, marks: [] },
      { n: 1, record, part: 0, text: 'eventName: AttachUserPolicy', marks: [[11, 27]] as [number, number][] },
    ]);
    const textLines = vi.fn((_e: string, _id: string, _q: { line: number; record: number }) => Promise.resolve({ offset: 0, total: 6, lines }));
    fakeGo({
      Viewer: {
        Open: () => Promise.resolve(doc({ kind: 'text', pages: 0, lines: 6, part_lines: [1], evidence: evidence({ name: 'cloudtrail.json', type: 'json' }) })),
        TextLines: textLines,
        Hits: () => Promise.resolve([1, 2, 3].map((record) => ({ part: 0, line: 1, record }))),
      },
    });
    const actions = vi.fn((at: ViewerLocation) => <button type="button">Pin {placeLabel(at)}</button>);
    open('#/engagement/e1/view/ev1?q=AttachUserPolicy&part=0&line=1&record=2', actions);
    expect(await screen.findByRole('button', { name: 'Pin record 2, line 1' })).toBeInTheDocument();
    expect(textLines).toHaveBeenCalledWith('e1', 'ev1', expect.objectContaining({ line: 1, record: 2 }));
    const selected = () => screen.getAllByRole('row', { selected: true }).map((r) => r.textContent);
    expect(selected()).toEqual(['1eventID: e2', '1eventName: AttachUserPolicy']);
    await userEvent.keyboard('n');
    expect(await screen.findByRole('button', { name: 'Pin record 3, line 1' })).toBeInTheDocument();
    expect(selected()).toEqual(['1eventID: e3', '1eventName: AttachUserPolicy']);
    expect(window.location.hash).toBe('#/engagement/e1/view/ev1?q=AttachUserPolicy&line=1&record=3');
  });

  it('pins a CSV row as its row and the line it starts on', async () => {
    // Row 2 holds a cell with a line break, so row 3 starts on line 4.
    const rows = [
      { n: 1, line: 1, part: 0, cells: [{ text: 'id', marks: [] }, { text: 'note', marks: [] }] },
      { n: 2, line: 2, part: 0, cells: [{ text: '7', marks: [] }, { text: 'first\nsecond', marks: [] }] },
      { n: 3, line: 4, part: 0, cells: [{ text: '9', marks: [] }, { text: 'admin', marks: [[0, 5]] as [number, number][] }] },
    ];
    fakeGo({
      Viewer: {
        Open: () =>
          Promise.resolve(doc({ kind: 'sheet', pages: 0, sheets: [{ name: '', rows: 3 }], evidence: evidence({ name: 'users.csv', type: 'csv' }) })),
        SheetRows: (_e: string, _id: string, q: { sheet: string }) => Promise.resolve({ sheet: q.sheet, offset: 0, total: 3, rows }),
        Hits: () => Promise.resolve([{ part: 0, sheet: '', row: 3, line: 4 }]),
      },
    });
    const actions = vi.fn((at: ViewerLocation) => <button type="button">Pin {placeLabel(at)}</button>);
    open('#/engagement/e1/view/ev1?q=admin&row=3', actions);
    expect(await screen.findByRole('button', { name: 'Pin row 3, line 4' })).toBeInTheDocument();
    await userEvent.click(screen.getByText('7'));
    expect(await screen.findByRole('button', { name: 'Pin row 2, line 2' })).toBeInTheDocument();
    await userEvent.keyboard('n');
    expect(await screen.findByRole('button', { name: 'Pin row 3, line 4' })).toBeInTheDocument();
    expect(window.location.hash).toBe('#/engagement/e1/view/ev1?q=admin&row=3&line=4');
  });

  it('lists an e-mail’s headers and attachments, each opening in the viewer', async () => {
    fakeGo({
      Viewer: {
        Open: () => Promise.resolve(doc({ kind: 'email', pages: 0, lines: 1, part_lines: [1], evidence: evidence({ name: 'mail.eml', type: 'eml' }) })),
        Email: () =>
          Promise.resolve({
            headers: [{ name: 'Subject', value: '<b>Q1</b> review' }],
            attachments: [evidence({ id: 'att1', name: 'list.txt', type: 'text', parent: 'ev1' })],
          }),
        TextLines: () => Promise.resolve({ offset: 0, total: 1, lines: [{ n: 1, part: 0, text: 'Please review', marks: [] }] }),
        Hits: () => Promise.resolve([]),
      },
    });
    open('#/engagement/e1/view/ev1?q=review');
    expect(await screen.findByText('<b>Q1</b> review')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'list.txt' })).toHaveAttribute('href', '#/engagement/e1/view/att1?q=review');
    expect(await screen.findByText('Please review')).toBeInTheDocument();
  });
});
