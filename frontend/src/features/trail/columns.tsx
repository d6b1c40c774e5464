import { createColumnHelper } from '@tanstack/react-table';
import type { TrailEvent } from '../../api';
import { localDateTime, shortHash } from '../../lib/format';

const col = createColumnHelper<TrailEvent>();

export const trailColumns = [
  col.accessor('seq', { header: 'Seq', size: 60 }),
  col.accessor('time', { header: 'Time (local)', size: 160, cell: (c) => localDateTime(c.getValue()) }),
  col.accessor('actor', { header: 'Actor', size: 120 }),
  col.accessor('action', { header: 'Action', size: 160 }),
  col.accessor('object', {
    header: 'Object',
    size: 240,
    // The name first; the ID as a smaller grey line, for lookups.
    cell: (c) =>
      c.row.original.name ? (
        <>
          <span className="break">{c.row.original.name}</span>
          <br />
          <span className="muted small">{c.getValue()}</span>
        </>
      ) : (
        c.getValue()
      ),
  }),
  col.accessor('hash', {
    header: 'Hash',
    size: 90,
    cell: (c) => (
      <code title={c.getValue()}>{shortHash(c.getValue())}</code>
    ),
  }),
];
