import { useState } from 'react';
import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { Engagement, TestRow } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Loading, QueryError } from '../../components/ErrorMessage';
import { Table } from '../../components/Table';
import { navigate, paths } from '../../lib/router';
import { testColumns } from './columns';
import { TestDetail } from './TestDetail';
import { TestForm } from './TestForm';
import { useTests } from './useTests';

function TestsTable({ engagementId, rows }: { engagementId: string; rows: TestRow[] }) {
  const table = useReactTable({ data: rows, columns: testColumns, getCoreRowModel: getCoreRowModel(), getRowId: (t) => t.id });
  return (
    <Table
      table={table}
      label="Tests"
      onActivate={(t) => navigate(paths.test(engagementId, t.id))}
      rowLabel={(t) => `Open the test of ${t.control}${t.title ? ` (${t.title})` : ''}`}
    />
  );
}

/** The engagement's tests of controls, or one test's grid when the address names it. */
export function TestsPage({ engagement, item }: { engagement: Engagement; item?: string }) {
  const list = useTests(engagement.id);
  const [creating, setCreating] = useState(false);
  if (item) return <TestDetail key={item} engagement={engagement} testId={item} />;

  let body;
  if (list.isPending) body = <Loading>Loading the tests…</Loading>;
  else if (list.isError)
    body = (
      <QueryError title="Could not load the tests." query={list} />
    );
  else if (list.data.length === 0)
    body = (
      <EmptyState>
        No tests yet. A test checks a control's attributes on each item of a sample: draw the sample on the Populations
        page, then “New test”.
      </EmptyState>
    );
  else body = <TestsTable engagementId={engagement.id} rows={list.data} />;

  return (
    <div className="testing-page with-panel">
      <div className="list-pane">
        <div className="toolbar">
          <h2>Tests</h2>
          <div className="actions">
            <a className="button-link" href={paths.engagement(engagement.id, 'populations')}>
              Populations and samples
            </a>
            <button type="button" onClick={() => setCreating(true)} disabled={creating}>
              New test
            </button>
          </div>
        </div>
        {body}
      </div>
      {creating ? (
        <TestForm
          engagementId={engagement.id}
          test={null}
          onDone={(v) => navigate(paths.test(engagement.id, v.test.id))}
          onCancel={() => setCreating(false)}
        />
      ) : null}
    </div>
  );
}
