import type { TestOutcome, TestResult } from '../../api';
import { pct } from './labels';

/** The verdict on one sample, in words and an icon, never colour alone. */
export function Verdict({ result }: { result: TestResult }) {
  if (result.evaluation.supports_reliance === null) return <span className="muted">No tolerable rate</span>;
  return result.exceeds ? (
    <span className="verdict exceeds">
      <span aria-hidden="true">⚠ </span>Exceeds the tolerable rate
    </span>
  ) : (
    <span className="verdict within">
      <span aria-hidden="true">✓ </span>Within the tolerable rate
    </span>
  );
}

/**
 * Each test's sample read at its rates: the deviation rate and the upper
 * deviation limit against the tolerable rate.
 */
export function TestRates({ results, outcomes }: { results: TestResult[]; outcomes: TestOutcome[] }) {
  if (results.length === 0) return null;
  return (
    <table className="data-table compact wrap rates" aria-label="Tests and their rates">
      <thead>
        <tr>
          <th scope="col">Test</th>
          <th scope="col">Deviations</th>
          <th scope="col">Deviation rate</th>
          <th scope="col">Upper deviation limit</th>
          <th scope="col">Tolerable rate</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r) => {
          const o = outcomes.find((x) => x.test_id === r.test_id);
          const ev = r.evaluation;
          return (
            <tr key={r.test_id}>
              <td title={r.test_id}>{o?.title || r.test_id}</td>
              <td>
                {r.deviations} of {r.sample_size}
              </td>
              <td>{pct(ev.sample_deviation_rate)}</td>
              <td>
                {pct(ev.upper_deviation_limit)} at {o?.confidence ?? pct(ev.confidence)}
              </td>
              <td>
                {ev.tolerable_rate === null ? '—' : pct(ev.tolerable_rate)}
                {o?.defaulted ? <span className="muted"> (default)</span> : null}
              </td>
              <td>
                <Verdict result={r} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
