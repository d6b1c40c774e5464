import { describe, expect, it } from 'vitest';
import { gridKey } from './gridKeys';

const at = { row: 2, col: 1 };

describe('gridKey', () => {
  it.each([
    ['ArrowUp', { row: 1, col: 1 }],
    ['ArrowDown', { row: 3, col: 1 }],
    ['ArrowLeft', { row: 2, col: 0 }],
    ['ArrowRight', { row: 2, col: 2 }],
    ['Home', { row: 2, col: 0 }],
    ['End', { row: 2, col: 2 }],
    ['PageDown', { row: 4, col: 1 }],
    ['PageUp', { row: 0, col: 1 }],
  ])('%s moves within a 5 × 3 grid', (key, to) => {
    expect(gridKey({ key }, at, 5, 3)).toEqual({ kind: 'move', to });
  });

  it('stops at the edges', () => {
    expect(gridKey({ key: 'ArrowUp' }, { row: 0, col: 0 }, 5, 3)).toEqual({ kind: 'move', to: { row: 0, col: 0 } });
    expect(gridKey({ key: 'ArrowRight' }, { row: 4, col: 2 }, 5, 3)).toEqual({ kind: 'move', to: { row: 4, col: 2 } });
    expect(gridKey({ key: 'End', ctrlKey: true }, at, 5, 3)).toEqual({ kind: 'move', to: { row: 4, col: 2 } });
    expect(gridKey({ key: 'Home', metaKey: true }, at, 5, 3)).toEqual({ kind: 'move', to: { row: 0, col: 0 } });
  });

  it('records p, e and n (either case) and goes down, staying on the last row', () => {
    expect(gridKey({ key: 'p' }, at, 5, 3)).toEqual({ kind: 'set', result: 'pass', next: { row: 3, col: 1 } });
    expect(gridKey({ key: 'E' }, at, 5, 3)).toEqual({ kind: 'set', result: 'exception', next: { row: 3, col: 1 } });
    expect(gridKey({ key: 'n' }, { row: 4, col: 1 }, 5, 3)).toEqual({
      kind: 'set',
      result: 'not_applicable',
      next: { row: 4, col: 1 },
    });
  });

  it('clears with Delete or Backspace without moving, and opens the note with Enter or F2', () => {
    expect(gridKey({ key: 'Delete' }, at, 5, 3)).toEqual({ kind: 'set', result: '', next: at });
    expect(gridKey({ key: 'Backspace' }, at, 5, 3)).toEqual({ kind: 'set', result: '', next: at });
    expect(gridKey({ key: 'Enter' }, at, 5, 3)).toEqual({ kind: 'edit' });
    expect(gridKey({ key: 'F2' }, at, 5, 3)).toEqual({ kind: 'edit' });
  });

  it('leaves shortcuts with modifiers, other keys and empty grids alone', () => {
    expect(gridKey({ key: 'p', ctrlKey: true }, at, 5, 3)).toEqual({ kind: 'none' });
    expect(gridKey({ key: 'e', altKey: true }, at, 5, 3)).toEqual({ kind: 'none' });
    expect(gridKey({ key: 'x' }, at, 5, 3)).toEqual({ kind: 'none' });
    expect(gridKey({ key: 'Tab' }, at, 5, 3)).toEqual({ kind: 'none' });
    expect(gridKey({ key: 'p' }, { row: 0, col: 0 }, 0, 3)).toEqual({ kind: 'none' });
  });
});
