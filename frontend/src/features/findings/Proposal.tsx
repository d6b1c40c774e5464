import type { EvaluationResult } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { ClassificationBadge } from './badges';
import { andList, classificationLabels, opinionLabels } from './labels';

/** What the evaluation proposes, and the walk from the inputs to it, one sentence a step. */
export function Proposal({
  result,
  pending,
  error,
  missing,
}: {
  result: EvaluationResult | undefined;
  pending: boolean;
  error: unknown;
  missing: string[];
}) {
  if (missing.length > 0)
    return <p className="muted">Give {andList(missing)} to see the proposed classification.</p>;
  if (error) return <ErrorMessage title="Could not evaluate the deficiency." error={error} />;
  if (!result) return pending ? <Loading>Evaluating…</Loading> : null;
  return (
    <section className="proposal" aria-label="Proposed classification">
      <dl className="facts">
        <dt>Proposed</dt>
        <dd>
          <strong>
            <ClassificationBadge classification={result.classification} />
          </strong>
        </dd>
        <dt>On its own</dt>
        <dd>{classificationLabels[result.alone]}</dd>
        <dt>Likely opinion</dt>
        <dd>{opinionLabels[result.opinion]}</dd>
        <dt>Part of the opinion affected</dt>
        <dd>{result.affects}</dd>
        <dt>Criteria not met</dt>
        <dd>{result.criteria_not_met.length ? result.criteria_not_met.join(', ') : 'None'}</dd>
      </dl>
      {result.criteria.length > 0 ? (
        <table className="data-table compact" aria-label="By criterion">
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Alone</th>
              <th scope="col">With the others</th>
              <th scope="col">Together with</th>
              <th scope="col">Met</th>
            </tr>
          </thead>
          <tbody>
            {result.criteria.map((c) => (
              <tr key={c.criterion}>
                <td>{c.criterion}</td>
                <td>{classificationLabels[c.alone]}</td>
                <td>{classificationLabels[c.combined]}</td>
                <td>{c.with.length ? c.with.join(', ') : '—'}</td>
                <td>{c.met ? 'Yes' : <strong>No</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h4>Why</h4>
      <ol className="explanation">
        {result.explanation.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </section>
  );
}
