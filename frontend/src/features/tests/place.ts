import type { CellPin } from '../../api';

/** "page 3", "sheet Q1, row 12", or "whole file". */
export function placeText(p: CellPin): string {
  const parts: string[] = [];
  if (p.page) parts.push(`page ${p.page}`);
  if (p.sheet) parts.push(`sheet ${p.sheet}`);
  if (p.row) parts.push(`row ${p.row}`);
  if (p.line) parts.push(`line ${p.line}`);
  return parts.length > 0 ? parts.join(', ') : 'whole file';
}
