/** A judgmental pick as typed: the row's # in the population (from 1) and why. */
export interface PickDraft {
  number: string;
  reason: string;
}

/**
 * The picks to send: blank lines dropped, # turned into the population
 * index (from 0). Check picksProblem first.
 */
export function cleanPicks(drafts: PickDraft[]): { index: number; reason: string }[] {
  return drafts
    .filter((d) => d.number.trim() !== '' || d.reason.trim() !== '')
    .map((d) => ({ index: Number(d.number.trim()) - 1, reason: d.reason.trim() }));
}

/** The first pick whose # is not a row of the population, as a sentence; '' when all are. */
export function picksProblem(drafts: PickDraft[], rows: number): string {
  for (const [i, d] of drafts.entries()) {
    if (d.number.trim() === '' && d.reason.trim() === '') continue;
    const n = Number(d.number.trim());
    if (!Number.isInteger(n) || n < 1 || n > rows) return `Pick ${i + 1}: “${d.number}” is not a row # from 1 to ${rows}.`;
  }
  return '';
}

/** Rows picked by judgment, each with the reason recorded with the sample. */
export function PicksEditor({
  picks,
  rows,
  onChange,
}: {
  picks: PickDraft[];
  rows: number;
  onChange: (p: PickDraft[]) => void;
}) {
  const set = (i: number, patch: Partial<PickDraft>) => onChange(picks.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const problem = picksProblem(picks, rows);
  return (
    <fieldset className="picks">
      <legend>Picks</legend>
      <p className="muted small">The # of each row in the population (the first column of its rows), and why it was picked.</p>
      {picks.map((p, i) => (
        <div className="pick" key={i}>
          <input
            className="narrow"
            aria-label={`Pick ${i + 1} row #`}
            inputMode="numeric"
            value={p.number}
            onChange={(e) => set(i, { number: e.target.value })}
          />
          <input aria-label={`Pick ${i + 1} reason`} value={p.reason} placeholder="Reason" onChange={(e) => set(i, { reason: e.target.value })} />
          <button type="button" className="small" aria-label={`Remove pick ${i + 1}`} onClick={() => onChange(picks.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => onChange([...picks, { number: '', reason: '' }])}>
        Add a pick
      </button>
      {problem ? <p className="form-error">{problem}</p> : null}
    </fieldset>
  );
}
