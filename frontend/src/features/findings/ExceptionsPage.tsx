import { useState } from 'react';
import type { ControlGroup, ExceptionRegister } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Loading, QueryError } from '../../components/ErrorMessage';
import { paths } from '../../lib/router';
import { EvidenceLinks } from './EvidenceLinks';
import { TestRates } from './TestRates';
import { useRegister } from './useFindings';

type Grouping = 'control' | 'criterion';

function ControlSection({ engagementId, group, register }: { engagementId: string; group: ControlGroup; register: ExceptionRegister }) {
  const title = (testId: string) => register.tests.find((t) => t.test_id === testId)?.title || testId;
  return (
    <section className="register-group" aria-label={`Control ${group.control_id}`}>
      <div className="toolbar">
        <h3>
          {group.control_id}
          <span className="muted"> · {group.criteria.length ? group.criteria.join(', ') : 'no criteria mapped'}</span>
        </h3>
        <a className="button" href={paths.newFinding(engagementId, { control: group.control_id })}>
          Evaluate {group.control_id}…
        </a>
      </div>
      <TestRates results={group.tests} outcomes={register.tests} />
      {group.exceptions.length === 0 ? (
        <p className="muted">No exception cells: listed because a sample exceeds its tolerable rate.</p>
      ) : (
        <table className="data-table compact wrap" aria-label={`Exceptions of ${group.control_id}`}>
          <thead>
            <tr>
              <th scope="col" style={{ width: '16%' }}>Test</th>
              <th scope="col" style={{ width: '12%' }}>Sample item</th>
              <th scope="col" style={{ width: '22%' }}>Attribute</th>
              <th scope="col">Note</th>
              <th scope="col" style={{ width: '24%' }}>Pinned evidence</th>
            </tr>
          </thead>
          <tbody>
            {group.exceptions.map((x) => (
              <tr key={`${x.test_id}/${x.item}/${x.attribute}`}>
                <td>
                  {title(x.test_id)}
                  <br />
                  <span className="muted small">{x.test_id}</span>
                </td>
                <td>
                  {x.item}
                  {x.item_key ? <span className="muted"> · {x.item_key}</span> : null}
                </td>
                <td>
                  {x.attribute}: {x.attribute_text}
                </td>
                <td className="pre-wrap">{x.note || <span className="muted">No note</span>}</td>
                <td>
                  <EvidenceLinks engagementId={engagementId} refs={x.evidence} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ByCriterion({ register }: { register: ExceptionRegister }) {
  const title = (testId: string) => register.tests.find((t) => t.test_id === testId)?.title || testId;
  return (
    <table className="data-table compact wrap" aria-label="Exceptions by criterion">
      <thead>
        <tr>
          <th scope="col" style={{ width: '12%' }}>Criterion</th>
          <th scope="col">Controls with exceptions</th>
          <th scope="col" style={{ width: '12%' }}>Exceptions</th>
          <th scope="col">Tests over their tolerable rate</th>
        </tr>
      </thead>
      <tbody>
        {register.criteria.map((c) => (
          <tr key={c.criterion}>
            <td>{c.criterion}</td>
            <td>{c.controls.join(', ')}</td>
            <td>{c.exceptions}</td>
            <td>{c.exceeding.length ? c.exceeding.map(title).join(', ') : <span className="muted">None</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The exceptions register: every exception of every test with its sample
 * item, attribute, note and pinned evidence, by control or by criterion,
 * beside each test's deviation rate and upper deviation limit.
 */
export function ExceptionsPage({ engagementId }: { engagementId: string }) {
  const [grouping, setGrouping] = useState<Grouping>('control');
  const register = useRegister(engagementId);
  const r = register.data;

  let body;
  if (register.isPending) body = <Loading>Reading the tests for exceptions…</Loading>;
  else if (register.isError)
    body = (
      <QueryError title="Could not build the exceptions register." query={register} />
    );
  else if (r!.controls.length === 0)
    body = (
      <EmptyState action={<a href={paths.newFinding(engagementId)}>Evaluate a control without sampling…</a>}>
        No exceptions recorded. An exception marked in a test's grid appears here with its sample item, note and
        evidence. A design gap found without sampling is evaluated from its control.
      </EmptyState>
    );
  else
    body =
      grouping === 'control' ? (
        r!.controls.map((g) => <ControlSection key={g.control_id} engagementId={engagementId} group={g} register={r!} />)
      ) : (
        <ByCriterion register={r!} />
      );

  return (
    <div className="findings-page">
      <div className="toolbar">
        <h2>Exceptions</h2>
        <div className="actions" role="group" aria-label="Group the register">
          <button type="button" aria-pressed={grouping === 'control'} onClick={() => setGrouping('control')}>
            By control
          </button>
          <button type="button" aria-pressed={grouping === 'criterion'} onClick={() => setGrouping('criterion')}>
            By criterion
          </button>
        </div>
      </div>
      {r && r.controls.length > 0 ? (
        <p className="muted">
          {r.exceptions} {r.exceptions === 1 ? 'exception' : 'exceptions'} in {r.controls.length}{' '}
          {r.controls.length === 1 ? 'control' : 'controls'}. A test that sets no rates of its own is read at{' '}
          {r.default_confidence} confidence against a {r.default_tolerable} tolerable rate.
        </p>
      ) : null}
      {body}
    </div>
  );
}
