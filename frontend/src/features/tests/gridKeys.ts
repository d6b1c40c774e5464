import type { CellResult } from '../../api';

/** A cell of the grid: the sample item's row (from 0) and the attribute's column (from 0). */
export interface Pos {
  row: number;
  col: number;
}

export type GridAction =
  | { kind: 'move'; to: Pos }
  /** Record a result, then go on to `next` (the item below) as data entry does. */
  | { kind: 'set'; result: CellResult; next: Pos }
  /** Open the cell's note. */
  | { kind: 'edit' }
  | { kind: 'none' };

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

const results: Record<string, CellResult> = { p: 'pass', e: 'exception', n: 'not_applicable' };

/** The shortcuts, as the grid lists them. */
export const gridShortcuts = 'Arrows move · p pass · e exception · n not applicable · Delete clears · Enter writes a note';

const PAGE = 10;

/**
 * What a key does in a grid of rows × cols cells with `at` active. Letters
 * with Ctrl, Alt or Cmd are left to the browser.
 */
export function gridKey(press: KeyPress, at: Pos, rows: number, cols: number): GridAction {
  if (rows < 1 || cols < 1) return { kind: 'none' };
  const clamp = (p: Pos): Pos => ({
    row: Math.min(rows - 1, Math.max(0, p.row)),
    col: Math.min(cols - 1, Math.max(0, p.col)),
  });
  const move = (p: Pos): GridAction => ({ kind: 'move', to: clamp(p) });
  const ctrl = !!(press.ctrlKey || press.metaKey);
  switch (press.key) {
    case 'ArrowUp':
      return move({ row: at.row - 1, col: at.col });
    case 'ArrowDown':
      return move({ row: at.row + 1, col: at.col });
    case 'ArrowLeft':
      return move({ row: at.row, col: at.col - 1 });
    case 'ArrowRight':
      return move({ row: at.row, col: at.col + 1 });
    case 'PageUp':
      return move({ row: at.row - PAGE, col: at.col });
    case 'PageDown':
      return move({ row: at.row + PAGE, col: at.col });
    case 'Home':
      return move(ctrl ? { row: 0, col: 0 } : { row: at.row, col: 0 });
    case 'End':
      return move(ctrl ? { row: rows - 1, col: cols - 1 } : { row: at.row, col: cols - 1 });
    case 'Enter':
    case 'F2':
      return { kind: 'edit' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'set', result: '', next: clamp(at) };
  }
  if (ctrl || press.altKey) return { kind: 'none' };
  const result = results[press.key.toLowerCase()];
  if (result !== undefined) return { kind: 'set', result, next: clamp({ row: at.row + 1, col: at.col }) };
  return { kind: 'none' };
}
