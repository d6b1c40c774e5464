import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampling, testing } from './index';
import { fakeGo, goError } from '../test/utils';

afterEach(() => {
  vi.unstubAllGlobals();
});

const view = {
  test: { id: 't1', control: 'CM-01', procedure: 'Inspect.', attributes: [], cells: {} },
  grid: [{ item: { number: 1 }, cells: [] }],
  summary: { conclusion: 'No sample linked yet.' },
};

describe('testing wrapper', () => {
  it('passes the arguments of each binding in order', async () => {
    const go = {
      PreviewPopulation: vi.fn(() => Promise.resolve({ rows: [], columns: [], sheets: [], header_row: 2 })),
      CreatePopulation: vi.fn(() => Promise.resolve({ id: 'j1', state: 'running' })),
      PopulationRows: vi.fn(() => Promise.resolve({ rows: [], total: 0, offset: 50 })),
      DrawSample: vi.fn(() => Promise.resolve({ id: 's1', items: [], sizes: [22] })),
      ExtendSample: vi.fn(() => Promise.resolve({ id: 's1', items: [], sizes: [22, 30] })),
      RedrawSample: vi.fn(() => Promise.resolve(true)),
      SetCell: vi.fn(() => Promise.resolve(view)),
      PinToCell: vi.fn(() => Promise.resolve(view)),
      UnpinFromCell: vi.fn(() => Promise.resolve(view)),
      SignOff: vi.fn(() => Promise.resolve(view)),
      Tests: vi.fn(() => Promise.resolve([])),
      Samples: vi.fn(() => Promise.resolve([])),
    };
    fakeGo({ Testing: go });

    await expect(testing.preview('e1', 'ev1', 'Q1', 2)).resolves.toEqual({ rows: [], columns: [], sheets: [], header_row: 2 });
    expect(go.PreviewPopulation).toHaveBeenCalledWith('e1', 'ev1', 'Q1', 2);
    const opts = { evidence_id: 'ev1', key: 'Ticket', date: 'B', stated_count: 120 };
    await testing.createPopulation('e1', opts);
    expect(go.CreatePopulation).toHaveBeenCalledWith('e1', opts);
    await expect(testing.rows('e1', 'p1', 50, 50)).resolves.toEqual({ rows: [], total: 0, offset: 50 });
    expect(go.PopulationRows).toHaveBeenCalledWith('e1', 'p1', 50, 50);

    const drawn = await testing.draw('e1', 'p1', { method: 'random', size: 22, seed: '' });
    expect(drawn.items).toEqual([]);
    expect(go.DrawSample).toHaveBeenCalledWith('e1', 'p1', { method: 'random', size: 22, seed: '' });
    await testing.extend('e1', 's1', 30);
    expect(go.ExtendSample).toHaveBeenCalledWith('e1', 's1', 30, []);
    await expect(testing.redraw('e1', 's1')).resolves.toBe(true);

    const v = await testing.setCell('e1', 't1', 3, 'A', 'exception', 'no approval');
    expect(go.SetCell).toHaveBeenCalledWith('e1', 't1', 3, 'A', 'exception', 'no approval');
    expect(v).toEqual(view);
    await testing.pin('e1', 't1', 3, 'A', { evidence_id: 'ev1', row: 95 });
    expect(go.PinToCell).toHaveBeenCalledWith('e1', 't1', 3, 'A', { evidence_id: 'ev1', row: 95 });
    await testing.unpin('e1', 't1', 3, 'A', 0);
    expect(go.UnpinFromCell).toHaveBeenCalledWith('e1', 't1', 3, 'A', 0);
    await testing.signOff('e1', 't1', 'reviewer');
    expect(go.SignOff).toHaveBeenCalledWith('e1', 't1', 'reviewer');
    await expect(testing.tests('e1')).resolves.toEqual([]);
    expect(go.Tests).toHaveBeenCalledWith('e1', '');
    await expect(testing.samples('e1')).resolves.toEqual([]);
    expect(go.Samples).toHaveBeenCalledWith('e1', '');
  });

  it('sends a new test as one input over the browser transport', async () => {
    sessionStorage.setItem('auditroom.token', 't');
    const fetchMock = vi.fn(() => Promise.resolve(new Response(JSON.stringify(view), { status: 200 })));
    vi.stubGlobal('fetch', fetchMock);
    const input = {
      control: 'CM-01',
      procedure: 'Inspect.',
      attributes: [{ description: 'Approved', exception: 'lacked approval' }],
      sample_id: 's1',
      confidence: '90%',
      tolerable: '10%',
    };
    await testing.createTest('e1', input);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toEqual({ method: 'app.Testing.CreateTest', args: ['e1', input] });
  });

  it('turns a Go refusal into an AppError naming the reason', async () => {
    fakeGo({ Testing: { SignOff: () => goError('invalid', '3 of 44 results are not recorded') } });
    await expect(testing.signOff('e1', 't1', 'preparer')).rejects.toMatchObject({
      code: 'invalid',
      message: '3 of 44 results are not recorded',
    });
  });
});

describe('sampling wrapper', () => {
  it('calls the Sampling binding with one input each', async () => {
    const go = {
      AttributeSize: vi.fn(() => Promise.resolve({ sample_size: 22, text: 'Sample size: 22 (binomial)\n' })),
      FrequencySize: vi.fn(() => Promise.resolve({ sample_size: 4 })),
      Evaluate: vi.fn(() => Promise.resolve({ upper_deviation_limit: 0.166 })),
    };
    fakeGo({ Sampling: go });
    await sampling.attributeSize({ confidence: '90%', tolerable: '10%' });
    expect(go.AttributeSize).toHaveBeenCalledWith({ confidence: '90%', tolerable: '10%' });
    await sampling.frequencySize({ frequency: 'weekly', risk: 'higher', period_start: '2026-01-01', period_end: '2026-03-31' });
    expect(go.FrequencySize).toHaveBeenCalledWith({ frequency: 'weekly', risk: 'higher', period_start: '2026-01-01', period_end: '2026-03-31' });
    await sampling.evaluate({ sample_size: 22, deviations: 1, confidence: '90%', tolerable: '10%' });
    expect(go.Evaluate).toHaveBeenCalledWith({ sample_size: 22, deviations: 1, confidence: '90%', tolerable: '10%' });
  });
});
