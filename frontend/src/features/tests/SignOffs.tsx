import type { ControlTest, SignOff, SignOffRole, TestSummary } from '../../api';
import { localDateTime } from '../../lib/format';

function Signed({ role, s }: { role: string; s: SignOff }) {
  return (
    <span className="signed">
      <span aria-hidden="true">✓ </span>
      {role} signed off by <strong>{s.actor}</strong>, {localDateTime(s.at)}
    </span>
  );
}

/** Preparer, then reviewer: each named and timestamped; any edit clears both. */
export function SignOffs({
  test,
  summary,
  busy,
  onSign,
}: {
  test: ControlTest;
  summary: TestSummary;
  busy: boolean;
  onSign: (role: SignOffRole) => void;
}) {
  const ready = summary.complete && test.procedure.trim() !== '';
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
            <button type="button" className="small" disabled={busy || !test.preparer} onClick={() => onSign('reviewer')}>
              Sign off as reviewer
            </button>{' '}
            <span className="muted small">{test.preparer ? 'Not reviewed yet.' : 'The reviewer signs after the preparer.'}</span>
          </>
        )}
      </div>
    </section>
  );
}
