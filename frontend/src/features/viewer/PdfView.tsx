import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isAppError } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { MarkedText } from '../../components/MarkedText';
import { HitNav } from './HitNav';
import { cssPerPoint, scaleFor, zoomStep, type ViewProps } from './navigation';
import { useHits, usePdfPage } from './useViewer';
import { useKeys } from './useKeys';

const pct = (v: number, of: number) => `${(v / of) * 100}%`;

/**
 * A PDF page as MuPDF draws it, the query's matches boxed on it, with page
 * navigation and zoom. Where the matches cannot be placed on the image
 * (invisible OCR text), the page's text is shown beside it, marked.
 */
export function PdfView({ engagementId, doc, query, at, onPlace }: ViewProps) {
  const pages = Math.max(doc.pages, 1);
  const clamp = (p: number) => Math.min(Math.max(Math.round(p) || 1, 1), pages);
  const [page, setPage] = useState(() => clamp(at.page ?? 1));
  const [typed, setTyped] = useState(String(page));
  const [zoom, setZoom] = useState(1);
  const [textChoice, setTextChoice] = useState<boolean | null>(null);
  const id = doc.evidence.id;
  const drawn = usePdfPage(engagementId, id, page, scaleFor(zoom, window.devicePixelRatio), query);
  const hits = useHits(engagementId, id, query, true);
  const firstBox = useRef<HTMLDivElement>(null);

  useEffect(() => {
    onPlace({ page });
    setTyped(String(page));
  }, [page, onPlace]);

  const go = (p: number) => setPage(clamp(p));
  useKeys({
    PageDown: () => go(page + 1),
    PageUp: () => go(page - 1),
    ArrowRight: () => go(page + 1),
    ArrowLeft: () => go(page - 1),
    Home: () => go(1),
    End: () => go(pages),
    '+': () => setZoom((z) => zoomStep(z, 1)),
    '-': () => setZoom((z) => zoomStep(z, -1)),
  });

  const data = drawn.data;
  // A drawing cancelled by a newer one is drawn again when its page comes back: not an error.
  const failed = drawn.isError && !isAppError(drawn.error, 'canceled');
  const current = data !== undefined && data.page === page && !drawn.isPlaceholderData;
  // Bring the first match into view once its page is drawn.
  useEffect(() => {
    if (current) firstBox.current?.scrollIntoView?.({ block: 'center', inline: 'nearest' });
  }, [current, data]);

  const onGo = (e: FormEvent) => {
    e.preventDefault();
    go(Number(typed));
  };
  const unplaced = current && query.trim() !== '' && data.highlights.length === 0 && data.text_marks.length > 0;
  const showText = textChoice ?? unplaced;
  const css = cssPerPoint(zoom);

  return (
    <div className="viewer-pdf">
      <div className="viewer-controls">
        <nav className="viewer-pages" aria-label="Pages">
          <button type="button" className="small" disabled={page <= 1} onClick={() => go(page - 1)} title="Page Up">
            Previous page
          </button>
          <form onSubmit={onGo} className="viewer-goto">
            <label>
              Go to page{' '}
              <input type="number" min={1} max={pages} value={typed} onChange={(e) => setTyped(e.target.value)} />
            </label>
          </form>
          <span className="viewer-page-indicator" role="status">
            Page {page} of {pages}
          </span>
          <button type="button" className="small" disabled={page >= pages} onClick={() => go(page + 1)} title="Page Down">
            Next page
          </button>
        </nav>
        <div className="viewer-zoom" role="group" aria-label="Zoom">
          <button type="button" className="small" aria-label="Zoom out" title="-" onClick={() => setZoom((z) => zoomStep(z, -1))}>
            −
          </button>
          <span>{Math.round(zoom * 100)}%</span>
          <button type="button" className="small" aria-label="Zoom in" title="+" onClick={() => setZoom((z) => zoomStep(z, 1))}>
            +
          </button>
        </div>
        <button type="button" className="small" aria-pressed={showText} onClick={() => setTextChoice(!showText)}>
          Page text
        </button>
        <HitNav query={query} hits={hits} at={{ page }} pages go={(h) => go(h.page ?? page)} />
      </div>
      {failed ? (
        <ErrorMessage title={`Could not show page ${page}.`} error={drawn.error} />
      ) : !data ? (
        <Loading>Drawing page {page}…</Loading>
      ) : (
        <div className="viewer-pdf-body" aria-busy={!current}>
          <div
            className="viewer-pdf-page"
            style={{ width: `${data.width * css}px`, height: `${data.height * css}px` }}
          >
            <img src={`data:image/png;base64,${data.png}`} alt={`Page ${data.page} of ${doc.evidence.name}`} />
            {data.highlights.map((h, i) => (
              <div
                key={i}
                ref={i === 0 ? firstBox : undefined}
                className="viewer-highlight"
                aria-hidden="true"
                style={{ left: pct(h.x, data.width), top: pct(h.y, data.height), width: pct(h.w, data.width), height: pct(h.h, data.height) }}
              />
            ))}
          </div>
          {showText ? (
            <aside className="viewer-page-text" aria-label="Page text">
              {unplaced ? (
                <p className="muted">
                  The matches could not be placed on the page image (the text may be an invisible OCR layer); they are
                  marked in the page’s text.
                </p>
              ) : null}
              {data.text.trim() === '' ? (
                <p className="muted">MuPDF found no text on this page.</p>
              ) : (
                <MarkedText as="pre" text={data.text} marks={data.text_marks} />
              )}
            </aside>
          ) : null}
        </div>
      )}
      {current && query.trim() !== '' ? (
        <p className="muted viewer-note" role="status">
          {data.highlights.length === 0
            ? 'No match marked on this page.'
            : `${data.highlights.length} ${data.highlights.length === 1 ? 'match' : 'matches'} marked on this page.`}
        </p>
      ) : null}
    </div>
  );
}
