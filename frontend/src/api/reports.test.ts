import { afterEach, describe, expect, it, vi } from 'vitest';
import { reports } from './index';
import { fakeGo } from '../test/utils';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('reports wrapper', () => {
  it('sends the report input whole, and each export format to its own method', async () => {
    const generate = vi.fn(() => Promise.resolve({ id: 'j1' }));
    const xlsx = vi.fn(() => Promise.resolve({ id: 'j2' }));
    const csv = vi.fn(() => Promise.resolve({ id: 'j3' }));
    const oscal = vi.fn(() => Promise.resolve({ id: 'j4' }));
    fakeGo({ Reports: { Generate: generate }, Exports: { XLSX: xlsx, CSV: csv, OSCAL: oscal } });
    const input = { final: true, path: '/tmp/r.pdf', prepared_by: 'Example LLP', date: '' };
    await reports.generate('e1', input);
    expect(generate).toHaveBeenCalledWith('e1', input);
    await reports.export('e1', 'xlsx', '/tmp/w.xlsx');
    await reports.export('e1', 'csv', '/tmp/csv');
    await reports.export('e1', 'oscal', '/tmp/oscal', true);
    expect(xlsx).toHaveBeenCalledWith('e1', '/tmp/w.xlsx', false);
    expect(csv).toHaveBeenCalledWith('e1', '/tmp/csv', false);
    expect(oscal).toHaveBeenCalledWith('e1', '/tmp/oscal', true);
  });
});
