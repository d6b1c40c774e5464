import { createColumnHelper } from '@tanstack/react-table';
import type { Population, Sample } from '../../api';
import { localDateTime } from '../../lib/format';
import { MethodLabel } from './methods';

const pop = createColumnHelper<Population>();

export const populationColumns = [
  pop.accessor('name', { header: 'Name', size: 220 }),
  pop.accessor('file', { header: 'Source file', size: 220 }),
  pop.accessor('rows', { header: 'Rows', size: 90, cell: (c) => c.getValue().toLocaleString('en-US') }),
  pop.display({
    id: 'checks',
    header: 'Checks',
    size: 150,
    cell: (c) => {
      const problems = c.row.original.checks.items.filter((x) => !x.ok).length;
      return (
        <span className={problems ? 'check-bad' : 'check-ok'}>
          <span aria-hidden="true">{problems ? '⚠ ' : '✓ '}</span>
          {problems ? `${problems} to look at` : 'All passed'}
        </span>
      );
    },
  }),
  pop.accessor('created_at', {
    header: 'Created',
    size: 220,
    cell: (c) => `${localDateTime(c.getValue())} by ${c.row.original.created_by}`,
  }),
];

const smp = createColumnHelper<Sample>();

export const sampleColumns = [
  smp.accessor('id', { header: 'Sample', size: 150, cell: (c) => <code>{c.getValue()}</code> }),
  smp.accessor('method', { header: 'Method', size: 120, cell: (c) => <MethodLabel method={c.getValue()} /> }),
  smp.accessor((s) => s.items.length, { id: 'items', header: 'Items', size: 70 }),
  smp.accessor('seed', { header: 'Seed', size: 120, cell: (c) => <code>{c.getValue() || '—'}</code> }),
  smp.accessor('created_at', {
    header: 'Drawn',
    size: 220,
    cell: (c) => `${localDateTime(c.getValue())} by ${c.row.original.created_by}`,
  }),
];
