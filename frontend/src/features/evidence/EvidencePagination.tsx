/** "Files 1–50 of 230" with Previous and Next. */
export function EvidencePagination({
  offset,
  count,
  total,
  pageSize,
  onOffset,
}: {
  offset: number;
  count: number;
  total: number;
  pageSize: number;
  onOffset: (offset: number) => void;
}) {
  return (
    <nav className="pagination" aria-label="Evidence pages">
      <span aria-live="polite">
        {total === 0 ? 'No files' : `Files ${offset + 1}–${offset + count} of ${total}`}
      </span>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
        Previous page
      </button>
      <button type="button" disabled={offset + pageSize >= total} onClick={() => onOffset(offset + pageSize)}>
        Next page
      </button>
    </nav>
  );
}
