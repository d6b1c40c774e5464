import type { CellPin } from '../../api';
import { placeLabel } from '../../lib/locator';

/** "page 3", "sheet Q1, row 12", or "whole file". */
export function placeText(p: CellPin): string {
  return placeLabel(p);
}
