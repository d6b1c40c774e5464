import type { Frequency, RequestStatus } from '../../api';

export const frequencyLabels: Record<Frequency, string> = {
  annual: 'Annual',
  quarterly: 'Quarterly',
  monthly: 'Monthly',
  weekly: 'Weekly',
  daily: 'Daily',
  'multiple-daily': 'Multiple times a day',
  'as-needed': 'As needed',
};

/** Status words carry an icon too: colour is never the only signal. */
export const statusLabels: Record<RequestStatus, string> = {
  open: '○ Open',
  received: '◐ Received',
  accepted: '✓ Accepted',
  flagged: '⚑ Flagged',
  resubmitted: '↻ Resubmitted',
};

export function frequencyLabel(f: string | undefined): string {
  return f ? (frequencyLabels[f as Frequency] ?? f) : '—';
}
