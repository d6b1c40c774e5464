import { useState } from 'react';
import {
  classifications,
  likelihoods,
  magnitudes,
  opinions,
  type Control,
  type ExceptionRegister,
  type FindingRow,
  type Kind,
} from '../../api';
import { ClassificationBadge } from './badges';
import { CompensatingControls } from './Compensating';
import { blankEvaluation, deficiencyInput, missing, parseList, type EvaluationDraft } from './draft';
import { classificationLabels, kindLabels, likelihoodLabels, magnitudeLabels, opinionLabels } from './labels';
import { Proposal } from './Proposal';
import { TestRates } from './TestRates';
import { useEvaluation } from './useFindings';

function Radios<T extends string>({
  legend,
  name,
  options,
  labels,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T | '';
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="field radios">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o} className="inline">
          <input type="radio" name={name} value={o} checked={value === o} onChange={() => onChange(o)} />
          {labels[o]}
        </label>
      ))}
    </fieldset>
  );
}

/** What the tests of the evaluated control found: shown beside the evaluation, not fed into it. */
function TestsFound({ control, register }: { control: string; register: ExceptionRegister | undefined }) {
  if (!register || !control) return null;
  const group = register.controls.find((g) => g.control_id === control);
  const outcomes = register.tests.filter((t) => t.control_id === control);
  return (
    <section className="tests-found" aria-label={`What the tests of ${control} found`}>
      <h4>What the tests of {control} found</h4>
      {outcomes.length === 0 ? (
        <p className="muted">No test of {control} has a sample: a design gap is judged without sampling.</p>
      ) : (
        <>
          <ul className="test-results">
            {outcomes.map((o) => (
              <li key={o.test_id}>
                <span title={o.test_id}>{o.title || o.test_id}</span>: {o.conclusion}
              </li>
            ))}
          </ul>
          <TestRates results={outcomes.map((o) => o.result)} outcomes={register.tests} />
        </>
      )}
      {group && group.exceptions.length > 0 ? (
        <p className="muted">
          {group.exceptions.length} exception {group.exceptions.length === 1 ? 'cell' : 'cells'} in the register.
        </p>
      ) : null}
    </section>
  );
}

/**
 * The guided evaluation of a deficiency: kind, likelihood, magnitude,
 * pervasiveness, compensating controls and the other deficiencies on the
 * same criteria, the proposal they lead to, and the auditor's override.
 */
export function EvaluationForm({
  engagementId,
  findingId,
  value,
  onChange,
  controls,
  register,
  others,
}: {
  engagementId: string;
  findingId: string;
  value: EvaluationDraft | null;
  onChange: (v: EvaluationDraft | null) => void;
  controls: Control[];
  register: ExceptionRegister | undefined;
  others: FindingRow[];
}) {
  const [start, setStart] = useState('');
  const [extra, setExtra] = useState('');
  const input = value ? deficiencyInput(value, findingId) : null;
  const evaluation = useEvaluation(engagementId, input);

  if (!value) {
    const criteriaOf = (id: string) => controls.find((c) => c.id === id)?.criteria ?? [];
    return (
      <div className="evaluation">
        <p className="muted">Not evaluated yet. Choose the deficient control: one with exceptions, or a design gap found without sampling.</p>
        <div className="actions">
          <select aria-label="Deficient control" value={start} onChange={(e) => setStart(e.target.value)}>
            <option value="">Choose a control…</option>
            {controls.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id} {c.title}
              </option>
            ))}
          </select>
          <button type="button" disabled={!start} onClick={() => onChange(blankEvaluation(start, criteriaOf(start)))}>
            Evaluate
          </button>
        </div>
      </div>
    );
  }

  const set = (patch: Partial<EvaluationDraft>) => onChange({ ...value, ...patch });
  const control = controls.find((c) => c.id === value.control);
  const offered = [...new Set([...(control?.criteria ?? []), ...value.criteria])];
  const related = others.filter((f) => f.id !== findingId && f.criteria.some((c) => value.criteria.includes(c)));
  const rationaleMissing = value.overrule && !value.rationale.trim();

  return (
    <div className="evaluation">
      <div className="evaluation-columns">
        <div>
          <h3>The deficiency</h3>
          <label className="field">
            <span>Deficient control</span>
            <select value={value.control} onChange={(e) => set({ control: e.target.value })}>
              {control ? null : <option value={value.control}>{value.control || 'Choose a control…'}</option>}
              {controls.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id} {c.title}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="field">
            <legend>Criteria it affects</legend>
            {offered.map((c) => (
              <label key={c} className="inline">
                <input
                  type="checkbox"
                  checked={value.criteria.includes(c)}
                  onChange={(e) =>
                    set({ criteria: e.target.checked ? [...value.criteria, c] : value.criteria.filter((x) => x !== c) })
                  }
                />
                {c}
              </label>
            ))}
            <div className="actions">
              <input aria-label="Other criteria" placeholder="Other criteria, e.g. CC7.2" value={extra} onChange={(e) => setExtra(e.target.value)} />
              <button
                type="button"
                disabled={!extra.trim()}
                onClick={() => {
                  set({ criteria: [...new Set([...value.criteria, ...parseList(extra.toUpperCase())])] });
                  setExtra('');
                }}
              >
                Add criteria
              </button>
            </div>
          </fieldset>
          <Radios<Kind>
            legend="Kind"
            name="kind"
            options={['design', 'operating']}
            labels={kindLabels}
            value={value.kind}
            onChange={(kind) => set({ kind })}
          />
          <Radios
            legend="Likelihood that a criterion is not met"
            name="likelihood"
            options={likelihoods}
            labels={likelihoodLabels}
            value={value.likelihood}
            onChange={(likelihood) => set({ likelihood })}
          />
          <Radios
            legend="Magnitude of that failure"
            name="magnitude"
            options={magnitudes}
            labels={magnitudeLabels}
            value={value.magnitude}
            onChange={(magnitude) => set({ magnitude })}
          />
          <label className="inline">
            <input type="checkbox" checked={value.pervasive} onChange={(e) => set({ pervasive: e.target.checked })} />
            Pervasive: not confined to these criteria (an entity-level or general IT control others rely on, management
            override)
          </label>
          <CompensatingControls
            control={value.control}
            value={value.compensating}
            onChange={(compensating) => set({ compensating })}
            controls={controls}
            outcomes={register?.tests ?? []}
          />
          <section aria-label="Other deficiencies on the same criteria">
            <h4>Other deficiencies on the same criteria</h4>
            {related.length === 0 ? (
              <p className="muted">None among the findings: it is evaluated on its own.</p>
            ) : (
              <ul>
                {related.map((f) => (
                  <li key={f.id}>
                    {f.id} {f.title} ({f.criteria.filter((c) => value.criteria.includes(c)).join(', ')}):{' '}
                    <ClassificationBadge classification={f.classification} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div>
          <TestsFound control={value.control} register={register} />
          <h3>Proposal</h3>
          <Proposal
            result={input ? evaluation.data : undefined}
            pending={evaluation.isFetching}
            error={evaluation.isError ? evaluation.error : null}
            missing={missing(value)}
          />
          <fieldset className="field override">
            <legend>Override</legend>
            <label className="inline">
              <input type="checkbox" checked={value.overrule} onChange={(e) => set({ overrule: e.target.checked })} />
              Overrule the proposal
            </label>
            {value.overrule ? (
              <>
                <label className="field">
                  <span>Classification</span>
                  <select value={value.classification} onChange={(e) => set({ classification: e.target.value as EvaluationDraft['classification'] })}>
                    <option value="">Choose…</option>
                    {classifications.map((c) => (
                      <option key={c} value={c}>
                        {classificationLabels[c]}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>Likely opinion</span>
                  <select value={value.opinion} onChange={(e) => set({ opinion: e.target.value as EvaluationDraft['opinion'] })}>
                    <option value="">As the classification implies</option>
                    {opinions.map((o) => (
                      <option key={o} value={o}>
                        {opinionLabels[o]}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>Rationale (required)</span>
                  <textarea
                    rows={4}
                    value={value.rationale}
                    aria-invalid={rationaleMissing}
                    onChange={(e) => set({ rationale: e.target.value })}
                  />
                </label>
                {rationaleMissing ? <p className="form-error">Write why you overrule the proposal.</p> : null}
              </>
            ) : null}
          </fieldset>
          <button type="button" className="small" onClick={() => onChange(null)}>
            Remove the evaluation
          </button>
        </div>
      </div>
    </div>
  );
}
