import { describe, expect, it } from 'vitest';
import { hashParam, parseHash, paths, viewAt } from './router';

describe('router', () => {
  it('reads the item open on a tab', () => {
    expect(parseHash(paths.test('e 1', 'tst_1'))).toEqual({ name: 'engagement', id: 'e 1', tab: 'tests', item: 'tst_1' });
    expect(parseHash(paths.population('e1', 'pop/1'))).toEqual({ name: 'engagement', id: 'e1', tab: 'populations', item: 'pop/1' });
  });

  it('has no item on a tab alone, or on a tab it does not know', () => {
    expect(parseHash(paths.engagement('e1', 'tests'))).toEqual({ name: 'engagement', id: 'e1', tab: 'tests' });
    expect(parseHash('#/engagement/e1/nowhere/x')).toEqual({ name: 'engagement', id: 'e1', tab: 'overview' });
    expect(parseHash('#/engagement/e1/tests/%E0%A4%A')).toEqual({ name: 'engagement', id: 'e1', tab: 'tests', item: '%E0%A4%A' });
  });
});

describe('viewer addresses', () => {
  it('keeps the file, the query and the place, and reads them back', () => {
    const hash = paths.view('e 1', 'ev/1', { q: '"access review" type:pdf', part: 0, page: 2, sheet: 'Users & roles', row: 5 });
    expect(hash).toBe('#/engagement/e%201/view/ev%2F1?q=%22access+review%22+type%3Apdf&part=0&page=2&sheet=Users+%26+roles&row=5');
    expect(parseHash(hash)).toEqual({ name: 'engagement', id: 'e 1', tab: 'view', item: 'ev/1' });
    expect(viewAt(hash)).toEqual({ q: '"access review" type:pdf', part: 0, page: 2, sheet: 'Users & roles', row: 5 });
  });

  it('keeps a JSON record beside its line', () => {
    const hash = paths.view('e1', 'ev1', { q: 'AttachUserPolicy', part: 0, line: 1, record: 37 });
    expect(hash).toBe('#/engagement/e1/view/ev1?q=AttachUserPolicy&part=0&line=1&record=37');
    expect(viewAt(hash)).toEqual({ q: 'AttachUserPolicy', part: 0, line: 1, record: 37 });
  });

  it('leaves out what is empty or not a place', () => {
    expect(paths.view('e1', 'ev1', { q: '', line: undefined })).toBe('#/engagement/e1/view/ev1');
    expect(viewAt('#/engagement/e1/view/ev1?page=0&line=2.5&row=-1&part=x')).toEqual({});
  });

  it('sends a viewer address without a file to the evidence page', () => {
    expect(parseHash('#/engagement/e1/view')).toEqual({ name: 'engagement', id: 'e1', tab: 'evidence' });
  });
});

describe('finding addresses', () => {
  it('opens one finding, or a new one from a control or a template', () => {
    expect(parseHash(paths.finding('e1', 'F-001'))).toEqual({ name: 'engagement', id: 'e1', tab: 'findings', item: 'F-001' });
    const hash = paths.newFinding('e1', { control: 'CM 01' });
    expect(hash).toBe('#/engagement/e1/findings/new?control=CM+01');
    expect(parseHash(hash)).toEqual({ name: 'engagement', id: 'e1', tab: 'findings', item: 'new' });
    expect(hashParam(hash, 'control')).toBe('CM 01');
    expect(paths.newFinding('e1')).toBe('#/engagement/e1/findings/new');
  });

  it('keeps no item on an unknown tab', () => {
    expect(parseHash('#/engagement/e1/nowhere/F-001')).toEqual({ name: 'engagement', id: 'e1', tab: 'overview' });
    expect(parseHash('#/engagement/e1/exceptions')).toEqual({ name: 'engagement', id: 'e1', tab: 'exceptions' });
  });
});
