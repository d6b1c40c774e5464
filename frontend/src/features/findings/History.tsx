import type { Finding } from '../../api';
import { localDateTime, shortHash } from '../../lib/format';

/** Every step of the finding's workflow, named, timestamped and with the version at that step. */
export function History({ finding }: { finding: Finding }) {
  return (
    <ol className="history" aria-label="History">
      {finding.history.map((s, i) => (
        <li key={i}>
          <strong>{s.action}</strong> by {s.actor}, {localDateTime(s.at)}
          {s.version ? (
            <span className="muted">
              {' '}
              · version <code title={s.version}>{shortHash(s.version)}</code>
            </span>
          ) : null}
          {s.comment ? <p className="pre-wrap">{s.comment}</p> : null}
        </li>
      ))}
    </ol>
  );
}
