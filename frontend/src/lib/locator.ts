import type { Locator } from '../api';

/**
 * Where a locator points, as audit.Locator.String says it: "page 2",
 * "sheet Users, row 5", "record 12, line 40", "e-mail body, line 3",
 * "attachment notes.txt, line 2"; '' for the whole file.
 */
export function locatorText(l: Locator): string {
  const parts: string[] = [];
  if (l.attachment) parts.push(`attachment ${l.attachment}`);
  if (l.section) parts.push(`e-mail ${l.section}`);
  if (l.page) parts.push(`page ${l.page}`);
  if (l.sheet) parts.push(`sheet ${l.sheet}`);
  if (l.record) parts.push(`record ${l.record}`);
  if (l.row) parts.push(`row ${l.row}`);
  if (l.line) parts.push(`line ${l.line}`);
  return parts.join(', ');
}

/** locatorText, or "whole file". */
export function placeLabel(l: Locator): string {
  return locatorText(l) || 'whole file';
}

/** Only the locator's own fields, to send back with a pin or a citation. */
export function locatorOf(l: Locator): Locator {
  const { page, sheet, row, line, record, section, attachment } = l;
  return { page, sheet, row, line, record, section, attachment };
}
