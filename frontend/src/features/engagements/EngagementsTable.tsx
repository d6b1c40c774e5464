import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { Engagement } from '../../api';
import { Table } from '../../components/Table';
import { engagementColumns } from './columns';

export function EngagementsTable({
  data,
  onOpen,
}: {
  data: Engagement[];
  onOpen: (id: string) => void;
}) {
  const table = useReactTable({
    data,
    columns: engagementColumns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (e) => e.id,
  });
  return <Table table={table} label="Engagements" onActivate={(e) => onOpen(e.id)} />;
}
