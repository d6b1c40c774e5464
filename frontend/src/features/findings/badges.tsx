import type { Classification, FindingStatus } from '../../api';
import { classificationText, statusLabels } from './labels';

const statusIcons: Record<FindingStatus, string> = {
  draft: '✎',
  in_review: '◔',
  issued: '➤',
  response_received: '↩',
  final: '■',
};

/** A finding's status as a word with an icon, and the "changed since issued" flag beside it. */
export function StatusBadge({ status, changed }: { status: FindingStatus; changed?: boolean }) {
  return (
    <span className="status-badge">
      <span className={`status status-${status}`}>
        <span aria-hidden="true">{statusIcons[status]} </span>
        {statusLabels[status]}
      </span>
      {changed ? (
        <span className="changed-flag" title="The finding differs from the version issued to management">
          <span aria-hidden="true"> ⚠ </span>changed since issued
        </span>
      ) : null}
    </span>
  );
}

/** A classification in words; the most severe ones are marked, never by colour alone. */
export function ClassificationBadge({ classification }: { classification: Classification | '' | undefined }) {
  return <span className={`classification cls-${classification || 'none'}`}>{classificationText(classification)}</span>;
}
