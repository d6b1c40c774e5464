import type {
  Classification,
  FindingStatus,
  Kind,
  Likelihood,
  Magnitude,
  Opinion,
  Position,
} from '../../api';
import { locatorText } from '../../lib/locator';

export const classificationLabels: Record<Classification, string> = {
  control_deficiency: 'Control deficiency',
  significant_deficiency: 'Significant deficiency',
  material_weakness: 'Material weakness',
};

export const opinionLabels: Record<Opinion, string> = {
  unmodified: 'Unmodified',
  qualified: 'Qualified ("except for")',
  adverse: 'Adverse',
};

export const statusLabels: Record<FindingStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  issued: 'Issued',
  response_received: 'Response received',
  final: 'Final',
};

export const kindLabels: Record<Kind, string> = {
  design: 'Design: the control is missing, or would not meet the criterion even operating as designed',
  operating: 'Operating: a suitably designed control did not operate as designed',
};

export const likelihoodLabels: Record<Likelihood, string> = {
  remote: 'Remote',
  reasonably_possible: 'Reasonably possible',
  probable: 'Probable',
};

export const magnitudeLabels: Record<Magnitude, string> = {
  inconsequential: 'Inconsequential',
  more_than_inconsequential: 'More than inconsequential',
  material: 'Material',
};

export const positionLabels: Record<Position, string> = {
  agree: 'Agree',
  partially_agree: 'Partially agree',
  disagree: 'Disagree',
};

/** A classification, or what stands in for none yet. */
export function classificationText(c: Classification | '' | undefined): string {
  return c ? classificationLabels[c] : 'Not evaluated';
}

/** A rate as a percent with at most one decimal: 0.232 → "23.2%", 0.08 → "8%". */
export function pct(rate: number): string {
  return `${Number((rate * 100).toFixed(1))}%`;
}

export { locatorText };

/** A file size in bytes, KB or MB (powers of 1024). */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${Number((n / 1024 / 1024).toFixed(1))} MB`;
}

/** "a", "a and b", "a, b and c". */
export function andList(items: string[]): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
