import { createColumnHelper } from '@tanstack/react-table';
import type { SignOff, TestRow } from '../../api';
import { localDateTime } from '../../lib/format';

const col = createColumnHelper<TestRow>();

function Signed({ s }: { s?: SignOff }) {
  return s ? (
    <span title={localDateTime(s.at)}>
      <span aria-hidden="true">✓ </span>
      {s.actor}
    </span>
  ) : (
    <span className="muted">—</span>
  );
}

export const testColumns = [
  col.accessor('control', {
    header: 'Test',
    size: 220,
    // The control and the test's title; a test without one is the test of its control.
    cell: (c) => (
      <>
        {c.getValue()} {c.row.original.title || <span className="muted">test of {c.getValue()}</span>}
      </>
    ),
  }),
  col.accessor('sample_size', { header: 'Sample', size: 70, cell: (c) => c.getValue() || '—' }),
  col.accessor('deviations', {
    header: 'Deviations',
    size: 90,
    cell: (c) => (c.row.original.sample_size ? c.getValue() : '—'),
  }),
  col.accessor('complete', {
    header: 'Status',
    size: 110,
    cell: (c) =>
      c.getValue() ? (
        <>
          <span aria-hidden="true">✓ </span>Complete
        </>
      ) : (
        <>
          <span aria-hidden="true">○ </span>In progress
        </>
      ),
  }),
  col.accessor('conclusion', {
    header: 'Conclusion',
    size: 420,
    cell: (c) => <span title={c.getValue()}>{c.getValue()}</span>,
  }),
  col.accessor('preparer', { header: 'Preparer', size: 110, cell: (c) => <Signed s={c.getValue()} /> }),
  col.accessor('reviewer', { header: 'Reviewer', size: 110, cell: (c) => <Signed s={c.getValue()} /> }),
];
