import { useState } from 'react';
import type { Compensating, Control, TestOutcome } from '../../api';
import { testedEffective } from './draft';
import { Verdict } from './TestRates';

function Results({ outcomes }: { outcomes: TestOutcome[] }) {
  if (outcomes.length === 0) return <p className="muted">Not tested in this engagement.</p>;
  return (
    <ul className="test-results">
      {outcomes.map((o) => (
        <li key={o.test_id}>
          <span title={o.test_id}>{o.title || o.test_id}</span>: {o.conclusion} <Verdict result={o.result} />
          {o.reviewed ? <span className="muted"> · reviewed</span> : <span className="muted"> · not reviewed yet</span>}
        </li>
      ))}
    </ul>
  );
}

/**
 * Other controls offered as compensating, each with how its tests came
 * out; it counts only when tested and found effective, on the criteria it
 * addresses (those of the control matrix).
 */
export function CompensatingControls({
  control,
  value,
  onChange,
  controls,
  outcomes,
}: {
  control: string;
  value: Compensating[];
  onChange: (value: Compensating[]) => void;
  controls: Control[];
  outcomes: TestOutcome[];
}) {
  const [pick, setPick] = useState('');
  const choices = controls.filter((c) => c.id !== control && !value.some((v) => v.control === c.id));
  const of = (id: string) => outcomes.filter((o) => o.control_id === id);

  const add = () => {
    if (!pick) return;
    onChange([...value, { control: pick, criteria: [], effective: testedEffective(of(pick)) ?? false }]);
    setPick('');
  };

  return (
    <fieldset className="field compensating">
      <legend>Compensating controls</legend>
      {value.length === 0 ? <p className="muted">None offered.</p> : null}
      <ul>
        {value.map((v, i) => {
          const c = controls.find((x) => x.id === v.control);
          const addresses = v.criteria.length ? v.criteria : (c?.criteria ?? []);
          return (
            <li key={v.control} className="compensating-row" aria-label={`Compensating control ${v.control}`}>
              <div className="toolbar">
                <strong>
                  {v.control}
                  {c?.title ? <span className="muted"> · {c.title}</span> : null}
                </strong>
                <button type="button" className="small" onClick={() => onChange(value.filter((_, j) => j !== i))}>
                  Remove
                </button>
              </div>
              <p className="muted">Addresses {addresses.length ? addresses.join(', ') : 'no criteria in the matrix'}.</p>
              <Results outcomes={of(v.control)} />
              <label className="inline">
                <input
                  type="checkbox"
                  checked={v.effective}
                  onChange={(e) => onChange(value.map((x, j) => (j === i ? { ...x, effective: e.target.checked } : x)))}
                />
                Tested and found effective, precisely enough to catch the failure
              </label>
            </li>
          );
        })}
      </ul>
      <div className="actions">
        <select aria-label="Add a compensating control" value={pick} onChange={(e) => setPick(e.target.value)}>
          <option value="">Choose a control…</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.id} {c.title}
            </option>
          ))}
        </select>
        <button type="button" onClick={add} disabled={!pick}>
          Add control
        </button>
      </div>
    </fieldset>
  );
}
