import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Loading, QueryError } from '../../components/ErrorMessage';
import { paths, replaceHash, viewAt } from '../../lib/router';
import { EmailView } from './EmailView';
import { ImageView } from './ImageView';
import type { Place } from './navigation';
import { PdfView } from './PdfView';
import { SheetView } from './SheetView';
import { TextView } from './TextView';
import { useViewerDocument } from './useViewer';
import './viewer.css';
import { visibleName } from '../../lib/format';

/** Where the reviewer is in a file: what a pin records. */
export interface ViewerLocation extends Place {
  evidenceId: string;
  name: string;
}

/**
 * One evidence file, opened from a search hit (on the hit's page, row or
 * line, the query's matches marked) or from the evidence table. The place
 * is kept in the address, so a reload or the back button returns to it.
 * actions renders the toolbar's actions for the current place, such as
 * pinning it to a control.
 */
export function ViewerPage({
  engagementId,
  evidenceId,
  actions,
}: {
  engagementId: string;
  evidenceId: string;
  actions?: (at: ViewerLocation) => ReactNode;
}) {
  // The place asked for when the file was opened; the views keep their own after.
  const at = useMemo(() => viewAt(window.location.hash), [evidenceId]);
  const query = at.q ?? '';
  const doc = useViewerDocument(engagementId, evidenceId);
  const [place, setPlace] = useState<Place>({});

  const onPlace = useCallback(
    (p: Place) => {
      setPlace(p);
      replaceHash(paths.view(engagementId, evidenceId, { q: query || undefined, ...p }));
    },
    [engagementId, evidenceId, query],
  );

  const back = query ? (
    <a href={paths.search(engagementId, query)}>← Back to the search</a>
  ) : (
    <a href={paths.engagement(engagementId, 'evidence')}>← Evidence</a>
  );

  let body;
  if (doc.isPending) {
    body = <Loading>Opening the file…</Loading>;
  } else if (doc.isError) {
    body = (
      <QueryError title="Could not open this evidence file." query={doc} />
    );
  } else if (doc.data.problem) {
    body = (
      <div className="empty-state" role="note">
        <p>{doc.data.problem}</p>
      </div>
    );
  } else {
    const props = { engagementId, doc: doc.data, query, at, onPlace };
    switch (doc.data.kind) {
      case 'pdf':
        body = <PdfView {...props} />;
        break;
      case 'sheet':
        body = <SheetView {...props} />;
        break;
      case 'text':
        body = <TextView {...props} />;
        break;
      case 'email':
        body = <EmailView {...props} />;
        break;
      case 'image':
        body = <ImageView engagementId={engagementId} doc={doc.data} />;
        break;
      default:
        body = (
          <div className="empty-state" role="note">
            <p>Audit Room cannot show this type of file. Its hash and provenance are in the evidence details.</p>
          </div>
        );
    }
  }

  const ev = doc.data?.evidence;
  return (
    <section className="viewer" aria-labelledby="viewer-heading">
      <div className="viewer-toolbar">
        <div className="viewer-title">
          {back}
          <h2 id="viewer-heading" className="break">
            {ev ? visibleName(ev.name) : 'Evidence file'}
          </h2>
          {ev ? (
            <span className="muted break">
              {ev.pack} · {ev.path} · {ev.type}
              {ev.parent ? (
                <>
                  {' · '}
                  <a href={paths.view(engagementId, ev.parent, { q: query || undefined })}>attached to an e-mail</a>
                </>
              ) : null}
            </span>
          ) : null}
        </div>
        <div className="viewer-actions">{ev && actions ? actions({ evidenceId: ev.id, name: ev.name, ...place }) : null}</div>
      </div>
      {body}
    </section>
  );
}
