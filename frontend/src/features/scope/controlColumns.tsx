import { createColumnHelper } from '@tanstack/react-table';
import type { Control, ControlFilter } from '../../api';
import { frequencyLabel } from './labels';

const col = createColumnHelper<Control>();

type SortKey = NonNullable<ControlFilter['sort']>;

/** A header that sorts on the Go side; aria-sort says how. */
export function SortHeader({
  label,
  sortKey,
  sort,
  desc,
  onSort,
}: {
  label: string;
  sortKey: string;
  sort: string;
  desc: boolean;
  onSort: (key: string) => void;
}) {
  const active = sort === sortKey;
  return (
    <button type="button" className="sort-header" onClick={() => onSort(sortKey)} aria-label={`Sort by ${label}`}>
      {label}
      {active ? (desc ? ' ▼' : ' ▲') : ''}
    </button>
  );
}

export function controlColumns(sort: SortKey, desc: boolean, onSort: (key: string) => void) {
  const header = (label: string, key: SortKey) => () => (
    <SortHeader label={label} sortKey={key} sort={sort} desc={desc} onSort={onSort} />
  );
  return [
    col.accessor('id', { header: header('ID', 'id'), size: 90 }),
    col.accessor('title', { header: header('Title', 'title'), size: 260 }),
    col.accessor('owner', { header: header('Owner', 'owner'), size: 130, cell: (c) => c.getValue() || '—' }),
    col.accessor('frequency', {
      header: header('Frequency', 'frequency'),
      size: 140,
      cell: (c) => frequencyLabel(c.getValue()),
    }),
    col.accessor('nature', { header: 'Nature', size: 100, cell: (c) => c.getValue() || '—' }),
    col.accessor('key', { header: 'Key', size: 60, cell: (c) => (c.getValue() ? '★ Key' : '') }),
    col.accessor('criteria', {
      header: 'Criteria',
      size: 220,
      cell: (c) => (c.getValue().length ? c.getValue().join(', ') : '⚠ Not mapped'),
    }),
  ];
}
