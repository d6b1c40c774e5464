import { createColumnHelper } from '@tanstack/react-table';
import type { FindingRow } from '../../api';
import { StatusBadge, ClassificationBadge } from './badges';
import { positionLabels } from './labels';

const col = createColumnHelper<FindingRow>();

const classification = col.accessor('classification', {
  header: 'Classification',
  size: 180,
  cell: (c) => <ClassificationBadge classification={c.getValue()} />,
});
const criteria = col.accessor('criteria', { header: 'Criteria', size: 130, cell: (c) => c.getValue().join(', ') || '—' });
const response = col.accessor('response', {
  header: 'Response',
  size: 120,
  cell: (c) => {
    const p = c.getValue();
    return p ? positionLabels[p] : '—';
  },
});
const id = col.accessor('id', { header: 'ID', size: 70 });
const title = col.accessor('title', { header: 'Title', size: 300 });

export const findingColumns = [
  id,
  title,
  col.accessor('status', {
    header: 'Status',
    size: 170,
    cell: (c) => <StatusBadge status={c.getValue()} changed={c.row.original.changed_since_issue} />,
  }),
  classification,
  criteria,
  col.accessor('owner', { header: 'Owner', size: 130, cell: (c) => c.getValue() || '—' }),
  response,
];

/** The responder's list: what was issued and whether it is answered yet. */
export const responderColumns = [id, title, classification, criteria, response];
