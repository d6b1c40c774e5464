import type { PopulationCheck, CheckExample, Population } from '../../api';

export const checkTitles: Record<string, string> = {
  count: 'Row count',
  period: 'Dates in the period',
  gaps: 'Gaps in the period',
  duplicate_keys: 'Duplicate keys',
  blank_keys: 'Blank keys',
  dates: 'Unreadable dates',
  amounts: 'Unreadable amounts',
};

export function checkTitle(c: PopulationCheck): string {
  return checkTitles[c.id] ?? c.id;
}

/** One example row of a check, as a sentence. */
export function exampleText(id: string, e: CheckExample): string {
  switch (id) {
    case 'gaps':
      return e.from === e.to ? `${e.from} (1 day)` : `${e.from} to ${e.to} (${e.days} days)`;
    case 'duplicate_keys':
      return `row ${e.row}: key “${e.key}”, first on row ${e.first_row}`;
    case 'blank_keys':
      return `row ${e.row}`;
    case 'period':
      return `row ${e.row}${e.key ? ` (${e.key})` : ''}: ${e.value}`;
    default: {
      const what = e.value ? `“${e.value}”` : 'empty';
      return `row ${e.row}${e.key ? ` (${e.key})` : ''}: ${what}${e.reason ? ` — ${e.reason}` : ''}`;
    }
  }
}

/** "1,234". */
export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** "12 MB" for the job's progress over the file's bytes. */
export function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** Which frequency the gap check follows and where it came from, as the Go side's FrequencyText: "from control CC8.1 (weekly)". */
export function frequencyText(p: Pick<Population, 'control' | 'frequency' | 'frequency_source' | 'business_days'>): string {
  const f = `${p.frequency ?? ''}${p.business_days ? ', business days' : ''}`;
  if (p.frequency_source === 'control') return `from control ${p.control} (${f})`;
  if (p.frequency_source === 'typed') return `typed (${f})`;
  return p.business_days ? 'not stated (every business day)' : 'not stated (every day)';
}
