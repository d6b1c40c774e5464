// Which workflow steps a finding offers, and why one is not open yet. The
// Go side enforces every rule; this says them before the click.
import type { Finding, FindingStatus } from '../../api';
import { reviewerRule } from '../../lib/review';
import { andList } from './labels';

export type ActionKind = 'submit' | 'return' | 'signoff' | 'issue' | 'reopen' | 'finalise';

export interface WorkflowAction {
  kind: ActionKind;
  label: string;
  /** The status it moves to (none for the sign-off, which stays in review). */
  to?: FindingStatus;
  /** The step asks why, in writing. */
  needsComment: boolean;
  /** Why it cannot be taken now; undefined when it can. */
  blocked?: string;
  primary?: boolean;
}

/** What the finding lacks to go to review, as the Go side checks it. */
export function incomplete(f: Finding): string[] {
  const out: string[] = [];
  if (!f.condition.trim()) out.push('the condition');
  if (f.criteria.length === 0) out.push('the criteria');
  if (!f.recommendation.trim()) out.push('a recommendation');
  if (!f.classification) out.push('a classification (evaluate the deficiency)');
  return out;
}

/**
 * The steps open to whoever is at the keyboard (actor) on a finding as
 * stored; dirty is true while the editor holds unsaved changes, which
 * every step waits for.
 */
export function workflowActions(f: Finding, actor: string | undefined, dirty: boolean): WorkflowAction[] {
  const out: WorkflowAction[] = [];
  switch (f.status) {
    case 'draft': {
      const lacks = incomplete(f);
      out.push({
        kind: 'submit',
        label: 'Submit for review',
        to: 'in_review',
        needsComment: false,
        primary: true,
        blocked: lacks.length > 0 ? `Before review the finding needs ${andList(lacks)}.` : undefined,
      });
      break;
    }
    case 'in_review': {
      const signed = !!f.reviewer && f.reviewer.version === f.version;
      const preparer = f.preparer?.actor;
      out.push({
        kind: 'signoff',
        label: 'Sign off as reviewer',
        needsComment: false,
        primary: !signed,
        blocked: signed
          ? `${f.reviewer!.actor} signed off this version.`
          : preparer && actor === preparer
            ? reviewerRule(preparer, 'finding (submitted it for review)')
            : undefined,
      });
      out.push({
        kind: 'issue',
        label: 'Issue',
        to: 'issued',
        needsComment: false,
        primary: signed,
        blocked: signed ? undefined : 'Issuing needs the reviewer’s sign-off of this version first.',
      });
      out.push({ kind: 'return', label: 'Return to draft…', to: 'draft', needsComment: true });
      break;
    }
    case 'issued':
      out.push({ kind: 'reopen', label: 'Reopen…', to: 'in_review', needsComment: true });
      out.push({ kind: 'finalise', label: 'Finalise without a response…', to: 'final', needsComment: true });
      break;
    case 'response_received':
      out.push({ kind: 'finalise', label: 'Finalise', to: 'final', needsComment: false, primary: true });
      out.push({ kind: 'reopen', label: 'Reopen…', to: 'in_review', needsComment: true });
      break;
    case 'final':
      break;
  }
  if (dirty) {
    for (const a of out) a.blocked ??= 'Save your changes first.';
  }
  return out;
}
