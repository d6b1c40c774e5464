import type { KeyboardEvent } from 'react';
import { flexRender, type Row, type Table as TanStackTable } from '@tanstack/react-table';

interface TableProps<T> {
  table: TanStackTable<T>;
  /** Accessible name of the table. */
  label: string;
  /** Enter or click on a row. Rows are focusable only when this is set. */
  onActivate?: (row: T) => void;
  /** Accessible name of a row, e.g. "Open Acme 2025". */
  rowLabel?: (row: T) => string;
  /** The row whose detail is open, marked aria-selected. */
  isSelected?: (row: T) => boolean;
}

function moveFocus(from: HTMLElement, to: 'next' | 'prev' | 'first' | 'last') {
  const body = from.closest('tbody');
  if (!body) return;
  const rows = Array.from(body.querySelectorAll<HTMLElement>('tr[tabindex]'));
  const i = rows.indexOf(from);
  const target =
    to === 'first' ? rows[0] : to === 'last' ? rows[rows.length - 1] : rows[i + (to === 'next' ? 1 : -1)];
  target?.focus();
}

/** A dense data table, driven by the keyboard: arrows move, Enter opens. */
export function Table<T>({ table, label, onActivate, rowLabel, isSelected }: TableProps<T>) {
  const onKeyDown = (row: Row<T>) => (e: KeyboardEvent<HTMLTableRowElement>) => {
    switch (e.key) {
      case 'Enter':
        e.preventDefault();
        onActivate?.(row.original);
        break;
      case 'ArrowDown':
        e.preventDefault();
        moveFocus(e.currentTarget, 'next');
        break;
      case 'ArrowUp':
        e.preventDefault();
        moveFocus(e.currentTarget, 'prev');
        break;
      case 'Home':
        e.preventDefault();
        moveFocus(e.currentTarget, 'first');
        break;
      case 'End':
        e.preventDefault();
        moveFocus(e.currentTarget, 'last');
        break;
    }
  };

  return (
    <table className="data-table" aria-label={label}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col" style={{ width: header.getSize() }}>
                {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr
            key={row.id}
            tabIndex={onActivate ? 0 : undefined}
            className={onActivate ? 'activatable' : undefined}
            aria-label={rowLabel?.(row.original)}
            aria-selected={isSelected ? isSelected(row.original) : undefined}
            onClick={onActivate ? () => onActivate(row.original) : undefined}
            onKeyDown={onActivate ? onKeyDown(row) : undefined}
          >
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
