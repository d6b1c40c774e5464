import { describe, expect, it } from 'vitest';
import { currentHit, firstHitInPart, scaleFor, stepHit, zoomStep } from './navigation';
import type { Location } from '../../api';

const pages: Location[] = [
  { part: 1, page: 2 },
  { part: 4, page: 5 },
  { part: 8, page: 9 },
];

describe('stepHit', () => {
  it('finds the next and previous match from where the viewer is, round at the ends', () => {
    expect(stepHit(pages, { page: 1 }, 1)).toBe(0);
    expect(stepHit(pages, { page: 2 }, 1)).toBe(1);
    expect(stepHit(pages, { page: 3 }, 1)).toBe(1);
    expect(stepHit(pages, { page: 9 }, 1)).toBe(0);
    expect(stepHit(pages, { page: 5 }, -1)).toBe(0);
    expect(stepHit(pages, { page: 2 }, -1)).toBe(2);
    expect(stepHit([], { page: 2 }, 1)).toBe(-1);
  });

  it('orders a workbook by its sheets, then rows', () => {
    const rows: Location[] = [
      { part: 0, sheet: 'Users', row: 4 },
      { part: 2, sheet: 'Rules', row: 2 },
    ];
    const sheets = ['Users', 'Rules'];
    expect(stepHit(rows, { sheet: 'Users', row: 9 }, 1, sheets)).toBe(1);
    expect(stepHit(rows, { sheet: 'Rules', row: 1 }, -1, sheets)).toBe(0);
    expect(currentHit(rows, { sheet: 'Rules', row: 2 }, sheets)).toBe(1);
    expect(currentHit(rows, { sheet: 'Users', row: 2 }, sheets)).toBe(-1);
  });

  it('steps through lines', () => {
    const lines: Location[] = [{ part: 0, line: 3 }, { part: 0, line: 7 }, { part: 1, line: 120 }];
    expect(stepHit(lines, { line: 7 }, 1)).toBe(2);
    expect(stepHit(lines, { line: 100 }, -1)).toBe(1);
    expect(currentHit(lines, { line: 120 })).toBe(2);
  });
});

describe('firstHitInPart', () => {
  it('picks the first match of the part a search hit named', () => {
    const lines: Location[] = [{ part: 0, line: 3 }, { part: 1, line: 40 }, { part: 1, line: 44 }];
    expect(firstHitInPart(lines, 1)).toEqual({ part: 1, line: 40 });
    expect(firstHitInPart(lines, 5)).toBeUndefined();
    expect(firstHitInPart(lines, undefined)).toBeUndefined();
  });
});

describe('zoom', () => {
  it('steps between levels and stops at the ends', () => {
    expect(zoomStep(1, 1)).toBe(1.25);
    expect(zoomStep(1, -1)).toBe(0.75);
    expect(zoomStep(1.1, 1)).toBe(1.25);
    expect(zoomStep(4, 1)).toBe(4);
    expect(zoomStep(0.5, -1)).toBe(0.5);
  });

  it('asks for images as sharp as the screen', () => {
    expect(scaleFor(1, 1)).toBe(1.33);
    expect(scaleFor(1, 2)).toBe(2.67);
    expect(scaleFor(2, 10)).toBe(8);
    expect(scaleFor(1, 0)).toBe(1.33);
  });
});
