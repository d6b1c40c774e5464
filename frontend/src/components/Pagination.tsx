/**
 * Previous/next over a list paged on the Go side, with "Files 1–50 of 230".
 * `label` names the list for assistive technology ("Evidence pages");
 * `noun` starts the range shown (defaults to `label`).
 */
export function Pagination({
  label,
  noun = label,
  offset,
  shown,
  total,
  pageSize,
  onOffset,
}: {
  label: string;
  noun?: string;
  offset: number;
  shown: number;
  total: number;
  pageSize: number;
  onOffset: (offset: number) => void;
}) {
  return (
    <nav className="pagination" aria-label={`${label} pages`}>
      <span aria-live="polite">
        {noun} {total === 0 ? 0 : offset + 1}–{offset + shown} of {total}
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
