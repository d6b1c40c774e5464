import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Engagement, Population } from '../../api';
import { fakeGo, registryFixture, renderWithClient } from '../../test/utils';
import { DrawForm } from './DrawForm';
import { methodsFor } from './methods';

const engagement: Engagement = {
  id: 'e1', name: 'Acme', client: 'Acme', type: 'type2', period_start: '2026-01-01', period_end: '2026-03-31',
  categories: ['security'], created_at: '', created_by: '',
};

const population = {
  id: 'p1', name: 'Changes', rows: 120, hash: 'h', key: { index: 0, letter: 'A', header: 'Ticket' },
  date: { index: 1, letter: 'B', header: 'Opened' }, checks: { items: [] },
} as unknown as Population;

function install() {
  const go = {
    Sampling: {
      FrequencySize: vi.fn(() => Promise.resolve({ sample_size: 4, text: 'Sample size: 4 (weekly control, higher risk)\n\n15 × 13 / 52 = 3.75, rounded up to 4' })),
      AttributeSize: vi.fn(() => Promise.resolve({ sample_size: 45, text: 'Sample size: 45 (hypergeometric)' })),
    },
    Testing: { DrawSample: vi.fn(() => Promise.resolve({ id: 's1', population_id: 'p1', method: 'random', items: [], sizes: [4] })) },
  };
  fakeGo(go as never);
  return go;
}

describe('DrawForm', () => {
  it('sizes by frequency over the engagement period, explains it, and draws with the seed typed', async () => {
    const go = install();
    const onDrawn = vi.fn();
    renderWithClient(<DrawForm engagement={engagement} population={population} onDrawn={onDrawn} onClose={() => {}} />);
    await userEvent.selectOptions(screen.getByLabelText('Control frequency'), 'weekly');
    // Pro-rating is a choice: off until ticked.
    const proRate = screen.getByLabelText('Pro-rate to the period 2026-01-01 – 2026-03-31');
    expect(proRate).not.toBeChecked();
    await userEvent.click(proRate);
    await userEvent.click(screen.getByRole('button', { name: 'Work out the size' }));
    expect(go.Sampling.FrequencySize).toHaveBeenCalledWith({
      frequency: 'weekly', risk: 'higher', period_start: '2026-01-01', period_end: '2026-03-31', pro_rate: true,
    });
    expect(await screen.findByLabelText('Size explanation')).toHaveTextContent('15 × 13 / 52 = 3.75, rounded up to 4');
    expect(screen.getByLabelText('Items to draw (n)')).toHaveValue(4);

    // Another input: the old answer goes.
    await userEvent.selectOptions(screen.getByLabelText('Risk'), 'lower');
    expect(screen.queryByLabelText('Size explanation')).toBeNull();

    await userEvent.type(screen.getByLabelText('Seed'), '20260101');
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    // The plan the size came from is drawn with the sample.
    expect(go.Testing.DrawSample).toHaveBeenCalledWith('e1', 'p1', {
      method: 'random', size: 4, seed: '20260101', picks: [], plan: { frequency: 'weekly', risk: 'higher', pro_rate: true },
    });
    await waitFor(() => expect(onDrawn.mock.calls[0]?.[0]).toMatchObject({ id: 's1' }));
  });

  it('sizes statistically for this population', async () => {
    const go = install();
    renderWithClient(<DrawForm engagement={engagement} population={population} onDrawn={() => {}} onClose={() => {}} />);
    await userEvent.click(screen.getByLabelText('Statistical'));
    await userEvent.click(screen.getByLabelText(/Size for this population of 120 rows/));
    await userEvent.click(screen.getByRole('button', { name: 'Work out the size' }));
    expect(go.Sampling.AttributeSize).toHaveBeenCalledWith({ confidence: '95%', tolerable: '5%', expected_rate: '0%', population: 120 });
    await waitFor(() => expect(screen.getByLabelText('Items to draw (n)')).toHaveValue(45));
  });

  it('takes judgmental picks by row # with their reasons, and refuses a row that is not there', async () => {
    const go = install();
    renderWithClient(<DrawForm engagement={engagement} population={population} onDrawn={() => {}} onClose={() => {}} />);
    // The methods come from the registry, read once the form is shown.
    await screen.findByRole('option', { name: 'Judgmental' });
    await userEvent.selectOptions(screen.getByLabelText('Method'), 'judgmental');
    await userEvent.type(screen.getByLabelText('Pick 1 row #'), '121');
    await userEvent.type(screen.getByLabelText('Pick 1 reason'), 'Largest change');
    expect(screen.getByText('Pick 1: “121” is not a row # from 1 to 120.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    expect(go.Testing.DrawSample).not.toHaveBeenCalled();
    await userEvent.clear(screen.getByLabelText('Pick 1 row #'));
    await userEvent.type(screen.getByLabelText('Pick 1 row #'), '7');
    await userEvent.click(screen.getByRole('button', { name: 'Add a pick' }));
    await userEvent.type(screen.getByLabelText('Pick 2 row #'), '99');
    await userEvent.type(screen.getByLabelText('Pick 2 reason'), 'Emergency change');
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    expect(go.Testing.DrawSample).toHaveBeenCalledWith('e1', 'p1', {
      method: 'judgmental', size: 2, seed: '',
      picks: [{ index: 6, reason: 'Largest change' }, { index: 98, reason: 'Emergency change' }],
    });
  });

  it('offers stratified, monetary-unit and cell only with their columns', () => {
    const names = (p: Population) => methodsFor(p, registryFixture.sampling_methods).map((m) => m.name);
    expect(names(population)).toEqual(['random', 'systematic', 'judgmental']);
    expect(names({ ...population, stratum: population.key, amount: population.key })).toEqual([
      'random', 'systematic', 'stratified', 'mus', 'cell', 'judgmental',
    ]);
  });

  it('lists the methods and their fields from the registry', async () => {
    install();
    renderWithClient(<DrawForm engagement={engagement} population={{ ...population, amount: population.key }} onDrawn={() => {}} onClose={() => {}} />);
    await waitFor(() => expect(screen.getAllByRole('option', { name: 'Monetary-unit' })).toHaveLength(1));
    expect(screen.queryByRole('option', { name: 'Stratified' })).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('Method'), 'mus');
    // The size is the method's own field, and its workpaper text says how it chooses.
    expect(screen.getByLabelText('Selection points (n)')).toBeInTheDocument();
    expect(screen.getByText(/^Monetary-unit: n selection points an interval of T\/n apart/)).toBeInTheDocument();
  });

  it('draws a cell sample with its own size field, without a plan', async () => {
    const go = install();
    renderWithClient(<DrawForm engagement={engagement} population={{ ...population, amount: population.key }} onDrawn={() => {}} onClose={() => {}} />);
    await screen.findByRole('option', { name: 'Cell (monetary-unit)' });
    await userEvent.selectOptions(screen.getByLabelText('Method'), 'cell');
    expect(screen.getByText(/^Cell monetary-unit: the running total T of the amounts divided into n cells/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Cells (n)'), '6');
    await userEvent.type(screen.getByLabelText('Seed'), 'cell-2026');
    await userEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    expect(go.Testing.DrawSample).toHaveBeenCalledWith('e1', 'p1', { method: 'cell', size: 6, seed: 'cell-2026', picks: [] });
  });
});
