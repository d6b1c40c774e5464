import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Engagement } from '../../api';
import { fakeGo, renderWithClient } from '../../test/utils';
import { PopulationDetail } from './PopulationDetail';

const engagement: Engagement = {
  id: 'e1', name: 'Acme', client: 'Acme', type: 'type2', period_start: '2026-01-01', period_end: '2026-12-31',
  categories: ['security'], created_at: '', created_by: '',
};

const hostile = '<i>CHG-7</i>';

const population = {
  id: 'p1', name: 'Changes FY26', evidence_id: 'ev1', file: 'changes.csv', source_sha256: 'a'.repeat(64), format: 'csv',
  header_row: 1, headers: ['Ticket', 'Opened'], key: { index: 0, letter: 'A', header: 'Ticket' },
  date: { index: 1, letter: 'B', header: 'Opened' }, rows: 120, hash: 'b'.repeat(64),
  filters: [{ column: 'env', header: 'Environment', op: '=', values: ['production'], text: 'Environment = production' }], excluded: 14, created_at: '2026-11-02T09:00:00Z', created_by: 'ann',
  control: 'CC8.1-01', frequency: 'weekly', frequency_source: 'control',
  checks: {
    period: { start: '2026-01-01', end: '2026-12-31' }, first_date: '2026-01-01', last_date: '2026-12-28', blank_rows: 0,
    items: [
      { id: 'count', ok: true, count: 120, message: '120 rows, as the client stated' },
      { id: 'duplicate_keys', ok: false, count: 1, message: '1 key appears more than once', examples: [{ row: 9, key: hostile, first_row: 8 }] },
    ],
  },
};

const sample = {
  id: 'smp_1', population_id: 'p1', population_hash: 'b'.repeat(64), method: 'random', algorithm: 'auditroom-random-v1',
  seed: '3517396767', sizes: [2], created_at: '2026-11-02T09:00:00Z', created_by: 'ann',
  plan: { basis: 'frequency', sample_size: 2, confidence: '90%', tolerable: '69%', rationale: 'A quarterly control at lower risk: 2 from the frequency table.' },
  items: [
    { number: 1, index: 4, round: 0, row: 6, key: 'CHG-4', hash: 'x' },
    { number: 2, index: 9, round: 0, row: 11, key: 'CHG-9', hash: 'y' },
  ],
};

function install() {
  const rows = vi.fn((_e: string, _p: string, offset: number) =>
    Promise.resolve({
      rows: Array.from({ length: offset === 0 ? 50 : 20 }, (_, i) => ({ index: offset + i, row: offset + i + 2, key: `CHG-${offset + i}`, hash: 'c'.repeat(64), cells: [i === 6 ? hostile : `CHG-${offset + i}`, '2026-01-01'] })),
      total: 70,
      offset,
    }),
  );
  const go = {
    Testing: {
      Population: () => Promise.resolve(population),
      PopulationRows: rows,
      Samples: () => Promise.resolve([sample]),
      Sample: () => Promise.resolve(sample),
      RedrawSample: vi.fn(() => Promise.resolve(true)),
      ExtendSample: vi.fn(() => Promise.resolve({ ...sample, sizes: [2, 5] })),
    },
  };
  fakeGo(go as never);
  return go;
}

describe('PopulationDetail', () => {
  it('shows the hashes and the checks with their first rows as text, and pages the rows on the Go side', async () => {
    const go = install();
    const { container } = renderWithClient(<PopulationDetail engagement={engagement} populationId="p1" />);
    expect(await screen.findByRole('heading', { name: 'Changes FY26' })).toBeInTheDocument();
    expect(screen.getByLabelText('Row count')).toHaveTextContent('120');
    expect(screen.getByLabelText('Filters')).toHaveTextContent('Environment = production (14 rows of the file left out)');
    expect(screen.getByLabelText('Gap check frequency')).toHaveTextContent('from control CC8.1-01 (weekly)');
    expect(screen.getByText('b'.repeat(64))).toBeInTheDocument();
    const checks = screen.getByRole('region', { name: 'Completeness checks' });
    expect(within(checks).getByText('— 1 to look at')).toBeInTheDocument();
    expect(within(checks).getByText(`row 9: key “${hostile}”, first on row 8`)).toBeInTheDocument();
    expect(await screen.findByText('Rows 1–50 of 70')).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Population rows' })).getByText(hostile)).toBeInTheDocument();
    expect(container.querySelector('i')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Rows 51–70 of 70')).toBeInTheDocument();
    expect(go.Testing.PopulationRows).toHaveBeenLastCalledWith('e1', 'p1', 50, 50);
  });

  it('opens a sample beside the population: its seed, the redraw check and an extension', async () => {
    const go = install();
    renderWithClient(<PopulationDetail engagement={engagement} populationId="p1" />);
    await userEvent.click(await screen.findByRole('row', { name: 'Open sample smp_1' }));
    const panel = await screen.findByRole('complementary', { name: 'Sample' });
    expect(within(panel).getByLabelText('Seed')).toHaveTextContent('3517396767');
    expect(within(panel).getByLabelText('Why this size')).toHaveTextContent('A quarterly control at lower risk: 2 from the frequency table.');
    await userEvent.click(within(panel).getByRole('button', { name: 'Redraw check' }));
    expect(await within(panel).findByText(/the same 2 items/)).toBeInTheDocument();
    await userEvent.type(within(panel).getByLabelText('Extend to'), '5');
    await userEvent.click(within(panel).getByRole('button', { name: 'Extend' }));
    expect(go.Testing.ExtendSample).toHaveBeenCalledWith('e1', 'smp_1', 5, []);
    expect(await within(panel).findByText('2, then 5')).toBeInTheDocument();
  });
});
