/** Previous/next over a list paged on the Go side. */
export function Pager({
  label,
  offset,
  shown,
  total,
  pageSize,
  onOffset,
}: {
  label: string;
  offset: number;
  shown: number;
  total: number;
  pageSize: number;
  onOffset: (offset: number) => void;
}) {
  return (
    <nav className="pagination" aria-label={`${label} pages`}>
      <span aria-live="polite">
        {label} {total === 0 ? 0 : offset + 1}–{offset + shown} of {total}
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
