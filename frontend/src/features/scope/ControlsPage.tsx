import { useState } from 'react';
import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { frequencies, type Control, type ControlFilter, type Frequency } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Loading, QueryError } from '../../components/ErrorMessage';
import { Pagination } from '../../components/Pagination';
import { Table } from '../../components/Table';
import { controlColumns } from './controlColumns';
import { ControlEditor } from './ControlEditor';
import { ImportDialog } from './ImportDialog';
import { frequencyLabels } from './labels';
import { PAGE_SIZE, useControls, usePagedFilter } from './useScope';

/** The control matrix: filtered, sorted and paged on the Go side. */
export function ControlsPage({ engagementId }: { engagementId: string }) {
  const { filter, sort, change, onSort, setOffset } = usePagedFilter<ControlFilter>();
  const [editing, setEditing] = useState<Control | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const controls = useControls(engagementId, filter);
  const data = controls.data;
  const columns = controlColumns(sort, !!filter.desc, onSort);
  const table = useReactTable({
    data: data?.controls ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (c) => c.id,
    manualPagination: true,
    manualSorting: true,
  });
  const filtered = !!(filter.query || filter.criterion || filter.frequency || filter.owner || filter.key_only || filter.unmapped);

  let body;
  if (controls.isPending) body = <Loading>Loading the control matrix…</Loading>;
  else if (controls.isError)
    body = (
      <QueryError title="Could not load the control matrix." query={controls} />
    );
  else if (data && data.total === 0)
    body = filtered ? (
      <EmptyState>No control matches these filters.</EmptyState>
    ) : (
      <EmptyState
        action={
          <button type="button" onClick={() => setImporting(true)}>
            Import control matrix
          </button>
        }
      >
        No controls yet. Import the client's control matrix (CSV or XLSX), or add controls by hand.
      </EmptyState>
    );
  else
    body = (
      <>
        <Table
          table={table}
          label="Controls"
          onActivate={(c) => setEditing(c)}
          rowLabel={(c) => `Edit control ${c.id}`}
        />
        <Pagination
          label="Controls"
          offset={filter.offset ?? 0}
          shown={data?.controls.length ?? 0}
          total={data?.total ?? 0}
          pageSize={PAGE_SIZE}
          onOffset={setOffset}
        />
      </>
    );

  return (
    <div className="scope-page with-panel">
      <div className="list-pane">
        <div className="toolbar">
          <h2>Controls</h2>
          <div className="actions">
            <button type="button" onClick={() => setImporting(true)}>
              Import control matrix
            </button>
            <button type="button" onClick={() => setEditing('new')}>
              Add control
            </button>
          </div>
        </div>
        {importing ? (
          <ImportDialog engagementId={engagementId} kind="controls" onClose={() => setImporting(false)} />
        ) : null}
        <div className="filters" role="search" aria-label="Filter controls">
          <input
            type="search"
            placeholder="Search ID, title, description, owner"
            aria-label="Search controls"
            value={filter.query ?? ''}
            onChange={(e) => change({ query: e.target.value })}
          />
          <input
            className="narrow"
            placeholder="Criterion"
            aria-label="Criterion"
            value={filter.criterion ?? ''}
            onChange={(e) => change({ criterion: e.target.value })}
          />
          <select aria-label="Frequency" value={filter.frequency ?? ''} onChange={(e) => change({ frequency: (e.target.value || undefined) as Frequency | undefined })}>
            <option value="">Any frequency</option>
            {frequencies.map((f) => (
              <option key={f} value={f}>
                {frequencyLabels[f]}
              </option>
            ))}
          </select>
          <select aria-label="Owner" value={filter.owner ?? ''} onChange={(e) => change({ owner: e.target.value })}>
            <option value="">Any owner</option>
            {(data?.owners ?? []).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <label className="inline">
            <input type="checkbox" checked={!!filter.key_only} onChange={(e) => change({ key_only: e.target.checked })} />
            Key only
          </label>
          <label className="inline">
            <input type="checkbox" checked={!!filter.unmapped} onChange={(e) => change({ unmapped: e.target.checked })} />
            Not mapped
          </label>
        </div>
        {body}
      </div>
      {editing ? (
        <ControlEditor
          key={editing === 'new' ? 'new' : editing.id}
          engagementId={engagementId}
          control={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}
