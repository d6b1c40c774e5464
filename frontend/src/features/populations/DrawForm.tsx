import { useState, type FormEvent } from 'react';
import type { Engagement, Pick, PlanInput, Population, Sample, SampleMethod } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { methodLabels } from './format';
import { PicksEditor, cleanPicks, picksProblem, type PickDraft } from './PicksEditor';
import { SizeHelper } from './SizeHelper';
import { useDraw } from './usePopulations';

/** The methods a population allows: stratified needs a stratum column, monetary-unit an amount column. */
export function methodsFor(p: Population): SampleMethod[] {
  return (['random', 'systematic', 'stratified', 'mus', 'judgmental'] as SampleMethod[]).filter(
    (m) => (m !== 'stratified' || !!p.stratum) && (m !== 'mus' || !!p.amount),
  );
}

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
  const [method, setMethod] = useState<SampleMethod>('random');
  const [size, setSize] = useState('');
  const [seed, setSeed] = useState('');
  // The plan the size was worked out by; typing a size by hand drops it.
  const [plan, setPlan] = useState<PlanInput | undefined>();
  const [picks, setPicks] = useState<PickDraft[]>([{ number: '', reason: '' }]);
  const draw = useDraw(engagement.id, population.id);
  const judgmental = method === 'judgmental';

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
        ...(plan && !judgmental && method !== 'mus' ? { plan } : {}),
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
            {methodsFor(population).map((m) => (
              <option key={m} value={m}>
                {methodLabels[m]}
              </option>
            ))}
          </select>
        </label>
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
                <span>{method === 'mus' ? 'Selection points (n)' : 'Items to draw (n)'}</span>
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
                <span>Seed</span>
                <input
                  value={seed}
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
          <button type="submit" className="primary" disabled={draw.isPending}>
            {draw.isPending ? 'Drawing…' : 'Draw sample'}
          </button>
        </div>
      </form>
    </aside>
  );
}
