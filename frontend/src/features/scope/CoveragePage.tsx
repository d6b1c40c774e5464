import type { Coverage } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { statusLabels } from './labels';
import { useCoverage } from './useScope';

function Gaps({ cv }: { cv: Coverage }) {
  const g = cv.gaps;
  const none =
    g.criteria_without_control.length +
      g.controls_without_evidence.length +
      g.overdue_requests.length +
      g.flagged_requests.length +
      g.evidence_out_of_period.length ===
    0;
  if (none) {
    return (
      <p role="status">
        <span aria-hidden="true">✓ </span>No gaps: every criterion has a control, every control has evidence, no
        request is overdue or flagged, and all evidence is dated within the period.
      </p>
    );
  }
  return (
    <div className="cards">
      {g.criteria_without_control.length > 0 ? (
        <section className="card" aria-label="Criteria without a control">
          <h3>⚠ Criteria without a control ({g.criteria_without_control.length})</h3>
          <ul className="gap-list">
            {g.criteria_without_control.map((c) => (
              <li key={c.id}>
                <strong>{c.id}</strong> {c.title}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {g.controls_without_evidence.length > 0 ? (
        <section className="card" aria-label="Controls without evidence">
          <h3>⚠ Controls without evidence ({g.controls_without_evidence.length})</h3>
          <p>{g.controls_without_evidence.join(', ')}</p>
        </section>
      ) : null}
      {g.overdue_requests.length > 0 ? (
        <section className="card" aria-label="Overdue requests">
          <h3>⏰ Overdue requests ({g.overdue_requests.length})</h3>
          <ul className="gap-list">
            {g.overdue_requests.map((r) => (
              <li key={r.id}>
                <strong>{r.id}</strong> due {r.due}, {statusLabels[r.status]} — {r.description}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {g.flagged_requests.length > 0 ? (
        <section className="card" aria-label="Flagged requests">
          <h3>⚑ Flagged requests ({g.flagged_requests.length})</h3>
          <ul className="gap-list">
            {g.flagged_requests.map((r) => (
              <li key={r.id}>
                <strong>{r.id}</strong> {r.description}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {g.evidence_out_of_period.length > 0 ? (
        <section className="card" aria-label="Evidence dated outside the period">
          <h3>⚠ Evidence dated outside the period or undated ({g.evidence_out_of_period.length})</h3>
          <ul className="gap-list">
            {g.evidence_out_of_period.map((e) => (
              <li key={e.id}>
                <strong>{e.path}</strong> {e.as_of ?? 'unknown'} — {e.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** The readiness picture: criteria → controls → requests and evidence, and the gaps. */
export function CoveragePage({ engagementId }: { engagementId: string }) {
  const coverage = useCoverage(engagementId);
  if (coverage.isPending) return <Loading>Working out the coverage…</Loading>;
  if (coverage.isError) return <ErrorMessage title="Could not work out the coverage." error={coverage.error} />;
  const cv = coverage.data;
  const s = cv.summary;
  return (
    <div className="coverage">
      <div className="toolbar">
        <h2>Coverage</h2>
        <span className="muted">as of {cv.today}</span>
      </div>
      <dl className="facts">
        <dt>Criteria with a control</dt>
        <dd>
          {s.criteria_covered} of {s.criteria}
        </dd>
        <dt>Controls with evidence</dt>
        <dd>
          {s.controls_with_evidence} of {s.controls}
        </dd>
        <dt>Requests accepted</dt>
        <dd>
          {s.requests_accepted} of {s.requests} ({s.overdue} overdue, {s.flagged} flagged)
        </dd>
        <dt>Evidence dated outside the period</dt>
        <dd>
          {s.evidence_out_of_period} ({s.evidence_undated} undated)
        </dd>
      </dl>
      <h3>Gaps</h3>
      <Gaps cv={cv} />
      <h3 className="spaced">Criteria and their controls</h3>
      <table className="data-table" aria-label="Criteria and their controls">
        <thead>
          <tr>
            <th scope="col" style={{ width: 80 }}>Criterion</th>
            <th scope="col">Title</th>
            <th scope="col">Controls</th>
          </tr>
        </thead>
        <tbody>
          {cv.criteria.map((c) => (
            <tr key={c.id}>
              <td>{c.id}</td>
              <td>{c.title}</td>
              <td>{c.controls.length ? c.controls.join(', ') : '⚠ none'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cv.controls.length > 0 ? (
        <>
          <h3 className="spaced">Controls, requests and evidence</h3>
          <table className="data-table" aria-label="Controls, requests and evidence">
            <thead>
              <tr>
                <th scope="col" style={{ width: 90 }}>Control</th>
                <th scope="col">Title</th>
                <th scope="col">Criteria</th>
                <th scope="col">Requests</th>
                <th scope="col" style={{ width: 90 }}>Evidence</th>
                <th scope="col" style={{ width: 70 }}>Tests</th>
              </tr>
            </thead>
            <tbody>
              {cv.controls.map((c) => (
                <tr key={c.id}>
                  <td>{c.id}</td>
                  <td>{c.title}</td>
                  <td>{c.criteria.join(', ') || '—'}</td>
                  <td>{c.requests.join(', ') || '—'}</td>
                  <td>{c.evidence === 0 ? '⚠ 0' : c.evidence}</td>
                  <td>{c.tests}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
