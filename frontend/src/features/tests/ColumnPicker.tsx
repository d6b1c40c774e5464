import { useEffect, useState } from 'react';

/**
 * Which population columns the grid shows of each sampled row, chosen
 * once for the test: a ticked column joins the end, saved together.
 */
export function ColumnPicker({
  headers,
  shown,
  custom,
  busy,
  max,
  onSave,
}: {
  headers: string[];
  /** The indexes shown now, in order. */
  shown: number[];
  /** Whether the test has its own choice (else the defaults show). */
  custom: boolean;
  busy: boolean;
  max: number;
  onSave: (columns: number[]) => void;
}) {
  const [chosen, setChosen] = useState<number[]>(shown);
  const key = shown.join(',');
  useEffect(() => setChosen(key === '' ? [] : key.split(',').map(Number)), [key]);
  const changed = chosen.join(',') !== key;
  const toggle = (i: number, on: boolean) =>
    setChosen((c) => (on ? [...c, i] : c.filter((x) => x !== i)));

  return (
    <details className="column-picker">
      <summary>Columns shown ({shown.length})</summary>
      <fieldset>
        <legend className="sr-only">Population columns shown in the grid</legend>
        {headers.map((h, i) => (
          <label key={i} className="inline">
            <input
              type="checkbox"
              checked={chosen.includes(i)}
              disabled={busy || (!chosen.includes(i) && chosen.length >= max)}
              onChange={(e) => toggle(i, e.target.checked)}
            />{' '}
            {h || `Column ${i + 1}`}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="button" className="small" disabled={busy || !changed || chosen.length === 0} onClick={() => onSave(chosen)}>
          Show these columns
        </button>
        <button type="button" className="small" disabled={busy || !custom} onClick={() => onSave([])}>
          Key, date and two more
        </button>
      </div>
    </details>
  );
}
