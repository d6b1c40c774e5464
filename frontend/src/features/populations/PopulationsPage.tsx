import { useCallback, useState } from 'react';
import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { Engagement, Population } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Loading, QueryError } from '../../components/ErrorMessage';
import { Table } from '../../components/Table';
import { navigate, paths } from '../../lib/router';
import { populationColumns } from './columns';
import { CreatePopulation } from './CreatePopulation';
import { PopulationDetail } from './PopulationDetail';
import { usePopulations } from './usePopulations';

function PopulationsTable({ engagementId, items }: { engagementId: string; items: Population[] }) {
  const table = useReactTable({ data: items, columns: populationColumns, getCoreRowModel: getCoreRowModel(), getRowId: (p) => p.id });
  return (
    <Table
      table={table}
      label="Populations"
      onActivate={(p) => navigate(paths.population(engagementId, p.id))}
      rowLabel={(p) => `Open population ${p.name}`}
    />
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
      <QueryError title="Could not load the populations." query={list} />
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
