import { useState, type FormEvent } from 'react';
import type { AttributeInput, ControlTest, TestInput, TestView } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { MethodLabel } from '../populations/methods';
import { useControlChoices, useSampleChoices, useSaveTest } from './useTests';

const letter = (i: number) => String.fromCharCode(65 + i);

/** The form's starting values: the test's, or a new test's. */
export function initialInput(test: ControlTest | null): TestInput {
  if (test)
    return {
      control: test.control,
      title: test.title ?? '',
      procedure: test.procedure,
      attributes: test.attributes.map((a) => ({ description: a.description, exception: a.exception ?? '' })),
      sample_id: test.sample_id ?? '',
      confidence: test.confidence ?? '',
      tolerable: test.tolerable ?? '',
    };
  return {
    control: '',
    title: '',
    procedure: '',
    attributes: [{ description: '', exception: '' }],
    sample_id: '',
    confidence: '',
    tolerable: '',
  };
}

function AttributesEditor({ value, onChange }: { value: AttributeInput[]; onChange: (a: AttributeInput[]) => void }) {
  const set = (i: number, patch: Partial<AttributeInput>) => onChange(value.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  return (
    <fieldset className="attributes">
      <legend>Attributes</legend>
      <p className="muted small">
        What is checked on every sample item. The exception wording completes the conclusion: “2 of 25 samples
        <em> lacked documented approval</em>”.
      </p>
      {value.map((a, i) => (
        <div className="attribute" key={i}>
          <span className="attr-letter">{letter(i)}</span>
          <input
            aria-label={`Attribute ${letter(i)}`}
            placeholder="e.g. Approved before deployment"
            value={a.description}
            onChange={(e) => set(i, { description: e.target.value })}
          />
          <input
            aria-label={`Attribute ${letter(i)} exception wording`}
            placeholder="e.g. lacked documented approval"
            value={a.exception ?? ''}
            onChange={(e) => set(i, { exception: e.target.value })}
          />
          <button
            type="button"
            className="small"
            aria-label={`Remove attribute ${letter(i)}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        disabled={value.length >= 26}
        onClick={() => onChange([...value, { description: '', exception: '' }])}
      >
        Add attribute
      </button>
    </fieldset>
  );
}

/** Creates a test of a control, or edits one; shown beside the list or the grid. */
export function TestForm({
  engagementId,
  test,
  onDone,
  onCancel,
}: {
  engagementId: string;
  test: ControlTest | null;
  onDone: (v: TestView) => void;
  onCancel: () => void;
}) {
  const [input, setInput] = useState<TestInput>(() => initialInput(test));
  const controls = useControlChoices(engagementId);
  const samples = useSampleChoices(engagementId);
  const save = useSaveTest(engagementId);
  const set = (patch: Partial<TestInput>) => setInput({ ...input, ...patch });
  const locked = !!test && Object.keys(test.cells).length > 0;
  const plan = (samples.data ?? []).find((s) => s.id === input.sample_id)?.plan;
  // A sample sized by a plan gives the test the rates it was sized for.
  const chooseSample = (id: string) => {
    const p = (samples.data ?? []).find((s) => s.id === id)?.plan;
    set({ sample_id: id, ...(p ? { confidence: p.confidence, tolerable: p.tolerable } : {}) });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: test?.id ?? null, input }, { onSuccess: onDone });
  };

  return (
    <aside className="side-panel" aria-label={test ? 'Edit test' : 'New test'}>
      <h2>{test ? `Edit test of ${test.control}` : 'New test'}</h2>
      <form onSubmit={submit}>
        <label className="field">
          <span>Control</span>
          {controls.isPending ? (
            <Loading>Loading the controls…</Loading>
          ) : controls.isError ? (
            <ErrorMessage title="Could not list the controls." error={controls.error} />
          ) : controls.data.length === 0 ? (
            <span className="muted">No controls yet: import the control matrix on the Controls page first.</span>
          ) : (
            <select aria-label="Control" value={input.control} disabled={!!test} required onChange={(e) => set({ control: e.target.value })}>
              <option value="">Choose a control…</option>
              {controls.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id} · {c.title}
                </option>
              ))}
            </select>
          )}
        </label>
        <label className="field">
          <span>Title (optional)</span>
          <input value={input.title ?? ''} onChange={(e) => set({ title: e.target.value })} />
        </label>
        <label className="field">
          <span>Procedure</span>
          <textarea
            rows={4}
            value={input.procedure}
            placeholder="e.g. For each sampled change, inspect the ticket for approval before deployment."
            onChange={(e) => set({ procedure: e.target.value })}
          />
        </label>
        <AttributesEditor value={input.attributes} onChange={(attributes) => set({ attributes })} />
        <label className="field">
          <span>Sample</span>
          {samples.isError ? (
            <ErrorMessage title="Could not list the samples." error={samples.error} />
          ) : (
            <select aria-label="Sample" value={input.sample_id ?? ''} disabled={locked} onChange={(e) => chooseSample(e.target.value)}>
              <option value="">No sample yet</option>
              {(samples.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.population}: {s.items.length} items, <MethodLabel method={s.method} lower />
                  {s.seed ? `, seed ${s.seed}` : ''}
                </option>
              ))}
            </select>
          )}
          {locked ? <span className="muted small">Results are recorded: the test stays with its sample.</span> : null}
        </label>
        <div className="field-row">
          <label className="field">
            <span>Confidence</span>
            <input value={input.confidence ?? ''} placeholder="95%" onChange={(e) => set({ confidence: e.target.value })} />
          </label>
          <label className="field">
            <span>Tolerable rate</span>
            <input value={input.tolerable ?? ''} placeholder="5%" onChange={(e) => set({ tolerable: e.target.value })} />
          </label>
        </div>
        {plan ? (
          <p className="muted small" aria-label="Sampling plan">
            The sample’s plan: {plan.rationale}
          </p>
        ) : null}
        {save.isError ? <ErrorMessage title="Could not save the test." error={save.error} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {test ? 'Save test' : 'Create test'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </aside>
  );
}
