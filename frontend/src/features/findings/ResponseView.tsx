import type { Finding, FindingDetail } from '../../api';
import { localDate, localDateTime } from '../../lib/format';
import { paths } from '../../lib/router';
import { ClassificationBadge } from './badges';
import { bytes, positionLabels } from './labels';

/** One labelled text of a finding or response, kept as text. */
export function Text({ label, children }: { label: string; children: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="pre-wrap">{children || <span className="muted">—</span>}</dd>
    </>
  );
}

/** What a finding says to management, condition to owner, as issued. */
export function IssuedTexts({ finding: f }: { finding: Finding }) {
  return (
    <>
      <Text label="Condition">{f.condition}</Text>
      <Text label="Criteria">{f.criteria.join(', ')}</Text>
      <Text label="Cause">{f.cause}</Text>
      <Text label="Effect">{f.effect}</Text>
      <Text label="Recommendation">{f.recommendation}</Text>
      <dt>Classification</dt>
      <dd>
        <ClassificationBadge classification={f.classification} />
      </dd>
      <Text label="Owner">{f.owner}</Text>
    </>
  );
}

/**
 * The finding beside management's response: what was issued, and the
 * answer, the corrective action and the files sent with it, with their
 * provenance.
 */
export function ResponseView({ engagementId, detail }: { engagementId: string; detail: FindingDetail }) {
  const f = detail.finding;
  const r = detail.response;
  return (
    <div className="side-by-side">
      <section aria-label="The finding">
        <h3>The finding</h3>
        {f.changed_since_issue ? (
          <p className="changed-flag" role="note">
            <span aria-hidden="true">⚠ </span>Changed since issued: management answered the version issued
            {f.issued_at ? ` on ${localDate(f.issued_at)}` : ''}. Reopen and issue it again to send this one.
          </p>
        ) : null}
        <dl className="texts">
          <Text label="Title">{f.title}</Text>
          <IssuedTexts finding={f} />
        </dl>
      </section>
      <section aria-label="Management's response">
        <h3>Management’s response</h3>
        {!r ? (
          <p className="muted">
            No response yet. Management answers in a response packet; import it from Findings → Packets.
          </p>
        ) : (
          <>
            {detail.stale ? (
              <p className="changed-flag" role="note">
                <span aria-hidden="true">⚠ </span>This response answers another version of the finding than the current one.
              </p>
            ) : null}
            <dl className="texts">
              <dt>Position</dt>
              <dd>
                <strong>{positionLabels[r.position]}</strong>
              </dd>
              <Text label="Response">{r.text}</Text>
              <Text label="Corrective action">{r.corrective_action}</Text>
              <Text label="Action owner">{r.owner}</Text>
              <Text label="Target date">{r.target_date}</Text>
              <Text label="Responder">{r.responder}</Text>
              <Text label="Responded">{localDateTime(r.responded_at)}</Text>
              {r.received_at ? (
                <Text label="Received">{`${localDateTime(r.received_at)} by ${r.received_by ?? ''} in packet ${r.packet_id ?? ''}`}</Text>
              ) : null}
              {r.confirmed ? (
                <Text label="Confirmed">{`Taken in despite a change by ${r.confirmed.by}, ${localDateTime(r.confirmed.at)}`}</Text>
              ) : null}
            </dl>
            <h4>Evidence sent with it</h4>
            {detail.evidence.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul className="response-evidence">
                {detail.evidence.map(({ evidence: ev, provenance }) => (
                  <li key={ev.id}>
                    <a href={paths.view(engagementId, ev.id)}>{ev.name}</a> <span className="muted">({bytes(ev.size)})</span>
                    <code className="hash"> SHA-256 {ev.sha256}</code>
                    <ul>
                      {provenance.map((p, i) => (
                        <li key={i}>
                          <strong>{p.source || 'PBC pack'}</strong> — {p.pack}, imported by {p.imported_by} {localDateTime(p.imported_at)}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
    </div>
  );
}
