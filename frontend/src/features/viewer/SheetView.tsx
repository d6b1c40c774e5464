import { useEffect, useRef, useState } from 'react';
import type { Location } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { MarkedText } from '../../components/MarkedText';
import { Pagination } from '../../components/Pagination';
import { HitNav } from './HitNav';
import type { ViewProps } from './navigation';
import { ROWS, useFirstHitInPart, useHits, useSheetRows } from './useViewer';
import { useKeys } from './useKeys';

type RowsRequest = { offset: number } | { row: number };

/** Spreadsheet column letters: A … Z, AA … */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Spreadsheets and CSV files: a paged grid per sheet, the query's matches
 * marked in their cells, the row of a match selected and brought into view.
 */
export function SheetView({ engagementId, doc, query, at, onPlace }: ViewProps) {
  const id = doc.evidence.id;
  const names = doc.sheets.map((s) => s.name);
  const [sheet, setSheet] = useState(() => (at.sheet !== undefined && names.includes(at.sheet) ? at.sheet : names[0] ?? ''));
  const [request, setRequest] = useState<RowsRequest>(() => (at.row ? { row: at.row } : { offset: 0 }));
  // The selected row, and the line a CSV row starts on: a pin cites both.
  const [picked, setPicked] = useState<{ row: number; line?: number } | undefined>(at.row ? { row: at.row, line: at.line } : undefined);
  const selected = picked?.row;
  const rows = useSheetRows(engagementId, id, {
    sheet,
    offset: 'offset' in request ? request.offset : 0,
    limit: ROWS,
    row: 'row' in request ? request.row : 0,
    query,
  });
  const hits = useHits(engagementId, id, query, true);
  const selectedRow = useRef<HTMLTableRowElement>(null);

  const go = (hit: Location) => {
    if (!hit.row) return;
    setSheet(hit.sheet ?? '');
    setRequest({ row: hit.row });
    setPicked({ row: hit.row, line: hit.line });
  };
  // A hit names the row of its match; only a place without one opens on
  // the first match in its part.
  useFirstHitInPart(hits.data, at.row ? undefined : at.part, go);

  const page = rows.data;
  // A row opened from the address may come without its line: the page read says it.
  useEffect(() => {
    const line = picked && picked.line === undefined ? page?.rows.find((r) => r.n === picked.row)?.line : undefined;
    if (line) setPicked({ row: picked!.row, line });
  }, [page, picked]);
  useEffect(() => onPlace({ sheet, row: picked?.row, line: picked?.line }), [sheet, picked, onPlace]);

  const offset = page?.offset ?? 0;
  const total = page?.total ?? 0;
  const toOffset = (o: number) => setRequest({ offset: Math.min(Math.max(o, 0), Math.max(total - 1, 0)) });
  const pick = (name: string) => {
    setSheet(name);
    setRequest({ offset: 0 });
    setPicked(undefined);
  };
  useKeys({
    PageDown: () => offset + ROWS < total && toOffset(offset + ROWS),
    PageUp: () => offset > 0 && toOffset(offset - ROWS),
  });
  useEffect(() => {
    selectedRow.current?.scrollIntoView?.({ block: 'center' });
  }, [page, selected]);

  const width = Math.max(0, ...(page?.rows ?? []).map((r) => r.cells.length));
  return (
    <div className="viewer-sheet">
      <div className="viewer-controls">
        {names.length > 1 || names[0] ? (
          <div role="tablist" aria-label="Sheets" className="viewer-sheet-tabs">
            {doc.sheets.map((s) => (
              <button
                key={s.name}
                type="button"
                role="tab"
                className="small"
                aria-selected={s.name === sheet}
                onClick={() => pick(s.name)}
              >
                {s.name}
              </button>
            ))}
          </div>
        ) : null}
        <HitNav query={query} hits={hits} at={{ sheet, row: selected ?? 0 }} sheets={names} go={go} />
      </div>
      {rows.isError ? (
        <ErrorMessage title="Could not read the rows." error={rows.error} />
      ) : !page ? (
        <Loading>Reading the rows…</Loading>
      ) : (
        <>
          <div className="viewer-grid-scroll">
            <table className="viewer-grid" aria-label={sheet ? `Sheet ${sheet}` : 'Rows'}>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  {Array.from({ length: width }, (_, i) => (
                    <th key={i} scope="col">
                      {columnName(i)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page.rows.map((r, i) => (
                  <tr
                    key={`${r.n}-${i}`}
                    ref={r.n === selected ? selectedRow : undefined}
                    aria-selected={r.n === selected}
                    onClick={() => setPicked({ row: r.n, line: r.line })}
                  >
                    <th scope="row">{r.n}</th>
                    {Array.from({ length: width }, (_, c) => {
                      const cell = r.cells[c];
                      return <td key={c}>{cell ? <MarkedText text={cell.text} marks={cell.marks} /> : null}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination label="Rows" noun="Rows" offset={offset} shown={page.rows.length} total={total} pageSize={ROWS} onOffset={toOffset} />
        </>
      )}
    </div>
  );
}
