import { afterEach, describe, expect, it, vi } from 'vitest';
import { reports } from './index';
import { fakeGo } from '../test/utils';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('reports wrapper', () => {
  it('sends the report input whole, and each export format by name to Exports.Export', async () => {
    const generate = vi.fn(() => Promise.resolve({ id: 'j1' }));
    const exp = vi.fn(() => Promise.resolve({ id: 'j2' }));
    fakeGo({ Reports: { Generate: generate }, Exports: { Export: exp } });
    const input = { final: true, path: '/tmp/r.pdf', prepared_by: 'Example LLP', date: '', overwrite: false };
    await reports.generate('e1', input);
    expect(generate).toHaveBeenCalledWith('e1', input);
    await reports.export('e1', 'xlsx', '/tmp/w.xlsx');
    await reports.export('e1', 'oscal', '/tmp/oscal', true);
    expect(exp).toHaveBeenNthCalledWith(1, 'e1', 'xlsx', '/tmp/w.xlsx', false);
    expect(exp).toHaveBeenNthCalledWith(2, 'e1', 'oscal', '/tmp/oscal', true);
  });
});
