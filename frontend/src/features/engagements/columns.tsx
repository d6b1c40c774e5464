import { createColumnHelper } from '@tanstack/react-table';
import type { Engagement } from '../../api';
import { categoryList, localDateTime, period, typeLabel } from '../../lib/format';

const col = createColumnHelper<Engagement>();

export const engagementColumns = [
  col.accessor('name', { header: 'Name', size: 240 }),
  col.accessor('client', { header: 'Client', size: 180 }),
  col.accessor('type', { header: 'Type', size: 70, cell: (c) => typeLabel(c.getValue()) }),
  col.display({ id: 'period', header: 'Period', size: 190, cell: (c) => period(c.row.original) }),
  col.accessor('categories', {
    header: 'Categories',
    size: 220,
    cell: (c) => categoryList(c.getValue()),
  }),
  col.accessor('created_at', {
    header: 'Created',
    size: 150,
    cell: (c) => localDateTime(c.getValue()).slice(0, 16),
  }),
];
