import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { sampling, sizeFrequencies, type ControlRisk, type Engagement, type PlanInput, type SizeFrequency } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';

type Mode = 'frequency' | 'statistical';

export const frequencyNames: Record<SizeFrequency, string> = {
  annual: 'Annual',
  quarterly: 'Quarterly',
  monthly: 'Monthly',
  weekly: 'Weekly',
  daily: 'Daily',
  'multiple-daily': 'Several times a day',
};

/**
 * Works out n for the draw form, by the control's frequency (pro-rated to a
 * Type 2 period shorter than a year when the box is ticked) or by attribute
 * sampling, and shows the explanation the CLI prints. The plan it hands on
 * is drawn with the sample, so the sample keeps why it has its size.
 */
export function SizeHelper({
  engagement,
  rows,
  onSize,
}: {
  engagement: Engagement;
  rows: number;
  onSize: (n: number, plan: PlanInput) => void;
}) {
  const hasPeriod = engagement.type === 'type2' && !!engagement.period_end;
  const [mode, setMode] = useState<Mode>('frequency');
  const [frequency, setFrequency] = useState<SizeFrequency>('daily');
  const [risk, setRisk] = useState<ControlRisk>('higher');
  // Pro-rating is the auditor's choice, recorded with the plan: off until ticked.
  const [proRate, setProRate] = useState(false);
  const [confidence, setConfidence] = useState('95%');
  const [tolerable, setTolerable] = useState('5%');
  const [expected, setExpected] = useState('0%');
  const [finite, setFinite] = useState(false);

  const planInput = (): PlanInput =>
    mode === 'frequency'
      ? { frequency, risk, pro_rate: proRate && hasPeriod }
      : { confidence, tolerable, expected_rate: expected.trim() || undefined, finite_population: finite };
  const plan = useMutation({
    mutationFn: async () => {
      if (mode === 'frequency') {
        const period = proRate && hasPeriod ? { period_start: engagement.period_start, period_end: engagement.period_end, pro_rate: true } : {};
        return sampling.frequencySize({ frequency, risk, ...period });
      }
      return sampling.attributeSize({
        confidence,
        tolerable,
        expected_rate: expected.trim() || undefined,
        population: finite ? rows : undefined,
      });
    },
    onSuccess: (p) => onSize(p.sample_size, planInput()),
  });
  // An answer for other inputs is not shown beside these.
  const { reset } = plan;
  useEffect(() => reset(), [reset, mode, frequency, risk, proRate, confidence, tolerable, expected, finite]);

  return (
    <fieldset className="size-helper">
      <legend>Sample size</legend>
      <div className="mode-switch" role="radiogroup" aria-label="Size by">
        <label className="inline">
          <input type="radio" name="size-mode" checked={mode === 'frequency'} onChange={() => setMode('frequency')} />
          By frequency
        </label>
        <label className="inline">
          <input type="radio" name="size-mode" checked={mode === 'statistical'} onChange={() => setMode('statistical')} />
          Statistical
        </label>
      </div>
      {mode === 'frequency' ? (
        <div className="field-row">
          <label className="field">
            <span>Control frequency</span>
            <select value={frequency} onChange={(e) => setFrequency(e.target.value as SizeFrequency)}>
              {sizeFrequencies.map((f) => (
                <option key={f} value={f}>
                  {frequencyNames[f]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Risk</span>
            <select value={risk} onChange={(e) => setRisk(e.target.value as ControlRisk)}>
              <option value="lower">Lower</option>
              <option value="higher">Higher</option>
            </select>
          </label>
        </div>
      ) : (
        <div className="field-row">
          <label className="field">
            <span>Confidence</span>
            <input value={confidence} onChange={(e) => setConfidence(e.target.value)} />
          </label>
          <label className="field">
            <span>Tolerable rate</span>
            <input value={tolerable} onChange={(e) => setTolerable(e.target.value)} />
          </label>
          <label className="field">
            <span>Expected rate</span>
            <input value={expected} onChange={(e) => setExpected(e.target.value)} />
          </label>
        </div>
      )}
      {mode === 'frequency' && hasPeriod ? (
        <label className="inline">
          <input type="checkbox" checked={proRate} onChange={(e) => setProRate(e.target.checked)} />
          Pro-rate to the period {engagement.period_start} – {engagement.period_end}
        </label>
      ) : null}
      {mode === 'statistical' ? (
        <label className="inline">
          <input type="checkbox" checked={finite} onChange={(e) => setFinite(e.target.checked)} />
          Size for this population of {rows.toLocaleString('en-US')} rows (hypergeometric)
        </label>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => plan.mutate()} disabled={plan.isPending}>
          Work out the size
        </button>
      </div>
      {plan.isError ? <ErrorMessage title="Could not work out the size." error={plan.error} /> : null}
      {plan.data ? (
        <pre className="explanation" aria-label="Size explanation">
          {plan.data.text}
        </pre>
      ) : null}
    </fieldset>
  );
}
