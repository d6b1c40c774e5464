import type { CellResult } from '../../api';

export const resultLabels: Record<CellResult, string> = {
  '': 'Not recorded',
  pass: 'Pass',
  exception: 'Exception',
  not_applicable: 'N/A',
};

export const resultIcons: Record<CellResult, string> = {
  '': '·',
  pass: '✓',
  exception: '✗',
  not_applicable: '–',
};

/** "12.5%" from a fraction, with at most two decimals. */
export function percent(f: number): string {
  return `${Number((f * 100).toFixed(2))}%`;
}

/** "16.2%": a limit as the AICPA tables print it, one decimal. */
export function percent1(f: number): string {
  return `${(f * 100).toFixed(1)}%`;
}
