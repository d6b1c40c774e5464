import { useState } from 'react';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { Category, CriteriaFilter, CriterionRow } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { Table } from '../../components/Table';
import { categoryLabels } from '../../lib/format';
import { ImportDialog } from './ImportDialog';
import { useCriteria } from './useScope';

const col = createColumnHelper<CriterionRow>();

const columns = [
  col.accessor('id', { header: 'ID', size: 70 }),
  col.accessor('title', { header: 'Title', size: 320 }),
  col.accessor('category', { header: 'Category', size: 150, cell: (c) => categoryLabels[c.getValue()] ?? c.getValue() }),
  col.accessor('controls', {
    header: 'Controls',
    size: 200,
    cell: (c) => (c.getValue().length ? c.getValue().join(', ') : '⚠ No control'),
  }),
  col.accessor('text', { header: 'Text', size: 90, cell: (c) => (c.getValue() ? '✓ Imported' : '—') }),
];

function Detail({ row, onClose }: { row: CriterionRow; onClose: () => void }) {
  return (
    <aside className="side-panel" aria-label={`Criterion ${row.id}`}>
      <div className="toolbar">
        <h2>
          {row.id} {row.title}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {row.text ? (
        <>
          {row.their_title ? <h3>{row.their_title}</h3> : null}
          <p className="pre-wrap">{row.text}</p>
          {row.points_of_focus ? (
            <>
              <h3>Points of focus</h3>
              <p className="pre-wrap">{row.points_of_focus}</p>
            </>
          ) : null}
        </>
      ) : (
        <p className="muted">
          The criterion's wording is not imported. Audit Room ships only IDs and short titles of its own; import your
          copy of the text with “Import criteria text”.
        </p>
      )}
      <h3>Controls</h3>
      <p>{row.controls.length ? row.controls.join(', ') : 'No control is mapped to this criterion.'}</p>
    </aside>
  );
}

/** The in-scope Trust Services Criteria, with the user's text and mapped controls. */
export function CriteriaPage({ engagementId, categories }: { engagementId: string; categories: Category[] }) {
  const [filter, setFilter] = useState<CriteriaFilter>({});
  const [importing, setImporting] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const criteria = useCriteria(engagementId, filter);
  const rows = criteria.data ?? [];
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.id });
  const selected = rows.find((r) => r.id === open) ?? null;

  let body;
  if (criteria.isPending) body = <Loading>Loading the criteria…</Loading>;
  else if (criteria.isError) body = <ErrorMessage title="Could not load the criteria." error={criteria.error} />;
  else if (rows.length === 0) body = <EmptyState>No criterion matches these filters.</EmptyState>;
  else
    body = (
      <Table table={table} label="Criteria" onActivate={(r) => setOpen(r.id)} rowLabel={(r) => `Criterion ${r.id}`} />
    );

  return (
    <div className="scope-page with-panel">
      <div className="list-pane">
        <div className="toolbar">
          <h2>Criteria</h2>
          <button type="button" onClick={() => setImporting(true)}>
            Import criteria text
          </button>
        </div>
        {importing ? (
          <ImportDialog engagementId={engagementId} kind="criteria" onClose={() => setImporting(false)} />
        ) : null}
        <div className="filters" role="search" aria-label="Filter criteria">
          <input
            type="search"
            placeholder="Search ID, title, text"
            aria-label="Search criteria"
            value={filter.query ?? ''}
            onChange={(e) => setFilter({ ...filter, query: e.target.value })}
          />
          <select
            aria-label="Category"
            value={filter.category ?? ''}
            onChange={(e) => setFilter({ ...filter, category: e.target.value })}
          >
            <option value="">All categories in scope</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {categoryLabels[c]}
              </option>
            ))}
          </select>
          <label className="inline">
            <input
              type="checkbox"
              checked={!!filter.uncovered}
              onChange={(e) => setFilter({ ...filter, uncovered: e.target.checked })}
            />
            Without a control
          </label>
        </div>
        {body}
      </div>
      {selected ? <Detail row={selected} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
