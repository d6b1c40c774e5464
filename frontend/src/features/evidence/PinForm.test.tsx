import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeGo, renderWithClient } from '../../test/utils';
import { PinForm } from './PinForm';

const hostile = '<img src=x onerror="window.__x=1">';

function testView() {
  const attrs = [
    { id: 'A', description: 'Approved before deployment' },
    { id: 'B', description: 'Tested' },
  ];
  return {
    test: { id: 't1', control: 'CM-01', procedure: 'Inspect.', attributes: attrs, sample_id: 's1', cells: {}, created_at: '', created_by: '', updated_at: '', updated_by: '' },
    sample: { id: 's1', population_id: 'p1', population_hash: 'ab', method: 'random', algorithm: 'auditroom-random-v1', seed: '1', size: 3 },
    grid: [1, 2, 3].map((n) => ({ item: { number: n, index: n, round: 0, row: n + 1, key: n === 2 ? hostile : `CHG-${n}`, hash: 'h' }, cells: [{}, {}] })),
    summary: { sample_size: 3, cells: 6, pending: 6, complete: false, exceptions: 0, deviations: 0, deviating: [], by_attribute: [], conclusion: '' },
  };
}

function install() {
  const pinToCell = vi.fn(() => Promise.resolve(testView()));
  const cite = vi.fn(() => Promise.resolve({ id: 'F-001', title: 'x', criteria: [], controls: [], exceptions: [], evidence: [], history: [] }));
  fakeGo({
    Testing: {
      Tests: () =>
        Promise.resolve([
          { id: 't1', control: 'CM-01', title: 'Change approval', sample_id: 's1', attributes: 2, sample_size: 3, deviations: 0, complete: false, conclusion: '' },
          { id: 't2', control: 'AC-02', attributes: 1, sample_size: 0, deviations: 0, complete: false, conclusion: '' },
        ]),
      Test: () => Promise.resolve(testView()),
      PinToCell: pinToCell as never,
    },
    Findings: {
      List: () =>
        Promise.resolve({
          findings: [
            { id: 'F-001', title: 'Changes deployed without approval', status: 'draft', criteria: [], classification: '', opinion: '', owner: '', changed_since_issue: false },
            { id: 'F-002', title: 'Closed matter', status: 'final', criteria: [], classification: '', opinion: '', owner: '', changed_since_issue: false },
          ],
          total: 2,
          by_status: {},
        }),
      Cite: cite as never,
    },
  });
  return { pinToCell, cite };
}

describe('PinForm', () => {
  it('pins a page to a cell of a test, choosing the item and the attribute', async () => {
    const go = install();
    renderWithClient(<PinForm engagementId="e1" evidenceId="ev1" at={{ page: 2 }} fileName="tickets.pdf" onDone={() => {}} />);
    const form = screen.getByRole('form', { name: 'Pin tickets.pdf' });
    await userEvent.click(within(form).getByLabelText('Test cell'));
    const tests = await within(form).findByLabelText('Which test');
    // A test without a sample has no cells yet.
    expect(within(tests).getByRole('option', { name: 'Test of AC-02 (no sample yet)' })).toBeDisabled();
    await userEvent.selectOptions(tests, 't1');
    const items = await within(form).findByLabelText('Sample item');
    expect(within(items).getByRole('option', { name: `2 · ${hostile}` })).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    expect(within(form).getByRole('button', { name: 'Pin' })).toBeDisabled();
    await userEvent.selectOptions(items, '3');
    await userEvent.selectOptions(within(form).getByLabelText('Attribute'), 'A');
    await userEvent.click(within(form).getByRole('button', { name: 'Pin' }));
    expect(go.pinToCell).toHaveBeenCalledWith('e1', 't1', 3, 'A', { evidence_id: 'ev1', page: 2 });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Pinned tickets.pdf (page 2) to cell 3/A of the test of CM-01 · Change approval.',
    );
  });

  it('cites a row in a finding that is not final', async () => {
    const go = install();
    renderWithClient(<PinForm engagementId="e1" evidenceId="ev1" at={{ sheet: 'Leavers', row: 12 }} fileName="leavers.xlsx" onDone={() => {}} />);
    const form = screen.getByRole('form', { name: 'Pin leavers.xlsx' });
    await userEvent.click(within(form).getByLabelText('Finding'));
    const list = await within(form).findByLabelText('Which finding');
    expect(within(list).getByRole('option', { name: 'F-002 · Closed matter (final)' })).toBeDisabled();
    await userEvent.selectOptions(list, 'F-001');
    await userEvent.click(within(form).getByRole('button', { name: 'Cite in finding' }));
    expect(go.cite).toHaveBeenCalledWith('e1', 'F-001', { evidence_id: 'ev1', sheet: 'Leavers', row: 12 });
    expect(await screen.findByRole('status')).toHaveTextContent('Cited leavers.xlsx (sheet Leavers, row 12) in finding F-001.');
  });
});
