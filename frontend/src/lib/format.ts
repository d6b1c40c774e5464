import type { Category, Engagement, EngagementType } from '../api';

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-03-04 14:05:09" in the local time zone; the input unchanged when it is not a date. */
export function localDateTime(value: string): string {
  const d = new Date(value);
  if (!value || Number.isNaN(d.getTime())) return value;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** "2025-03-04" in the local time zone. */
export function localDate(value: string): string {
  return localDateTime(value).slice(0, 10);
}

export const typeLabels: Record<EngagementType, string> = {
  type1: 'Type 1',
  type2: 'Type 2',
};

export const categoryLabels: Record<Category, string> = {
  security: 'Security',
  availability: 'Availability',
  'processing-integrity': 'Processing integrity',
  confidentiality: 'Confidentiality',
  privacy: 'Privacy',
};

export const allCategories = Object.keys(categoryLabels) as Category[];

export function typeLabel(type: string): string {
  return typeLabels[type as EngagementType] ?? type;
}

export function categoryList(categories: readonly string[] | null | undefined): string {
  return (categories ?? []).map((c) => categoryLabels[c as Category] ?? c).join(', ');
}

/** "As of 2025-06-30" for Type 1, "2025-01-01 – 2025-12-31" for Type 2. */
export function period(e: Pick<Engagement, 'type' | 'period_start' | 'period_end'>): string {
  if (e.type === 'type1' || !e.period_end) return `As of ${e.period_start}`;
  return `${e.period_start} – ${e.period_end}`;
}

/** The first 8 characters of a hash, for tables. */
export function shortHash(hash: string): string {
  return hash.length > 8 ? hash.slice(0, 8) : hash;
}

// The characters that reorder text: ALM, LRM, RLM, the embeddings and
// overrides (LRE…RLO) and the isolates (LRI…PDI). The Go side's
// audit.VisibleName lists the same.
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * A file name with its bidirectional controls shown as "<U+202E>" rather
 * than obeyed, so that "invoice\u202Egpj.exe" cannot pass for "invoiceexe.jpg".
 */
export function visibleName(name: string): string {
  return name.replace(bidiControls, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}
