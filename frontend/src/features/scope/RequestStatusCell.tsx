import { useState, type FormEvent } from 'react';
import { nextStatuses, type PbcRequest, type RequestStatus } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { statusLabels } from './labels';
import { useSetRequestStatus } from './useScope';

/**
 * A request's status, changed in place: choose the next status, add a
 * comment (a flag needs one), save.
 */
export function RequestStatusCell({ engagementId, request }: { engagementId: string; request: PbcRequest }) {
  const [to, setTo] = useState<RequestStatus | ''>('');
  const [comment, setComment] = useState('');
  const set = useSetRequestStatus(engagementId);
  const moves = nextStatuses[request.status] ?? [];
  const needsComment = to === 'flagged';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to || (needsComment && !comment.trim())) return;
    set.mutate(
      { id: request.id, status: to, comment },
      {
        onSuccess: () => {
          setTo('');
          setComment('');
        },
      },
    );
  };

  // Keys typed here belong to the form, not to the table's row navigation.
  return (
    <form className="status-cell" onSubmit={submit} onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <span className={`status status-${request.status}`}>{statusLabels[request.status]}</span>
      {moves.length > 0 ? (
        <select
          aria-label={`Change status of ${request.id}`}
          value={to}
          onChange={(e) => setTo(e.target.value as RequestStatus | '')}
        >
          <option value="">Change…</option>
          {moves.map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
        </select>
      ) : null}
      {to ? (
        <>
          <input
            aria-label={`Comment for ${request.id}`}
            placeholder={needsComment ? 'What is wrong (required)' : 'Comment (optional)'}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            required={needsComment}
          />
          <button type="submit" className="small" disabled={set.isPending || (needsComment && !comment.trim())}>
            Save
          </button>
        </>
      ) : null}
      {set.isError ? <ErrorMessage title={`Could not change ${request.id}.`} error={set.error} /> : null}
    </form>
  );
}
