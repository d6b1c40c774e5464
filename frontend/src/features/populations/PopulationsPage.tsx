import { useCallback, useState } from 'react';
import type { Engagement, Population } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { localDateTime } from '../../lib/format';
import { navigate, paths } from '../../lib/router';
import { CreatePopulation } from './CreatePopulation';
import { PopulationDetail } from './PopulationDetail';
import { usePopulations } from './usePopulations';

function PopulationsTable({ engagementId, items }: { engagementId: string; items: Population[] }) {
  const open = (p: Population) => navigate(paths.population(engagementId, p.id));
  return (
    <table className="data-table" aria-label="Populations">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Source file</th>
          <th scope="col" className="num">
            Rows
          </th>
          <th scope="col">Checks</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {items.map((p) => {
          const problems = p.checks.items.filter((c) => !c.ok).length;
          return (
            <tr
              key={p.id}
              tabIndex={0}
              className="activatable"
              aria-label={`Open population ${p.name}`}
              onClick={() => open(p)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') open(p);
              }}
            >
              <td title={p.name}>{p.name}</td>
              <td title={p.file}>{p.file}</td>
              <td className="num">{p.rows.toLocaleString('en-US')}</td>
              <td className={problems ? 'check-bad' : 'check-ok'}>
                <span aria-hidden="true">{problems ? '⚠ ' : '✓ '}</span>
                {problems ? `${problems} to look at` : 'All passed'}
              </td>
              <td>
                {localDateTime(p.created_at)} by {p.created_by}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The engagement's populations, or one of them when the address names it. */
export function PopulationsPage({ engagement, item }: { engagement: Engagement; item?: string }) {
  const list = usePopulations(engagement.id);
  const [creating, setCreating] = useState(false);
  const onCreated = useCallback((p: Population) => navigate(paths.population(engagement.id, p.id)), [engagement.id]);

  if (item) return <PopulationDetail key={item} engagement={engagement} populationId={item} />;

  let body;
  if (list.isPending) body = <Loading>Loading the populations…</Loading>;
  else if (list.isError)
    body = (
      <ErrorMessage
        title="Could not load the populations."
        error={list.error}
        action={
          <button type="button" onClick={() => list.refetch()}>
            Try again
          </button>
        }
      />
    );
  else if (list.data.length === 0)
    body = creating ? null : (
      <EmptyState>
        No populations yet. A population is the list a sample is drawn from — change tickets, leavers, access
        reviews — read from a CSV or XLSX file in the evidence. Start with “New population”.
      </EmptyState>
    );
  else body = <PopulationsTable engagementId={engagement.id} items={list.data} />;

  return (
    <div className="testing-page">
      <div className="toolbar">
        <h2>Populations</h2>
        <div className="actions">
          <button type="button" onClick={() => setCreating(true)} disabled={creating}>
            New population
          </button>
        </div>
      </div>
      {creating ? (
        <CreatePopulation engagementId={engagement.id} onCreated={onCreated} onClose={() => setCreating(false)} />
      ) : null}
      {body}
    </div>
  );
}
