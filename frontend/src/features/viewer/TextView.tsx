import { useEffect, useRef, useState } from 'react';
import type { Location, TextLine, ViewerDocument } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { MarkedText } from '../../components/MarkedText';
import { Pagination } from '../../components/Pagination';
import { HitNav } from './HitNav';
import type { Place, ViewProps } from './navigation';
import { ROWS, useFirstHitInPart, useHits, useTextLines } from './useViewer';
import { useKeys } from './useKeys';

/** Which lines to ask for: a page by its offset, or the page holding a line (and JSON record). */
export type LinesRequest = { offset: number } | { line: number; record?: number };

/**
 * The first request of a file's lines: the line asked for (a search hit
 * names the line of its match), else the first line of the part it named,
 * else the start.
 */
export function firstRequest(doc: ViewerDocument, at: Place & { part?: number }): LinesRequest {
  if (at.line) return at.record ? { line: at.line, record: at.record } : { line: at.line };
  const fromPart = at.part !== undefined ? doc.part_lines[at.part] : undefined;
  return fromPart ? { line: fromPart } : { offset: 0 };
}

/**
 * Text, logs and e-mail bodies: numbered lines, paged, the query's matches
 * marked, the line of a match selected and brought into view.
 */
export function TextView({ engagementId, doc, query, at, onPlace }: ViewProps) {
  const id = doc.evidence.id;
  const [request, setRequest] = useState<LinesRequest>(() => firstRequest(doc, at));
  // The selected line, and the JSON record it is in: a pin cites both.
  const [picked, setPicked] = useState<{ line: number; record?: number } | undefined>(() => {
    const first = firstRequest(doc, at);
    return 'line' in first ? first : undefined;
  });
  const selected = picked?.line;
  const isPicked = (l: TextLine) => l.n === selected && (picked?.record === undefined || l.record === picked.record);
  const lines = useTextLines(engagementId, id, {
    offset: 'offset' in request ? request.offset : 0,
    limit: ROWS,
    line: 'line' in request ? request.line : 0,
    record: 'line' in request ? request.record : undefined,
    query,
  });
  const hits = useHits(engagementId, id, query, true);
  const selectedRow = useRef<HTMLTableRowElement>(null);

  const go = (hit: Location) => {
    if (!hit.line) return;
    setRequest({ line: hit.line, record: hit.record });
    setPicked({ line: hit.line, record: hit.record });
  };
  useFirstHitInPart(hits.data, at.line ? undefined : at.part, go);

  const page = lines.data;
  // A line opened from an address without its record: the page read says it.
  useEffect(() => {
    const record = picked && picked.record === undefined ? page?.lines.find((l) => l.n === picked.line)?.record : undefined;
    if (record) setPicked({ line: picked!.line, record });
  }, [page, picked]);
  useEffect(() => onPlace({ line: picked?.line, record: picked?.record }), [picked, onPlace]);

  const offset = page?.offset ?? 0;
  const total = page?.total ?? doc.lines;
  const toOffset = (o: number) => setRequest({ offset: Math.min(Math.max(o, 0), Math.max(total - 1, 0)) });
  useKeys({
    PageDown: () => offset + ROWS < total && toOffset(offset + ROWS),
    PageUp: () => offset > 0 && toOffset(offset - ROWS),
  });
  useEffect(() => {
    selectedRow.current?.scrollIntoView?.({ block: 'center' });
  }, [page, selected]);

  return (
    <div className="viewer-text">
      <div className="viewer-controls">
        <HitNav query={query} hits={hits} at={{ line: selected ?? 0, record: picked?.record }} go={go} />
      </div>
      {lines.isError ? (
        <ErrorMessage title="Could not read the lines." error={lines.error} />
      ) : !page ? (
        <Loading>Reading the lines…</Loading>
      ) : (
        <>
          <table className="viewer-lines" aria-label="Lines">
            <tbody>
              {page.lines.map((l, i) => (
                <tr
                  key={`${l.n}-${i}`}
                  ref={isPicked(l) ? selectedRow : undefined}
                  aria-selected={isPicked(l)}
                  onClick={() => setPicked({ line: l.n, record: l.record })}
                >
                  <th scope="row" className="viewer-line-number">
                    {l.n}
                  </th>
                  <td>
                    <MarkedText text={l.text} marks={l.marks} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination
            label="Lines"
            noun="Lines"
            offset={offset}
            shown={page.lines.length}
            total={page.total}
            pageSize={ROWS}
            onOffset={toOffset}
          />
        </>
      )}
    </div>
  );
}
