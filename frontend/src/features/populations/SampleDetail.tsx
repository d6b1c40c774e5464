import { useState, type FormEvent } from 'react';
import type { Population, Sample } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { localDateTime, shortHash } from '../../lib/format';
import { MethodLabel, takes, useSamplingMethods } from './methods';
import { PicksEditor, cleanPicks, picksProblem, type PickDraft } from './PicksEditor';
import { useExtend, useRedraw, useSample } from './usePopulations';

function RedrawCheck({ engagementId, sample }: { engagementId: string; sample: Sample }) {
  const redraw = useRedraw(engagementId);
  const result = redraw.data;
  return (
    <div className="redraw">
      <button type="button" onClick={() => redraw.mutate(sample.id)} disabled={redraw.isPending}>
        {redraw.isPending ? 'Redrawing…' : 'Redraw check'}
      </button>
      {result === true && redraw.variables === sample.id ? (
        <p className="check-ok" role="status">
          <span aria-hidden="true">✓ </span>Redrawn from the population and seed: the same {sample.items.length} items.
        </p>
      ) : null}
      {result === false && redraw.variables === sample.id ? (
        <p className="check-bad" role="status">
          <span aria-hidden="true">⚠ </span>Redrawn from the population and seed: the items differ from those stored.
        </p>
      ) : null}
      {redraw.isError ? <ErrorMessage title="Could not redraw the sample." error={redraw.error} /> : null}
    </div>
  );
}

function ExtendForm({ engagementId, sample, rows }: { engagementId: string; sample: Sample; rows: number }) {
  const [size, setSize] = useState('');
  const [picks, setPicks] = useState<PickDraft[]>([{ number: '', reason: '' }]);
  const extend = useExtend(engagementId);
  const judgmental = takes(useSamplingMethods().find((m) => m.name === sample.method), 'picks');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (judgmental) {
      if (picksProblem(picks, rows)) return;
      const chosen = cleanPicks(picks);
      extend.mutate({ id: sample.id, size: sample.items.length + chosen.length, picks: chosen }, { onSuccess: () => setPicks([{ number: '', reason: '' }]) });
    } else {
      extend.mutate({ id: sample.id, size: Number(size) }, { onSuccess: () => setSize('') });
    }
  };
  return (
    <form className="extend" onSubmit={submit} aria-label="Extend the sample">
      {judgmental ? (
        <PicksEditor picks={picks} rows={rows} onChange={setPicks} />
      ) : (
        <label className="inline">
          Extend to
          <input
            type="number"
            className="narrow"
            min={sample.items.length + 1}
            value={size}
            aria-label="Extend to"
            onChange={(e) => setSize(e.target.value)}
            required
          />
          items
        </label>
      )}
      <button type="submit" disabled={extend.isPending}>
        {extend.isPending ? 'Extending…' : judgmental ? 'Add the picks' : 'Extend'}
      </button>
      <p className="muted small">
        {judgmental
          ? 'The picks are added after the items already in the sample.'
          : 'The same seed draws on: every item already drawn stays, in its place, and new ones follow.'}
      </p>
      {extend.isError ? <ErrorMessage title="Could not extend the sample." error={extend.error} /> : null}
    </form>
  );
}

/** One sample beside the population: how it was drawn, its items, redraw and extend. */
export function SampleDetail({
  engagementId,
  sampleId,
  population,
  onClose,
}: {
  engagementId: string;
  sampleId: string;
  population: Population;
  onClose: () => void;
}) {
  const q = useSample(engagementId, sampleId);
  const methods = useSamplingMethods();
  let body;
  if (q.isPending) body = <Loading>Loading the sample…</Loading>;
  else if (q.isError) body = <ErrorMessage title="Could not load the sample." error={q.error} />;
  else {
    const s = q.data;
    const stale = s.population_hash !== population.hash;
    const method = methods.find((m) => m.name === s.method);
    const picked = takes(method, 'picks');
    const stratified = takes(method, 'stratum_column');
    body = (
      <>
        <dl className="facts">
          <dt>Method</dt>
          <dd>
            <MethodLabel method={s.method} />
          </dd>
          <dt>Items</dt>
          <dd>{s.items.length}</dd>
          <dt>Why this size</dt>
          <dd aria-label="Why this size">
            {s.plan ? s.plan.rationale : 'None recorded: the size was given as it is.'}
          </dd>
          {s.seed ? (
            <>
              <dt>Seed</dt>
              <dd>
                <code className="seed" aria-label="Seed">
                  {s.seed}
                </code>
              </dd>
            </>
          ) : null}
          <dt>Algorithm</dt>
          <dd>
            <code>{s.algorithm}</code>
          </dd>
          {s.sizes.length > 1 ? (
            <>
              <dt>Sizes</dt>
              <dd>{s.sizes.join(', then ')}</dd>
            </>
          ) : null}
          {s.systematic ? (
            <>
              <dt>Layout</dt>
              <dd>
                random start {s.systematic.start}, interval {population.rows} / {s.systematic.n}
              </dd>
            </>
          ) : null}
          {s.mus ? (
            <>
              <dt>Layout</dt>
              <dd>
                {s.mus.points} points over {(s.mus.total / 100).toFixed(2)}, interval {(s.mus.interval / 100).toFixed(2)};{' '}
                {s.mus.high_value} high-value, {s.mus.excluded} excluded
              </dd>
            </>
          ) : null}
          <dt>Population hash</dt>
          <dd>
            <code title={s.population_hash}>{shortHash(s.population_hash)}</code>
            {stale ? <span className="check-bad"> ⚠ differs from the population's now</span> : null}
          </dd>
          <dt>Drawn</dt>
          <dd>
            {localDateTime(s.created_at)} by {s.created_by}
          </dd>
        </dl>
        {s.allocation && s.allocation.length > 0 ? (
          <table className="data-table compact" aria-label="Allocation">
            <thead>
              <tr>
                <th scope="col">Stratum</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Items
                </th>
              </tr>
            </thead>
            <tbody>
              {s.allocation.map((a) => (
                <tr key={a.stratum}>
                  <td>{a.stratum || '(blank)'}</td>
                  <td className="num">{a.rows}</td>
                  <td className="num">{a.items}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {method && !picked ? <RedrawCheck engagementId={engagementId} sample={s} /> : null}
        <ExtendForm engagementId={engagementId} sample={s} rows={population.rows} />
        <table className="data-table compact" aria-label="Sample items">
          <thead>
            <tr>
              <th scope="col" className="num">
                Sample
              </th>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col" className="num">
                Row
              </th>
              <th scope="col">Key</th>
              <th scope="col">{picked ? 'Reason' : stratified ? 'Stratum' : 'Round'}</th>
            </tr>
          </thead>
          <tbody>
            {s.items.map((it) => (
              <tr key={it.number}>
                <td className="num">{it.number}</td>
                <td className="num">{it.index + 1}</td>
                <td className="num">{it.row}</td>
                <td title={it.key}>{it.key}</td>
                <td title={it.reason}>
                  {picked
                    ? it.reason
                    : stratified
                      ? it.stratum
                      : it.round === 0
                        ? 'first draw'
                        : `extension ${it.round}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  }
  return (
    <aside className="side-panel sample-detail" aria-label="Sample">
      <div className="toolbar">
        <h2>Sample</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {body}
    </aside>
  );
}
