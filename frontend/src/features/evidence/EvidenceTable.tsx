import { useMemo } from 'react';
import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { Evidence, EvidenceSort } from '../../api';
import { Table } from '../../components/Table';
import { evidenceColumns } from './columns';

/** One page of evidence, as the Go side sorted it; Enter or a click opens the detail. */
export function EvidenceTable({
  items,
  sort,
  onSort,
  selectedId,
  onOpen,
  dateIssues,
}: {
  items: Evidence[];
  sort: EvidenceSort;
  onSort: (sort: EvidenceSort) => void;
  selectedId: string | null;
  onOpen: (ev: Evidence) => void;
  /** By evidence ID: why its as-of date needs a look. */
  dateIssues?: Record<string, string>;
}) {
  const columns = useMemo(() => evidenceColumns(sort, onSort, dateIssues ?? {}), [sort, onSort, dateIssues]);
  const table = useReactTable({
    data: items,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (e) => e.id,
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
  });
  return (
    <div className="evidence-table">
      <Table
        table={table}
        label="Evidence files"
        onActivate={onOpen}
        rowLabel={(e) => `Open ${e.name}`}
        isSelected={(e) => e.id === selectedId}
      />
    </div>
  );
}
