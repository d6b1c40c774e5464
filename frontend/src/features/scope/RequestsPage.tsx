import { useState } from 'react';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { requestStatuses, type PbcRequest, type RequestFilter, type RequestStatus } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Loading, QueryError } from '../../components/ErrorMessage';
import { Pagination } from '../../components/Pagination';
import { Table } from '../../components/Table';
import { localDateTime } from '../../lib/format';
import { paths } from '../../lib/router';
import { SortHeader } from './controlColumns';
import { ImportDialog } from './ImportDialog';
import { LinkEditor } from './LinkEditor';
import { statusLabels } from './labels';
import { RequestStatusCell } from './RequestStatusCell';
import { PAGE_SIZE, usePagedFilter, useRequests } from './useScope';

const col = createColumnHelper<PbcRequest>();
type Sort = NonNullable<RequestFilter['sort']>;

function isOverdue(r: PbcRequest, today: string) {
  return !!r.due && r.due < today && r.status !== 'accepted';
}

function History({
  engagementId,
  request,
  names,
  onClose,
}: {
  engagementId: string;
  request: PbcRequest;
  names: Record<string, string>;
  onClose: () => void;
}) {
  return (
    <aside className="side-panel" aria-label={`Request ${request.id}`}>
      <div className="toolbar">
        <h2>Request {request.id}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="pre-wrap">{request.description}</p>
      <dl className="facts">
        <dt>Controls</dt>
        <dd>{request.controls.join(', ') || '—'}</dd>
        <dt>Owner</dt>
        <dd>{request.owner || '—'}</dd>
        <dt>Due</dt>
        <dd>{request.due || '—'}</dd>
        <dt>Evidence</dt>
        <dd>
          {request.evidence.length} linked
          <LinkEditor
            engagementId={engagementId}
            side="request"
            id={request.id}
            linked={request.evidence}
            label={(id) => {
              const name = names[`evidence/${id}`];
              return (
                <>
                  <a href={paths.view(engagementId, id)}>{name ?? id}</a>
                  {name ? (
                    <>
                      <br />
                      <span className="muted small">{id}</span>
                    </>
                  ) : null}
                </>
              );
            }}
          />
        </dd>
      </dl>
      <h3>History</h3>
      <ol className="history">
        {request.history.map((h, i) => (
          <li key={i}>
            {statusLabels[h.status]} — {h.actor}, {localDateTime(h.at)}
            {h.comment ? <div className="pre-wrap">{h.comment}</div> : null}
          </li>
        ))}
      </ol>
    </aside>
  );
}

/** The PBC request list, with inline status changes and overdue marked. */
export function RequestsPage({ engagementId }: { engagementId: string }) {
  const { filter, sort, change, onSort, setOffset } = usePagedFilter<RequestFilter>();
  const [importing, setImporting] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const requests = useRequests(engagementId, filter);
  const data = requests.data;
  const today = data?.today ?? '';
  const header = (label: string, key: Sort) => () => (
    <SortHeader label={label} sortKey={key} sort={sort} desc={!!filter.desc} onSort={onSort} />
  );
  const columns = [
    col.accessor('id', { header: header('ID', 'id'), size: 90 }),
    col.accessor('description', { header: 'Description', size: 280 }),
    col.accessor('controls', { header: 'Controls', size: 130, cell: (c) => c.getValue().join(', ') }),
    col.accessor('owner', { header: header('Owner', 'owner'), size: 110, cell: (c) => c.getValue() || '—' }),
    col.accessor('due', {
      header: header('Due', 'due'),
      size: 140,
      cell: (c) =>
        isOverdue(c.row.original, today) ? (
          <span className="overdue">⏰ {c.getValue()} overdue</span>
        ) : (
          c.getValue() || '—'
        ),
    }),
    col.accessor('evidence', { header: 'Evidence', size: 80, cell: (c) => c.getValue().length }),
    col.accessor('status', {
      header: header('Status', 'status'),
      size: 330,
      cell: (c) => <RequestStatusCell engagementId={engagementId} request={c.row.original} />,
    }),
  ];
  const table = useReactTable({
    data: data?.requests ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
    manualPagination: true,
    manualSorting: true,
  });
  const filtered = !!(filter.query || filter.status || filter.overdue);
  const selected = data?.requests.find((r) => r.id === open) ?? null;

  let body;
  if (requests.isPending) body = <Loading>Loading the request list…</Loading>;
  else if (requests.isError)
    body = (
      <QueryError title="Could not load the request list." query={requests} />
    );
  else if (data && data.total === 0)
    body = filtered ? (
      <EmptyState>No request matches these filters.</EmptyState>
    ) : (
      <EmptyState
        action={
          <button type="button" onClick={() => setImporting(true)}>
            Import request list
          </button>
        }
      >
        No requests yet. Import the PBC list (CSV or XLSX) once the control matrix is in.
      </EmptyState>
    );
  else
    body = (
      <>
        <Table table={table} label="Requests" onActivate={(r) => setOpen(r.id)} rowLabel={(r) => `Request ${r.id}`} />
        <Pagination
          label="Requests"
          offset={filter.offset ?? 0}
          shown={data?.requests.length ?? 0}
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
          <h2>Requests</h2>
          <button type="button" onClick={() => setImporting(true)}>
            Import request list
          </button>
        </div>
        {importing ? (
          <ImportDialog engagementId={engagementId} kind="requests" onClose={() => setImporting(false)} />
        ) : null}
        <div className="filters" role="search" aria-label="Filter requests">
          <input
            type="search"
            placeholder="Search ID, description, owner"
            aria-label="Search requests"
            value={filter.query ?? ''}
            onChange={(e) => change({ query: e.target.value })}
          />
          <select aria-label="Status" value={filter.status ?? ''} onChange={(e) => change({ status: (e.target.value || undefined) as RequestStatus | undefined })}>
            <option value="">Any status</option>
            {requestStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
          <label className="inline">
            <input type="checkbox" checked={!!filter.overdue} onChange={(e) => change({ overdue: e.target.checked })} />
            Overdue only
          </label>
        </div>
        {body}
      </div>
      {selected ? (
        <History engagementId={engagementId} request={selected} names={data?.names ?? {}} onClose={() => setOpen(null)} />
      ) : null}
    </div>
  );
}
