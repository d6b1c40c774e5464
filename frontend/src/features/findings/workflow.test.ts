import { describe, expect, it } from 'vitest';
import type { Finding } from '../../api';
import { workflowActions } from './workflow';

const base: Finding = {
  id: 'F-001', title: 'T', condition: 'c', criteria: ['CC8.1'], cause: '', effect: '', recommendation: 'r',
  classification: 'significant_deficiency', rationale: '', controls: [], exceptions: [], evidence: [], owner: '',
  status: 'draft', history: [], version: 'v2', changed_since_issue: false, created_at: '', created_by: 'ann', updated_at: '', updated_by: 'ann',
};

const summary = (f: Finding, actor?: string, dirty = false) =>
  workflowActions(f, actor, dirty).map((a) => `${a.label}${a.blocked ? ` [${a.blocked}]` : ''}`);

describe('workflowActions', () => {
  it('submits a complete draft, and names what an incomplete one lacks', () => {
    expect(summary(base, 'ann')).toEqual(['Submit for review']);
    expect(summary({ ...base, condition: ' ', classification: '' }, 'ann')).toEqual([
      'Submit for review [Before review the finding needs the condition and a classification (evaluate the deficiency).]',
    ]);
  });

  it('keeps the preparer from signing off, and issues only the version signed', () => {
    const review: Finding = { ...base, status: 'in_review', preparer: { actor: 'ann', at: '', version: 'v2' } };
    const [signoff, issue, ret] = workflowActions(review, 'ann', false);
    expect(signoff!.blocked).toMatch(/^ann prepared this finding .*the reviewer must be someone else/);
    expect(issue!.blocked).toBe('Issuing needs the reviewer’s sign-off of this version first.');
    expect(ret).toMatchObject({ to: 'draft', needsComment: true });
    expect(ret!.blocked).toBeUndefined();
    expect(workflowActions(review, 'rita', false)[0]!.blocked).toBeUndefined();

    const signed = { ...review, reviewer: { actor: 'rita', at: '', version: 'v2' } };
    expect(summary(signed, 'rita')).toEqual(['Sign off as reviewer [rita signed off this version.]', 'Issue', 'Return to draft…']);
    expect(workflowActions(signed, 'rita', false)[1]!.primary).toBe(true);
    // A sign-off of an older version does not let it out.
    expect(workflowActions({ ...signed, reviewer: { actor: 'rita', at: '', version: 'v1' } }, 'rita', false)[1]!.blocked).toBeDefined();
  });

  it('asks why for a reopening and for finalising without a response', () => {
    expect(workflowActions({ ...base, status: 'issued' }, 'ann', false).map((a) => [a.to, a.needsComment])).toEqual([
      ['in_review', true],
      ['final', true],
    ]);
    expect(workflowActions({ ...base, status: 'response_received' }, 'ann', false).map((a) => [a.label, a.needsComment])).toEqual([
      ['Finalise', false],
      ['Reopen…', true],
    ]);
    expect(workflowActions({ ...base, status: 'final' }, 'ann', false)).toEqual([]);
  });

  it('waits for unsaved changes', () => {
    expect(summary(base, 'ann', true)).toEqual(['Submit for review [Save your changes first.]']);
  });
});
