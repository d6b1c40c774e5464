import { createColumnHelper } from '@tanstack/react-table';
import type { TrailEvent } from '../../api';
import { localDateTime, shortHash } from '../../lib/format';

const col = createColumnHelper<TrailEvent>();

/** What an export or report event took out of the audit room: each file's
 * kind (draft, final, xlsx …), name and SHA-256, to match it to the file. */
export function filesWritten(e: TrailEvent): string {
  if (!e.action.startsWith('export.')) return '';
  const files = (e.change as { files?: { kind: string; path: string; sha256: string }[] } | null)?.files ?? [];
  return files.map((f) => `${f.kind} ${f.path.split(/[\\/]/).pop()} sha256 ${f.sha256}`).join('; ');
}

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
  col.display({
    id: 'files',
    header: 'Files written',
    size: 240,
    cell: (c) => <span className="break">{filesWritten(c.row.original)}</span>,
  }),
  col.accessor('hash', {
    header: 'Hash',
    size: 90,
    cell: (c) => (
      <code title={c.getValue()}>{shortHash(c.getValue())}</code>
    ),
  }),
];
