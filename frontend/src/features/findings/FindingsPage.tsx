import { useState } from 'react';
import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { classifications, findingStatuses, type FindingFilter } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Loading, QueryError } from '../../components/ErrorMessage';
import { Table } from '../../components/Table';
import { navigate, paths } from '../../lib/router';
import { findingColumns } from './columns';
import { ExportPacket } from './ExportPacket';
import { ImportPacket } from './ImportPacket';
import { classificationLabels, opinionLabels, statusLabels } from './labels';
import { PacketHistory } from './PacketHistory';
import { useFindingList } from './useFindings';

/** The findings list, filtered on the Go side, with the packets beside it. */
export function FindingsPage({ engagementId }: { engagementId: string }) {
  const [filter, setFilter] = useState<FindingFilter>({});
  const [packets, setPackets] = useState(false);
  const list = useFindingList(engagementId, filter);
  const data = list.data;
  const table = useReactTable({
    data: data?.findings ?? [],
    columns: findingColumns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (f) => f.id,
  });
  const filtered = !!(filter.status || filter.classification || filter.query);
  const all = data ? Object.values(data.by_status).reduce((a, b) => a + (b ?? 0), 0) : 0;

  let body;
  if (list.isPending) body = <Loading>Loading the findings…</Loading>;
  else if (list.isError)
    body = (
      <QueryError title="Could not load the findings." query={list} />
    );
  else if (data!.total === 0)
    body = filtered ? (
      <EmptyState>No finding matches these filters.</EmptyState>
    ) : (
      <EmptyState
        action={
          <div className="actions">
            <a className="button" href={paths.engagement(engagementId, 'exceptions')}>
              Go to the exceptions
            </a>
            <a className="button" href={paths.newFinding(engagementId)}>
              New finding
            </a>
          </div>
        }
      >
        No findings yet. Evaluate a control’s exceptions from the exceptions register, or start a finding from a template.
      </EmptyState>
    );
  else
    body = (
      <Table
        table={table}
        label="Findings"
        onActivate={(f) => navigate(paths.finding(engagementId, f.id))}
        rowLabel={(f) => `Open ${f.id} ${f.title}`}
      />
    );

  return (
    <div className="findings-page with-panel">
      <div className="list-pane">
        <div className="toolbar">
          <h2>Findings</h2>
          <div className="actions">
            <button type="button" aria-expanded={packets} onClick={() => setPackets(!packets)}>
              Packets…
            </button>
            <a className="button primary" href={paths.newFinding(engagementId)}>
              New finding
            </a>
          </div>
        </div>
        {data && all > 0 ? (
          <p className="summary-line">
            {all} {all === 1 ? 'finding' : 'findings'}:{' '}
            {findingStatuses
              .filter((s) => data.by_status[s])
              .map((s) => `${data.by_status[s]} ${statusLabels[s].toLowerCase()}`)
              .join(', ')}
            . Likely opinion over all of them: <strong>{opinionLabels[data.opinion]}</strong>.
          </p>
        ) : null}
        {all === 0 && !filtered ? null : (
        <div className="filters" role="search" aria-label="Filter findings">
          <input
            type="search"
            placeholder="Search ID, title, condition"
            aria-label="Search findings"
            value={filter.query ?? ''}
            onChange={(e) => setFilter({ ...filter, query: e.target.value })}
          />
          <select aria-label="Status" value={filter.status ?? ''} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
            <option value="">Any status</option>
            {findingStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
          <select
            aria-label="Classification"
            value={filter.classification ?? ''}
            onChange={(e) => setFilter({ ...filter, classification: e.target.value })}
          >
            <option value="">Any classification</option>
            {classifications.map((c) => (
              <option key={c} value={c}>
                {classificationLabels[c]}
              </option>
            ))}
          </select>
        </div>
        )}
        {body}
      </div>
      {packets ? (
        <aside className="side-panel" aria-label="Packets">
          <h2>Packets</h2>
          <ExportPacket engagementId={engagementId} responder={false} />
          <hr />
          <ImportPacket engagementId={engagementId} />
          <PacketHistory engagementId={engagementId} />
        </aside>
      ) : null}
    </div>
  );
}
