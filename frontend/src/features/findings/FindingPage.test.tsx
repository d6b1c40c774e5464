import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DeficiencyInput, FindingInput } from '../../api';
import { FindingPage } from './FindingPage';
import { fakeGo, goError, renderWithClient } from '../../test/utils';
import { controls, finding, hostile, proposal, register } from './fixtures';

function bindings(extra: Record<string, (...args: never[]) => Promise<unknown>> = {}) {
  return {
    Session: { Status: () => Promise.resolve({ initialized: true, unlocked: true, data_dir: '', version: '', actor: 'ann' }) },
    Scope: { Controls: () => Promise.resolve({ controls, total: 2, owners: [] }) },
    Findings: {
      Exceptions: () => Promise.resolve(register),
      Templates: () => Promise.resolve([]),
      List: () => Promise.resolve({ findings: [], total: 0, opinion: 'unmodified', by_status: {} }),
      ...extra,
    },
  };
}

describe('a new finding from a control', () => {
  it('walks through the evaluation, shows the proposal, and saves an override only with its rationale', async () => {
    window.location.hash = '#/engagement/e1/findings/new?control=CM-01';
    const evaluate = vi.fn((_e: string, _in: DeficiencyInput) => Promise.resolve(proposal));
    const save = vi.fn((_e: string, _id: string, input: FindingInput) => Promise.resolve({ ...finding, ...input, id: 'F-002', status: 'draft' }));
    fakeGo(bindings({ Evaluate: evaluate, Save: save }));
    const { container } = renderWithClient(<FindingPage engagementId="e1" findingId="new" />);

    const found = await screen.findByRole('region', { name: 'What the tests of CM-01 found' });
    expect(found).toHaveTextContent('Change approval: Exceptions noted: 2 of 25 samples.');
    expect(screen.getByLabelText(/^Operating/)).toBeChecked();
    expect(screen.getByText('Give the likelihood and the magnitude to see the proposed classification.')).toBeInTheDocument();
    expect(evaluate).not.toHaveBeenCalled();

    await userEvent.click(screen.getByLabelText('Reasonably possible'));
    await userEvent.click(screen.getByLabelText('More than inconsequential'));
    const proposed = await screen.findByRole('region', { name: 'Proposed classification' });
    expect(proposed).toHaveTextContent('ProposedSignificant deficiency');
    expect(within(proposed).getByText(`Step with ${hostile} as text.`)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(evaluate).toHaveBeenLastCalledWith('e1', expect.objectContaining({
      control: 'CM-01', criteria: ['CC8.1'], kind: 'operating', likelihood: 'reasonably_possible', magnitude: 'more_than_inconsequential', related: null,
    }));

    // A compensating control shows how its tests came out, and counts as effective from them.
    await userEvent.selectOptions(screen.getByLabelText('Add a compensating control'), 'CM-02');
    await userEvent.click(screen.getByRole('button', { name: 'Add control' }));
    const row = screen.getByRole('listitem', { name: 'Compensating control CM-02' });
    expect(row).toHaveTextContent('Emergency review: No exceptions noted.');
    expect(within(row).getByLabelText(/Tested and found effective/)).toBeChecked();

    await userEvent.click(screen.getByLabelText('Overrule the proposal'));
    await userEvent.selectOptions(screen.getByLabelText('Classification'), 'control_deficiency');
    expect(screen.getByText('Write why you overrule the proposal.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Finding' }));
    await userEvent.type(screen.getByLabelText('Title'), 'Changes deployed without approval');
    await userEvent.click(screen.getByRole('button', { name: 'Create finding' }));
    expect(screen.getByText('Write why you overrule the proposal: an override needs a written rationale.')).toBeInTheDocument();
    expect(save).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('tab', { name: 'Evaluation' }));
    await userEvent.type(screen.getByLabelText('Rationale (required)'), 'Both changes were low risk.');
    await userEvent.click(screen.getByRole('button', { name: 'Create finding' }));
    expect(save).toHaveBeenCalledWith('e1', '', expect.objectContaining({
      title: 'Changes deployed without approval',
      controls: ['CM-01'],
      exceptions: [{ test_id: 'tst_1', item: 7, attribute: 'A' }, { test_id: 'tst_1', item: 19, attribute: 'B' }],
      evidence: [expect.objectContaining({ evidence_id: 'ev1', row: 8 })],
      evaluation: expect.objectContaining({ compensating: [{ control: 'CM-02', criteria: [], effective: true }] }),
      override: { classification: 'control_deficiency', opinion: '', rationale: 'Both changes were low risk.' },
    }));
    expect(window.location.hash).toBe('#/engagement/e1/findings/F-002');
  });
});

describe('a finding in review', () => {
  const get = () => Promise.resolve({ finding, response: null, evidence: [], stale: false });

  it('tells the preparer why they cannot sign off', async () => {
    fakeGo(bindings({ Get: get }));
    renderWithClient(<FindingPage engagementId="e1" findingId="F-001" />);
    const workflow = await screen.findByRole('region', { name: 'Workflow' });
    expect(await within(workflow).findByText(/You are ann/)).toBeInTheDocument();
    expect(within(workflow).getByRole('button', { name: 'Sign off as reviewer' })).toBeDisabled();
    expect(within(workflow).getByText(/ann prepared this finding \(submitted it for review\), and the reviewer must be someone else/)).toBeInTheDocument();
    expect(within(workflow).getByRole('button', { name: 'Issue' })).toBeDisabled();
  });

  it('lets someone else sign off, and shows the refusal the Go side gives', async () => {
    const signOff = vi.fn(() => goError('invalid', 'finding F-001 changed after the reviewer signed off: sign off again'));
    const b = bindings({ Get: get, SignOff: signOff });
    b.Session.Status = () => Promise.resolve({ initialized: true, unlocked: true, data_dir: '', version: '', actor: 'rita' });
    fakeGo(b);
    renderWithClient(<FindingPage engagementId="e1" findingId="F-001" />);
    const workflow = await screen.findByRole('region', { name: 'Workflow' });
    await within(workflow).findByText(/You are rita/);
    await userEvent.click(within(workflow).getByRole('button', { name: 'Sign off as reviewer' }));
    expect(signOff).toHaveBeenCalledWith('e1', 'F-001');
    expect(await within(workflow).findByRole('alert')).toHaveTextContent('The step was refused. finding F-001 changed after the reviewer signed off');
  });

  it('asks why before returning it to draft', async () => {
    const setStatus = vi.fn(() => Promise.resolve({ ...finding, status: 'draft' }));
    fakeGo(bindings({ Get: get, SetStatus: setStatus }));
    renderWithClient(<FindingPage engagementId="e1" findingId="F-001" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Return to draft…' }));
    const form = screen.getByRole('form', { name: 'Return to draft' });
    expect(within(form).getByRole('button', { name: 'Return to draft' })).toBeDisabled();
    await userEvent.type(within(form).getByLabelText('Why (required)'), 'Name the two tickets.');
    await userEvent.click(within(form).getByRole('button', { name: 'Return to draft' }));
    expect(setStatus).toHaveBeenCalledWith('e1', 'F-001', 'draft', 'Name the two tickets.');
  });
});
