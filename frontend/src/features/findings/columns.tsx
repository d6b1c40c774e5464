import { createColumnHelper } from '@tanstack/react-table';
import type { FindingRow } from '../../api';
import { StatusBadge, ClassificationBadge } from './badges';
import { positionLabels } from './labels';

const col = createColumnHelper<FindingRow>();

// Sizes are proportions: they add up to fit beside the packets panel, and
// a fixed-layout table shares out any room left over in the same ratio.

const classification = col.accessor('classification', {
  header: 'Classification',
  size: 125,
  cell: (c) => <ClassificationBadge classification={c.getValue()} />,
});
const criteria = col.accessor('criteria', { header: 'Criteria', size: 70, cell: (c) => c.getValue().join(', ') || '—' });
const response = col.accessor('response', {
  header: 'Response',
  size: 70,
  cell: (c) => {
    const p = c.getValue();
    return p ? positionLabels[p] : '—';
  },
});
const id = col.accessor('id', { header: 'ID', size: 50 });
const title = col.accessor('title', { header: 'Title', size: 200 });

export const findingColumns = [
  id,
  title,
  col.accessor('status', {
    header: 'Status',
    size: 115,
    cell: (c) => <StatusBadge status={c.getValue()} changed={c.row.original.changed_since_issue} />,
  }),
  classification,
  criteria,
  col.accessor('owner', { header: 'Owner', size: 70, cell: (c) => c.getValue() || '—' }),
  response,
];

/** The responder's list: what was issued and whether it is answered yet. */
export const responderColumns = [id, title, classification, criteria, response];
