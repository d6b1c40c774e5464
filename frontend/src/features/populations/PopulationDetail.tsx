import { useState } from 'react';
import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { Engagement, Sample } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { Table } from '../../components/Table';
import { localDateTime } from '../../lib/format';
import { paths } from '../../lib/router';
import { ChecksList } from './ChecksList';
import { DrawForm } from './DrawForm';
import { RowsTable } from './RowsTable';
import { SampleDetail } from './SampleDetail';
import { sampleColumns } from './columns';
import { frequencyText } from './format';
import { usePopulation, useSamples } from './usePopulations';

function SamplesList({
  samples,
  selected,
  onOpen,
}: {
  samples: Sample[];
  selected: string | null;
  onOpen: (id: string) => void;
}) {
  const table = useReactTable({ data: samples, columns: sampleColumns, getCoreRowModel: getCoreRowModel(), getRowId: (s) => s.id });
  return (
    <div className="samples-table">
      <Table
        table={table}
        label="Samples"
        onActivate={(s) => onOpen(s.id)}
        rowLabel={(s) => `Open sample ${s.id}`}
        isSelected={(s) => s.id === selected}
      />
    </div>
  );
}

/** A population: how it was read, its checks, its samples and its rows. */
export function PopulationDetail({ engagement, populationId }: { engagement: Engagement; populationId: string }) {
  const q = usePopulation(engagement.id, populationId);
  const samples = useSamples(engagement.id, populationId);
  const [panel, setPanel] = useState<{ kind: 'draw' } | { kind: 'sample'; id: string } | null>(null);

  if (q.isPending) return <Loading>Loading the population…</Loading>;
  if (q.isError)
    return (
      <ErrorMessage
        title="Could not open the population."
        error={q.error}
        action={<a href={paths.engagement(engagement.id, 'populations')}>Back to the populations</a>}
      />
    );
  const p = q.data;
  const col = (c?: { letter: string; header: string }) => (c ? `${c.letter}: ${c.header || '(no header)'}` : '—');

  return (
    <div className="testing-page with-panel">
      <div className="list-pane">
        <a href={paths.engagement(engagement.id, 'populations')} className="back-link">
          ← Populations
        </a>
        <div className="toolbar">
          <h2>{p.name}</h2>
          <div className="actions">
            <button type="button" className="primary" onClick={() => setPanel({ kind: 'draw' })}>
              Draw a sample
            </button>
          </div>
        </div>
        <dl className="facts population-facts">
          <dt>Rows</dt>
          <dd aria-label="Row count">{p.rows.toLocaleString('en-US')}</dd>
          {p.filters?.length ? (
            <>
              <dt>Filters</dt>
              <dd aria-label="Filters">
                {p.filters.map((f) => f.text).join('; ')} ({(p.excluded ?? 0).toLocaleString('en-US')} rows of the file left
                out)
              </dd>
            </>
          ) : null}
          <dt>Gap check frequency</dt>
          <dd aria-label="Gap check frequency">{frequencyText(p)}</dd>
          <dt>Population hash</dt>
          <dd>
            <code className="sha256">{p.hash}</code>
          </dd>
          <dt>Source file</dt>
          <dd className="break">
            {p.file}
            {p.sheet ? `, sheet “${p.sheet}”` : ''}, header row {p.header_row}
          </dd>
          <dt>Source SHA-256</dt>
          <dd>
            <code className="sha256">{p.source_sha256}</code>
          </dd>
          <dt>Columns</dt>
          <dd>
            key {col(p.key)}; date {col(p.date)}
            {p.amount ? `; amount ${col(p.amount)}` : ''}
            {p.stratum ? `; stratum ${col(p.stratum)}` : ''}
            {p.date_order ? `; dates ${p.date_order === 'dmy' ? 'day/month/year' : 'month/day/year'}` : ''}
          </dd>
          <dt>Created</dt>
          <dd>
            {localDateTime(p.created_at)} by {p.created_by}
          </dd>
        </dl>
        <ChecksList population={p} />
        <section aria-label="Samples of this population">
          <h3 className="spaced">Samples</h3>
          {samples.isPending ? (
            <Loading>Loading the samples…</Loading>
          ) : samples.isError ? (
            <ErrorMessage title="Could not load the samples." error={samples.error} />
          ) : samples.data.length === 0 ? (
            <EmptyState>No sample drawn yet. “Draw a sample” works out the size and records the seed.</EmptyState>
          ) : (
            <SamplesList
              samples={samples.data}
              selected={panel?.kind === 'sample' ? panel.id : null}
              onOpen={(id) => setPanel({ kind: 'sample', id })}
            />
          )}
        </section>
        <h3 className="spaced">Rows</h3>
        <RowsTable engagementId={engagement.id} population={p} />
      </div>
      {panel?.kind === 'draw' ? (
        <DrawForm
          engagement={engagement}
          population={p}
          onDrawn={(s) => setPanel({ kind: 'sample', id: s.id })}
          onClose={() => setPanel(null)}
        />
      ) : null}
      {panel?.kind === 'sample' ? (
        <SampleDetail
          key={panel.id}
          engagementId={engagement.id}
          sampleId={panel.id}
          population={p}
          onClose={() => setPanel(null)}
        />
      ) : null}
    </div>
  );
}
