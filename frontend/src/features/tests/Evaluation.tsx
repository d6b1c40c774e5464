import type { ControlTest, TestSummary } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { percent, percent1 } from './labels';
import { useEvaluation } from './useTests';

/**
 * What the deviations say about the population: the sample's deviation
 * rate and the upper deviation limit at the test's confidence, against its
 * tolerable rate (docs/methodology.md).
 */
export function Evaluation({ test, summary }: { test: ControlTest; summary: TestSummary }) {
  const confidence = test.confidence ?? '';
  const tolerable = test.tolerable ?? '';
  const ev = useEvaluation(summary.sample_size, summary.deviations, confidence, tolerable);

  if (summary.sample_size === 0) return null;
  if (!confidence)
    return (
      <p className="muted small evaluation">
        No confidence or tolerable rate set: edit the test to have the sample evaluated.
      </p>
    );
  if (ev.isPending) return <Loading>Evaluating the sample…</Loading>;
  if (ev.isError) return <ErrorMessage title="Could not evaluate the sample." error={ev.error} />;
  const e = ev.data;
  const supports = e.supports_reliance;
  return (
    <section className="evaluation" aria-label="Evaluation">
      <dl className="facts">
        <dt>Deviation rate</dt>
        <dd>
          {percent(e.sample_deviation_rate)} ({e.deviations} of {e.sample_size})
        </dd>
        <dt>Upper deviation limit</dt>
        <dd>
          {percent1(e.upper_deviation_limit)} at {confidence} confidence
        </dd>
        {supports !== null ? (
          <>
            <dt>Tolerable rate</dt>
            <dd className={supports ? 'check-ok' : 'check-bad'}>
              {tolerable}: <span aria-hidden="true">{supports ? '✓ ' : '⚠ '}</span>
              {supports ? 'supports the planned reliance' : 'does not support the planned reliance'}
              {e.size_needed !== null && e.size_needed > e.sample_size
                ? `; it would with ${e.size_needed} items (${e.size_needed - e.sample_size} more) and no further deviations`
                : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {summary.pending > 0 ? (
        <p className="muted small">Testing is incomplete: this reads the deviations recorded so far.</p>
      ) : null}
      <details>
        <summary>How this is worked out</summary>
        <pre className="explanation">{e.text}</pre>
      </details>
    </section>
  );
}
