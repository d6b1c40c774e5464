import { useState, type FormEvent } from 'react';
import type { Engagement, Pick, PlanInput, Population, Sample, SampleMethod } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { methodsFor, takes, useSamplingMethods } from './methods';
import { PicksEditor, cleanPicks, picksProblem, type PickDraft } from './PicksEditor';
import { SizeHelper } from './SizeHelper';
import { useDraw } from './usePopulations';

/** Draws a sample: the size (worked out or typed), the method, and a seed recorded with it. */
export function DrawForm({
  engagement,
  population,
  onDrawn,
  onClose,
}: {
  engagement: Engagement;
  population: Population;
  onDrawn: (s: Sample) => void;
  onClose: () => void;
}) {
  const methods = methodsFor(population, useSamplingMethods());
  const [methodName, setMethod] = useState<SampleMethod | ''>('');
  // The first method listed until one is chosen: the registry arrives after the first render.
  const entry = methods.find((m) => m.name === methodName) ?? methods[0];
  const method = entry?.name ?? '';
  const [size, setSize] = useState('');
  const [seed, setSeed] = useState('');
  // The plan the size was worked out by; typing a size by hand drops it.
  const [plan, setPlan] = useState<PlanInput | undefined>();
  const [picks, setPicks] = useState<PickDraft[]>([{ number: '', reason: '' }]);
  const draw = useDraw(engagement.id, population.id);
  // A method of picks (judgmental) takes them instead of a size and seed.
  const judgmental = takes(entry, 'picks');
  const param = (name: string) => entry?.params.find((p) => p.name === name);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (judgmental && picksProblem(picks, population.rows)) return;
    const chosen: Pick[] = judgmental ? cleanPicks(picks) : [];
    draw.mutate(
      {
        method,
        size: judgmental ? chosen.length : Number(size),
        seed: judgmental ? '' : seed.trim(),
        picks: chosen,
        ...(plan && !judgmental && entry?.planned ? { plan } : {}),
      },
      { onSuccess: onDrawn },
    );
  };

  return (
    <aside className="side-panel" aria-label="Draw a sample">
      <div className="toolbar">
        <h2>Draw a sample</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted small">
        From {population.name}: {population.rows.toLocaleString('en-US')} rows.
      </p>
      <form onSubmit={submit}>
        <label className="field">
          <span>Method</span>
          <select value={method} onChange={(e) => setMethod(e.target.value as SampleMethod)}>
            {methods.map((m) => (
              <option key={m.name} value={m.name}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        {entry ? <p className="muted small">{entry.description}</p> : null}
        {judgmental ? (
          <PicksEditor picks={picks} rows={population.rows} onChange={setPicks} />
        ) : (
          <>
            <SizeHelper engagement={engagement} rows={population.rows} onSize={(n, p) => {
                setSize(String(n));
                setPlan(p);
              }}
            />
            <div className="field-row">
              <label className="field">
                <span>{param('size')?.label}</span>
                <input
                  type="number"
                  min={1}
                  value={size}
                  onChange={(e) => {
                    setSize(e.target.value);
                    setPlan(undefined);
                  }}
                  required
                />
              </label>
              <label className="field">
                <span>{param('seed')?.label}</span>
                <input
                  value={seed}
                  title={param('seed')?.rule}
                  spellCheck={false}
                  placeholder="drawn at random"
                  onChange={(e) => setSeed(e.target.value)}
                />
              </label>
            </div>
            <p className="muted small">
              Leave the seed empty to have one drawn; it is recorded with the sample, and the same seed on the same
              population always draws the same items (docs/methodology.md).
            </p>
          </>
        )}
        {draw.isError ? <ErrorMessage title="Could not draw the sample." error={draw.error} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={draw.isPending || !entry}>
            {draw.isPending ? 'Drawing…' : 'Draw sample'}
          </button>
        </div>
      </form>
    </aside>
  );
}
