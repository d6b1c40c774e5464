import { useState } from 'react';
import type { Finding } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { localDateTime } from '../../lib/format';
import { useActor } from '../session';
import { useMoveFinding } from './useFindings';
import { workflowActions, type WorkflowAction } from './workflow';

/**
 * The finding's way through review to issue: who prepared it and who
 * signed off, the steps open now, and why a step is not.
 */
export function Workflow({ engagementId, finding, dirty }: { engagementId: string; finding: Finding; dirty: boolean }) {
  const actor = useActor();
  const move = useMoveFinding(engagementId);
  const [asking, setAsking] = useState<WorkflowAction | null>(null);
  const [comment, setComment] = useState('');
  const actions = workflowActions(finding, actor, dirty);

  const take = (a: WorkflowAction, why = '') =>
    move.mutate(
      { id: finding.id, to: a.to, comment: why },
      {
        onSuccess: () => {
          setAsking(null);
          setComment('');
        },
      },
    );

  return (
    <section className="workflow" aria-label="Workflow">
      <p className="signoffs">
        {finding.preparer ? (
          <span>
            Prepared by <strong>{finding.preparer.actor}</strong>, {localDateTime(finding.preparer.at)}
          </span>
        ) : (
          <span className="muted">Not submitted for review yet</span>
        )}
        {' · '}
        {finding.reviewer ? (
          <span>
            <span aria-hidden="true">✓ </span>Signed off by <strong>{finding.reviewer.actor}</strong>, {localDateTime(finding.reviewer.at)}
          </span>
        ) : (
          <span className="muted">No reviewer sign-off</span>
        )}
        {finding.issued_at ? <span> · Issued {localDateTime(finding.issued_at)}</span> : null}
        {actor ? <span className="muted"> · You are {actor}</span> : null}
      </p>
      <div className="actions">
        {actions.map((a) => (
          <button
            key={a.kind}
            type="button"
            className={a.primary ? 'primary' : undefined}
            disabled={!!a.blocked || move.isPending}
            onClick={() => (a.needsComment ? setAsking(a) : take(a))}
          >
            {a.label}
          </button>
        ))}
      </div>
      {actions
        .filter((a) => a.blocked)
        .map((a) => (
          <p key={a.kind} className="blocked" role="note">
            <span aria-hidden="true">ⓘ </span>
            {a.label.replace(/…$/, '')}: {a.blocked}
          </p>
        ))}
      {asking ? (
        <form
          className="comment-form"
          aria-label={asking.label.replace(/…$/, '')}
          onSubmit={(e) => {
            e.preventDefault();
            take(asking, comment);
          }}
        >
          <label className="field">
            <span>Why (required)</span>
            <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={!comment.trim() || move.isPending}>
              {asking.label.replace(/…$/, '')}
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {move.isError ? <ErrorMessage title="The step was refused." error={move.error} /> : null}
    </section>
  );
}
