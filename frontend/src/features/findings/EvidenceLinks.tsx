import type { EvidenceRef } from '../../api';
import { paths } from '../../lib/router';
import { locatorText } from './labels';

/**
 * Evidence references as links that open the viewer at the place named.
 * Without an engagement to open them in (the responder's copy, which holds
 * the references but not the files) they are listed with their hashes.
 */
export function EvidenceLinks({
  engagementId,
  refs,
  onRemove,
}: {
  engagementId?: string;
  refs: EvidenceRef[];
  onRemove?: (i: number) => void;
}) {
  if (refs.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="evidence-links">
      {refs.map((r, i) => {
        const where = locatorText(r);
        const label = r.name || r.evidence_id;
        return (
          <li key={`${r.evidence_id}/${where}/${i}`}>
            {engagementId ? (
              <a
                href={paths.view(engagementId, r.evidence_id, { page: r.page, sheet: r.sheet, row: r.row, line: r.line, record: r.record })}
                title={r.sha256 ? `SHA-256 ${r.sha256}` : undefined}
              >
                {label}
              </a>
            ) : (
              <span title={r.sha256 ? `SHA-256 ${r.sha256}` : undefined}>{label}</span>
            )}
            {where ? <span className="muted"> ({where})</span> : null}
            {!engagementId && r.sha256 ? <code className="hash"> SHA-256 {r.sha256}</code> : null}
            {onRemove ? (
              <button type="button" className="small link-button" aria-label={`Remove ${label}${where ? ` (${where})` : ''}`} onClick={() => onRemove(i)}>
                Remove
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
