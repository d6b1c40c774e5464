import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { paths } from '../../lib/router';
import type { ViewProps } from './navigation';
import { TextView } from './TextView';
import { useEmail } from './useViewer';
import { visibleName } from '../../lib/format';

/** An e-mail: its headers, the attachments imported from it (each opens in the viewer), and its body. */
export function EmailView({ engagementId, doc, query, at, onPlace }: ViewProps) {
  const email = useEmail(engagementId, doc.evidence.id);
  return (
    <div className="viewer-email">
      {email.isError ? (
        <ErrorMessage title="Could not read the e-mail’s headers." error={email.error} />
      ) : !email.data ? (
        <Loading>Reading the e-mail…</Loading>
      ) : (
        <>
          <dl className="facts viewer-email-headers" aria-label="Headers">
            {email.data.headers.map((h) => (
              <div key={h.name} className="meta-row">
                <dt>{h.name}</dt>
                <dd className="break">{h.value}</dd>
              </div>
            ))}
          </dl>
          <h3>Attachments</h3>
          {email.data.attachments.length === 0 ? (
            <p className="muted">No attachments were imported from this e-mail.</p>
          ) : (
            <ul className="viewer-attachments" aria-label="Attachments">
              {email.data.attachments.map((a) => (
                <li key={a.id}>
                  <a href={paths.view(engagementId, a.id, { q: query || undefined })}>{visibleName(a.name)}</a>{' '}
                  <span className="muted">{a.type}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h3>Body</h3>
      {doc.lines === 0 ? (
        <p className="muted">This e-mail has no text body.</p>
      ) : (
        <TextView engagementId={engagementId} doc={doc} query={query} at={at} onPlace={onPlace} />
      )}
    </div>
  );
}
