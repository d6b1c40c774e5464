import type { Evidence, EvidenceStatus } from '../../api';
import { statusIcons, statusLabels } from './format';

/** Status as a word and an icon; a reason, when there is one, in the tooltip. */
export function EvidenceStatusBadge({ evidence }: { evidence: Pick<Evidence, 'status' | 'reason'> }) {
  const status = evidence.status as EvidenceStatus;
  const label = statusLabels[status] ?? evidence.status;
  const icon = statusIcons[status] ?? '?';
  return (
    <span className={`evidence-status status-${evidence.status}`} title={evidence.reason || undefined}>
      <span aria-hidden="true">{icon} </span>
      {label}
    </span>
  );
}
