import type { ControlTest, SignOff, SignOffRole, TestSummary } from '../../api';
import { localDateTime } from '../../lib/format';
import { reviewerRule } from '../../lib/review';

function Signed({ role, s }: { role: string; s: SignOff }) {
  return (
    <span className="signed">
      <span aria-hidden="true">✓ </span>
      {role} signed off by <strong>{s.actor}</strong>, {localDateTime(s.at)}
    </span>
  );
}

/**
 * Preparer, then reviewer: each named and timestamped; any edit clears
 * both. The reviewer is someone other than the preparer (actor is who is
 * at the keyboard).
 */
export function SignOffs({
  test,
  summary,
  busy,
  actor,
  onSign,
}: {
  test: ControlTest;
  summary: TestSummary;
  busy: boolean;
  actor: string | undefined;
  onSign: (role: SignOffRole) => void;
}) {
  const ready = summary.complete && test.procedure.trim() !== '';
  const ownWork = actor !== undefined && test.preparer?.actor === actor;
  return (
    <section className="sign-offs" aria-label="Sign-offs">
      <div>
        {test.preparer ? (
          <Signed role="Preparer" s={test.preparer} />
        ) : (
          <>
            <button type="button" className="primary small" disabled={busy || !ready} onClick={() => onSign('preparer')}>
              Sign off as preparer
            </button>{' '}
            <span className="muted small">
              {!summary.complete
                ? `Record every cell first: ${summary.pending} of ${summary.cells} to go.`
                : !test.procedure.trim()
                  ? 'Write the procedure first.'
                  : 'Not signed off yet.'}
            </span>
          </>
        )}
      </div>
      <div>
        {test.reviewer ? (
          <Signed role="Reviewer" s={test.reviewer} />
        ) : (
          <>
            <button type="button" className="small" disabled={busy || !test.preparer || ownWork} onClick={() => onSign('reviewer')}>
              Sign off as reviewer
            </button>{' '}
            <span className="muted small">
              {!test.preparer
                ? 'The reviewer signs after the preparer.'
                : ownWork
                  ? reviewerRule(test.preparer.actor, 'test')
                  : 'Not reviewed yet.'}
            </span>
          </>
        )}
      </div>
    </section>
  );
}
