import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Cell, CellResult, TestView } from '../../api';
import { gridKey, gridShortcuts, type Pos } from './gridKeys';
import { resultLabels, resultIcons } from './labels';
import type { PendingCell } from './useTests';

/** The cell as shown: the stored one with any result or note not yet stored over it. */
export function shownCell(view: TestView, pending: Record<string, PendingCell>, row: number, col: number): Cell {
  const r = view.grid[row];
  const a = view.test.attributes[col];
  const stored = r?.cells[col] ?? {};
  const p = r && a ? pending[`${r.item.number}/${a.id}`] : undefined;
  return p ? { ...stored, result: p.result, note: p.note } : stored;
}

function CellContent({ cell }: { cell: Cell }) {
  const result = (cell.result ?? '') as CellResult;
  const pins = cell.pins?.length ?? 0;
  return (
    <>
      {result === '' ? (
        <span className="result result-pending">
          <span aria-hidden="true">{resultIcons['']}</span>
          <span className="sr-only">{resultLabels['']}</span>
        </span>
      ) : (
        <span className={`result result-${result}`}>
          <span aria-hidden="true">{resultIcons[result]} </span>
          {resultLabels[result]}
        </span>
      )}
      {cell.note ? (
        <span className="cell-mark" title={cell.note}>
          {' '}
          ✎
        </span>
      ) : null}
      {pins > 0 ? <span className="cell-mark"> {pins === 1 ? '1 pin' : `${pins} pins`}</span> : null}
    </>
  );
}

/**
 * The samples × attributes grid, driven by the keyboard: one cell is
 * active (and the only one in the tab order); arrows move it, p / e / n
 * record a result and go down, Delete clears, Enter opens the note.
 */
export function Grid({
  view,
  pending,
  active,
  focusSignal,
  onActive,
  onSet,
  onEdit,
}: {
  view: TestView;
  pending: Record<string, PendingCell>;
  active: Pos;
  /** Changes when the grid should take the focus back (after the note closes). */
  focusSignal: number;
  onActive: (p: Pos) => void;
  onSet: (p: Pos, result: CellResult) => void;
  onEdit: (p: Pos) => void;
}) {
  const table = useRef<HTMLTableElement>(null);
  const attrs = view.test.attributes;
  const rows = view.grid.length;

  // Focus follows the active cell while the grid has the focus, and comes
  // back to it when asked.
  const { row: activeRow, col: activeCol } = active;
  const signal = useRef(focusSignal);
  useEffect(() => {
    const t = table.current;
    const asked = signal.current !== focusSignal;
    signal.current = focusSignal;
    if (t && (asked || t.contains(document.activeElement))) {
      t.querySelector<HTMLElement>(`[data-row="${activeRow}"][data-col="${activeCol}"]`)?.focus();
    }
  }, [activeRow, activeCol, focusSignal]);

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const a = gridKey(e, active, rows, attrs.length);
    if (a.kind === 'none') return;
    e.preventDefault();
    if (a.kind === 'move') onActive(a.to);
    else if (a.kind === 'edit') onEdit(active);
    else {
      onSet(active, a.result);
      onActive(a.next);
    }
  };

  return (
    <div className="grid-wrap">
      <p className="muted small grid-help" id="grid-help">
        {gridShortcuts}
      </p>
      <table
        ref={table}
        role="grid"
        className="data-table test-grid"
        aria-label="Test grid"
        aria-describedby="grid-help"
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr>
            <th scope="col" className="num">
              Sample
            </th>
            <th scope="col" className="num">
              Row
            </th>
            {view.columns.map((c) => (
              <th key={c.index} scope="col" className="item-col" title={`Column ${c.letter} of the population`}>
                {c.header}
              </th>
            ))}
            {attrs.map((a) => (
              <th key={a.id} scope="col" className="attr-col" title={a.description}>
                {a.id} <span className="attr-desc">{a.description}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.grid.map((r, row) => (
            <tr key={r.item.number} aria-selected={row === active.row}>
              <th scope="row" className="num">
                {r.item.number}
              </th>
              <td className="num">{r.item.row}</td>
              {view.columns.map((c, i) => (
                <td key={c.index} className="item-col" title={r.values[i]}>
                  {r.values[i]}
                </td>
              ))}
              {attrs.map((a, col) => {
                const cell = shownCell(view, pending, row, col);
                const isActive = row === active.row && col === active.col;
                return (
                  <td
                    key={a.id}
                    role="gridcell"
                    tabIndex={isActive ? 0 : -1}
                    data-row={row}
                    data-col={col}
                    aria-selected={isActive}
                    aria-label={`Sample ${r.item.number} ${a.id}: ${resultLabels[(cell.result ?? '') as CellResult]}`}
                    className={`cell${isActive ? ' active' : ''}${pending[`${r.item.number}/${a.id}`] ? ' saving' : ''}`}
                    onClick={() => onActive({ row, col })}
                    onDoubleClick={() => onEdit({ row, col })}
                  >
                    <CellContent cell={cell} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
