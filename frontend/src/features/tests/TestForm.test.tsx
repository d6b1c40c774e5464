import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ControlTest } from '../../api';
import { fakeGo, goError, renderWithClient } from '../../test/utils';
import { TestForm } from './TestForm';

function install(createTest = vi.fn((_e: string, input: unknown) => Promise.resolve({ test: { id: 't1', ...(input as object) }, grid: [], summary: {} }))) {
  const go = {
    Scope: { Controls: vi.fn(() => Promise.resolve({ controls: [{ id: 'CM-01', title: 'Change approval', key: true, criteria: [] }], total: 1, owners: [] })) },
    Testing: {
      Samples: () =>
        Promise.resolve([
          { id: 's1', population_id: 'p1', method: 'random', seed: '42', items: [{}, {}], sizes: [2] },
          {
            id: 's2', population_id: 'p1', method: 'random', seed: '7', items: new Array(25).fill({}), sizes: [25],
            plan: { basis: 'frequency', sample_size: 25, confidence: '90%', tolerable: '9%', rationale: 'A multiple-daily control at lower risk: 25 from the frequency table.' },
          },
        ]),
      Populations: () => Promise.resolve([{ id: 'p1', name: 'Changes FY26' }]),
      CreateTest: createTest,
      UpdateTest: vi.fn((_e: string, _id: string, input: unknown) => Promise.resolve({ test: { id: 't1', ...(input as object) }, grid: [], summary: {} })),
    },
  };
  fakeGo(go as never);
  return go;
}

describe('TestForm', () => {
  it('creates a test of a control with lettered attributes, a sample and its rates', async () => {
    const go = install();
    const onDone = vi.fn();
    renderWithClient(<TestForm engagementId="e1" test={null} onDone={onDone} onCancel={() => {}} />);
    const control = await screen.findByLabelText('Control');
    await userEvent.selectOptions(control, 'CM-01');
    await userEvent.type(screen.getByLabelText('Procedure'), 'Inspect each ticket.');
    await userEvent.type(screen.getByLabelText('Attribute A'), 'Approved before deployment');
    await userEvent.type(screen.getByLabelText('Attribute A exception wording'), 'lacked documented approval');
    await userEvent.click(screen.getByRole('button', { name: 'Add attribute' }));
    await userEvent.type(screen.getByLabelText('Attribute B'), 'Tested');
    await userEvent.click(screen.getByRole('button', { name: 'Add attribute' }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove attribute C' }));
    const sample = screen.getByLabelText('Sample');
    await waitFor(() => expect(within(sample).getByRole('option', { name: 'Changes FY26: 2 items, random, seed 42' })).toBeInTheDocument());
    await userEvent.selectOptions(sample, 's1');
    await userEvent.type(screen.getByLabelText('Confidence'), '95%');
    await userEvent.clear(screen.getByLabelText('Tolerable rate'));
    await userEvent.type(screen.getByLabelText('Tolerable rate'), '10%');
    await userEvent.click(screen.getByRole('button', { name: 'Create test' }));
    expect(go.Testing.CreateTest).toHaveBeenCalledWith('e1', {
      control: 'CM-01',
      title: '',
      procedure: 'Inspect each ticket.',
      attributes: [
        { description: 'Approved before deployment', exception: 'lacked documented approval' },
        { description: 'Tested', exception: '' },
      ],
      sample_id: 's1',
      confidence: '95%',
      tolerable: '10%',
    });
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  }, 15_000);

  it('takes the rates of the sample’s plan when the sample is chosen', async () => {
    const go = install();
    renderWithClient(<TestForm engagementId="e1" test={null} onDone={() => {}} onCancel={() => {}} />);
    await userEvent.selectOptions(await screen.findByLabelText('Control'), 'CM-01');
    await userEvent.type(screen.getByLabelText('Procedure'), 'Inspect.');
    await userEvent.type(screen.getByLabelText('Attribute A'), 'Approved');
    const sample = screen.getByLabelText('Sample');
    await waitFor(() => expect(within(sample).getByRole('option', { name: 'Changes FY26: 25 items, random, seed 7' })).toBeInTheDocument());
    await userEvent.selectOptions(sample, 's2');
    expect(screen.getByLabelText('Confidence')).toHaveValue('90%');
    expect(screen.getByLabelText('Tolerable rate')).toHaveValue('9%');
    expect(screen.getByLabelText('Sampling plan')).toHaveTextContent('The sample’s plan: A multiple-daily control at lower risk: 25 from the frequency table.');
    await userEvent.click(screen.getByRole('button', { name: 'Create test' }));
    expect(go.Testing.CreateTest).toHaveBeenCalledWith('e1', expect.objectContaining({ sample_id: 's2', confidence: '90%', tolerable: '9%' }));
  });

  it('keeps a test with results on its control and sample, and shows a refusal', async () => {
    const go = install();
    go.Testing.UpdateTest.mockImplementation(() => goError('conflict', 'attribute B has 3 cells recorded: clear them before removing it') as never);
    const test: ControlTest = {
      id: 't1', control: 'CM-01', procedure: 'Inspect.', sample_id: 's1', confidence: '95%', tolerable: '5%',
      attributes: [{ id: 'A', description: 'Approved' }, { id: 'B', description: 'Tested' }],
      cells: { '1/B': { result: 'pass' } }, created_at: '', created_by: '', updated_at: '', updated_by: '',
    };
    renderWithClient(<TestForm engagementId="e1" test={test} onDone={() => {}} onCancel={() => {}} />);
    expect(await screen.findByLabelText('Control')).toBeDisabled();
    expect(screen.getByLabelText('Sample')).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Remove attribute B' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save test' }));
    expect(go.Testing.UpdateTest).toHaveBeenCalledWith('e1', 't1', expect.objectContaining({ attributes: [{ description: 'Approved', exception: '' }] }));
    expect(await screen.findByRole('alert')).toHaveTextContent('attribute B has 3 cells recorded');
  });
});
