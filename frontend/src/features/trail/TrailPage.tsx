import { useState } from 'react';
import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { EmptyState } from '../../components/EmptyState';
import { Loading, QueryError } from '../../components/ErrorMessage';
import { Pagination } from '../../components/Pagination';
import { Table } from '../../components/Table';
import { trailColumns } from './columns';
import { PAGE_SIZE, useTrailPage } from './useTrail';
import { VerifyChain } from './VerifyChain';

/** The engagement's hash-chained audit trail, 50 events a page. */
export function TrailPage({ engagementId }: { engagementId: string }) {
  const [offset, setOffset] = useState(0);
  const page = useTrailPage(engagementId, offset);
  const events = page.data?.events ?? [];
  const total = page.data?.total ?? 0;
  const table = useReactTable({
    data: events,
    columns: trailColumns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (e) => String(e.seq),
    manualPagination: true,
  });

  let body;
  if (page.isPending) {
    body = <Loading>Loading the trail…</Loading>;
  } else if (page.isError) {
    body = (
      <QueryError title="Could not load the trail." query={page} />
    );
  } else if (total === 0) {
    body = <EmptyState>No events yet. Every change to this engagement is recorded here.</EmptyState>;
  } else {
    body = (
      <>
        <Table table={table} label="Trail events" />
        <Pagination
          label="Trail"
          noun="Events"
          offset={offset}
          shown={events.length}
          total={total}
          pageSize={PAGE_SIZE}
          onOffset={setOffset}
        />
      </>
    );
  }

  return (
    <div className="trail">
      <div className="toolbar">
        <h2>Trail</h2>
        <VerifyChain engagementId={engagementId} />
      </div>
      {body}
    </div>
  );
}
