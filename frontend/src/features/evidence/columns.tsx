import { createColumnHelper } from '@tanstack/react-table';
import type { Evidence, EvidenceSort, EvidenceSortKey } from '../../api';
import { EvidenceStatusBadge } from './EvidenceStatusBadge';
import { asOfSourceText, humanSize } from './format';
import { visibleName } from '../../lib/format';

const col = createColumnHelper<Evidence>();

/** The next sort after a click on a column: ascending first, then flip. */
export function nextSort(current: EvidenceSort, key: EvidenceSortKey): EvidenceSort {
  if (current === key) return `-${key}`;
  return key;
}

function SortHeader({
  label,
  sortKey,
  sort,
  onSort,
}: {
  label: string;
  sortKey: EvidenceSortKey;
  sort: EvidenceSort;
  onSort: (sort: EvidenceSort) => void;
}) {
  const dir = sort === sortKey ? 'ascending' : sort === `-${sortKey}` ? 'descending' : null;
  return (
    <button
      type="button"
      className="sort-header"
      data-sort={dir ?? undefined}
      title={
        dir === 'ascending'
          ? `Sorted by ${label.toLowerCase()}, ascending; click for descending`
          : dir === 'descending'
            ? `Sorted by ${label.toLowerCase()}, descending; click for ascending`
            : `Sort by ${label.toLowerCase()}`
      }
      onClick={() => onSort(nextSort(sort, sortKey))}
    >
      {label}
      <span aria-hidden="true" className="sort-mark">
        {dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''}
      </span>
    </button>
  );
}

function IdList({ ids }: { ids: string[] | null | undefined }) {
  if (!ids || ids.length === 0) return <span className="muted">—</span>;
  return <span title={ids.join(', ')}>{ids.join(', ')}</span>;
}

/** The as-of date, marked when it is outside the period or unknown (issue says why). */
function AsOfCell({ ev, issue }: { ev: Evidence; issue?: string }) {
  const source = asOfSourceText(ev.as_of_source, ev.as_of_detail);
  return (
    <span className={issue ? 'as-of out-of-period' : 'as-of'} title={[source, issue].filter(Boolean).join('; ')}>
      {ev.as_of || <span className="muted">unknown</span>}
      {issue ? (
        <span className="as-of-issue" aria-label={issue}>
          {' '}⚠ {ev.as_of ? 'outside period' : 'undated'}
        </span>
      ) : null}
    </span>
  );
}

/** Columns of the evidence table; sortable headers ask the Go side for the order. dateIssues
 * (by evidence ID) marks the items dated outside the period or not at all. */
export function evidenceColumns(
  sort: EvidenceSort,
  onSort: (sort: EvidenceSort) => void,
  dateIssues: Record<string, string> = {},
) {
  const header = (label: string, key: EvidenceSortKey) => () => (
    <SortHeader label={label} sortKey={key} sort={sort} onSort={onSort} />
  );
  return [
    col.accessor('name', {
      header: header('Name', 'name'),
      size: 220,
      cell: (c) => (
        <div className="evidence-name">
          <span className="name" title={visibleName(c.getValue())}>
            {visibleName(c.getValue())}
          </span>
          <span className="path muted" title={`${c.row.original.pack}/${c.row.original.path}`}>
            {visibleName(c.row.original.path)}
          </span>
        </div>
      ),
    }),
    col.accessor('type', { header: header('Type', 'type'), size: 85 }),
    col.accessor('size', {
      header: header('Size', 'size'),
      size: 70,
      cell: (c) => <span title={`${c.getValue()} bytes`}>{humanSize(c.getValue())}</span>,
    }),
    col.accessor('as_of', {
      header: header('As of', 'as_of'),
      size: 105,
      cell: (c) => <AsOfCell ev={c.row.original} issue={dateIssues[c.row.original.id]} />,
    }),
    col.accessor('controls', { header: 'Controls', size: 75, cell: (c) => <IdList ids={c.getValue()} /> }),
    col.accessor('requests', { header: 'Requests', size: 75, cell: (c) => <IdList ids={c.getValue()} /> }),
    col.accessor('status', {
      header: 'Status',
      size: 110,
      cell: (c) => <EvidenceStatusBadge evidence={c.row.original} />,
    }),
  ];
}
