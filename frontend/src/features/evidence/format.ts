import type { EvidenceStatus } from '../../api';

const units = ['KB', 'MB', 'GB', 'TB'];

/** "512 B", "1.5 KB", "12 MB": powers of 1024, at most one decimal. */
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  let v = bytes;
  let unit = 'B';
  for (const u of units) {
    if (v < 1024) break;
    v /= 1024;
    unit = u;
  }
  return `${v < 10 ? v.toFixed(1).replace(/\.0$/, '') : Math.round(v)} ${unit}`;
}

export const statusLabels: Record<EvidenceStatus, string> = {
  extracted: 'Extracted',
  not_extracted: 'Not extracted',
  encrypted: 'Encrypted',
  failed: 'Failed',
};

export const statusIcons: Record<EvidenceStatus, string> = {
  extracted: '✓',
  not_extracted: '○',
  encrypted: '⊘',
  failed: '✗',
};

/** A typed path, without the quotes a file manager's "copy path" may add. */
export function cleanPath(input: string): string {
  const p = input.trim();
  if (p.length >= 2 && (p[0] === '"' || p[0] === "'") && p[p.length - 1] === p[0]) {
    return p.slice(1, -1);
  }
  return p;
}

/** Where an as-of date came from, as the screens say it. */
export const asOfSources: Record<string, string> = {
  manifest: 'from the manifest',
  document: 'from the document',
  'file name': 'from the file name',
  'folder name': 'from a folder name',
  'file time': 'from the file time',
  edited: 'edited by hand',
  unknown: 'no date found',
};

/** "from the file name: 2026-06-30": the source and the field or fragment it was read from. */
export function asOfSourceText(source?: string, detail?: string): string {
  const s = source ? (asOfSources[source] ?? source) : '';
  return detail ? `${s}: ${detail}` : s;
}
