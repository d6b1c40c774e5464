import { describe, expect, it } from 'vitest';
import type { ControlGroup, Finding, Template, TestOutcome } from '../../api';
import { applyTemplate, blankDraft, draftFromControl, draftFromFinding, missing, parseList, testedEffective, toInput } from './draft';

const ref = (evidence_id: string, row?: number) => ({ evidence_id, name: `${evidence_id}.csv`, sha256: 'f'.repeat(64), ...(row ? { row } : {}) });

const group: ControlGroup = {
  control_id: 'CM-01',
  criteria: ['CC8.1'],
  tests: [],
  exceptions: [
    { test_id: 't1', control_id: 'CM-01', criteria: ['CC8.1'], item: 3, item_key: 'CHG-3', attribute: 'A', attribute_text: 'Approved', note: '', evidence: [ref('e1', 4), ref('e2')] },
    { test_id: 't1', control_id: 'CM-01', criteria: ['CC8.1'], item: 7, item_key: 'CHG-7', attribute: 'A', attribute_text: 'Approved', note: '', evidence: [ref('e1', 4)] },
  ],
};

const template: Template = {
  id: 'change-approval',
  title: 'Changes were deployed without approval',
  condition: 'For [N] of [M] changes…',
  criteria: ['CC8.1'],
  cause: 'c',
  effect: 'e',
  recommendation: 'r',
  kind: 'design',
};

describe('parseList', () => {
  it('splits on commas, semicolons and spaces', () => {
    expect(parseList(' CC6.1, CC6.2;CC7.2\nCC8.1 ,, ')).toEqual(['CC6.1', 'CC6.2', 'CC7.2', 'CC8.1']);
    expect(parseList('')).toEqual([]);
  });
});

describe('a new finding from a control', () => {
  it('links its exceptions and their evidence once each, as an operating deficiency', () => {
    const d = draftFromControl('CM-01', ['CC8.1'], group);
    expect(d.controls).toBe('CM-01');
    expect(d.criteria).toBe('CC8.1');
    expect(d.exceptions).toEqual([
      { test_id: 't1', item: 3, attribute: 'A' },
      { test_id: 't1', item: 7, attribute: 'A' },
    ]);
    expect(d.evidence.map((e) => `${e.evidence_id}/${e.row ?? ''}`)).toEqual(['e1/4', 'e2/']);
    expect(d.evaluation).toMatchObject({ control: 'CM-01', criteria: ['CC8.1'], kind: 'operating', likelihood: '' });
  });

  it('is a design gap when the control has no exceptions', () => {
    expect(draftFromControl('CM-02', ['CC8.1']).evaluation?.kind).toBe('design');
  });
});

describe('applyTemplate', () => {
  it('takes the texts, keeps criteria already named and fills a kind not chosen', () => {
    const d = applyTemplate({ ...blankDraft, title: 'Mine', criteria: 'CC6.1', evaluation: { ...draftFromControl('X', ['CC6.1']).evaluation!, kind: '' } }, template);
    expect(d).toMatchObject({ title: template.title, condition: template.condition, criteria: 'CC6.1', template: 'change-approval' });
    expect(d.evaluation?.kind).toBe('design');
    expect(applyTemplate(blankDraft, template).criteria).toBe('CC8.1');
    expect(applyTemplate(draftFromControl('CM-01', ['CC8.1'], group), template).evaluation?.kind).toBe('operating');
  });
});

describe('toInput', () => {
  const complete = () => {
    const d = draftFromControl('CM-01', ['CC8.1'], group);
    return { ...d, title: 'T', evaluation: { ...d.evaluation!, likelihood: 'probable' as const, magnitude: 'material' as const } };
  };

  it('says what stops a save', () => {
    expect(toInput(blankDraft)).toEqual({ error: 'Give the finding a title.' });
    const d = draftFromControl('CM-01', ['CC8.1'], group);
    expect(toInput({ ...d, title: 'T' })).toEqual({
      error: 'The evaluation is not finished: give the likelihood and the magnitude, or remove the evaluation.',
    });
    const over = complete();
    over.evaluation.overrule = true;
    expect(toInput(over)).toEqual({ error: 'Choose the classification you overrule the proposal with.' });
    over.evaluation.classification = 'control_deficiency';
    over.evaluation.rationale = '   ';
    expect(toInput(over)).toEqual({ error: 'Write why you overrule the proposal: an override needs a written rationale.' });
  });

  it('sends the lists parsed, the deficiency, and the override only when overruled', () => {
    const d = complete();
    d.controls = 'CM-01, CM-02';
    let r = toInput(d);
    expect('input' in r && r.input).toMatchObject({
      controls: ['CM-01', 'CM-02'],
      criteria: ['CC8.1'],
      evaluation: { control: 'CM-01', kind: 'operating', likelihood: 'probable', magnitude: 'material', related: null },
      override: null,
    });
    d.evaluation.classification = 'significant_deficiency';
    r = toInput(d);
    expect('input' in r && r.input.override).toBeNull();
    d.evaluation.overrule = true;
    d.evaluation.rationale = 'Only two low-risk changes.';
    r = toInput(d);
    expect('input' in r && r.input.override).toEqual({ classification: 'significant_deficiency', opinion: '', rationale: 'Only two low-risk changes.' });
  });

  it('round-trips a stored finding', () => {
    const f = {
      id: 'F-001', title: 'T', condition: 'c', criteria: ['CC8.1'], criterion_text: 'Changes are approved.', cause: '', effect: '', recommendation: 'r', classification: 'control_deficiency',
      rationale: 'x', controls: ['CM-01'], exceptions: [], evidence: [ref('e1')], owner: 'o', status: 'draft', history: [], version: 'v',
      changed_since_issue: false, created_at: '', created_by: '', updated_at: '', updated_by: '',
      evaluation: {
        input: { control: 'CM-01', criteria: ['CC8.1'], kind: 'design', likelihood: 'remote', magnitude: 'material', pervasive: false, compensating: [{ control: 'CM-02', criteria: [], effective: true }], related: [] },
        proposed: {} as never,
        override: { classification: 'significant_deficiency', rationale: 'why', by: 'ann', at: '' },
      },
    } satisfies Finding;
    const d = draftFromFinding(f);
    expect(d.evaluation).toMatchObject({ overrule: true, classification: 'significant_deficiency', rationale: 'why', compensating: [{ control: 'CM-02', criteria: [], effective: true }] });
    const r = toInput(d);
    expect('input' in r && r.input).toMatchObject({ title: 'T', criteria: ['CC8.1'], criterion_text: 'Changes are approved.', controls: ['CM-01'], override: { rationale: 'why' } });
  });
});

describe('missing and testedEffective', () => {
  it('names what the evaluation lacks', () => {
    expect(missing({ ...draftFromControl('', []).evaluation!, kind: '' })).toEqual([
      'the control', 'the criteria it affects', 'design or operating', 'the likelihood', 'the magnitude',
    ]);
  });

  it('counts a control effective only when every test is complete and within its tolerable rate', () => {
    const o = (complete: boolean, exceeds: boolean) => ({ complete, result: { exceeds } }) as TestOutcome;
    expect(testedEffective([])).toBeNull();
    expect(testedEffective([o(true, false), o(true, false)])).toBe(true);
    expect(testedEffective([o(true, false), o(false, false)])).toBe(false);
    expect(testedEffective([o(true, true)])).toBe(false);
  });
});
