import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ControlsPage } from './ControlsPage';
import { RequestsPage } from './RequestsPage';
import { CoveragePage } from './CoveragePage';
import { CriteriaPage } from './CriteriaPage';
import { fakeGo, renderWithClient } from '../../test/utils';
import type { Control, Coverage, PbcRequest } from '../../api';

const hostile = '<script>window.x=1</script>';

const control: Control = {
  id: 'AC-01', title: hostile, owner: 'IT', frequency: 'quarterly', nature: 'manual', kind: 'detective', key: true,
  criteria: ['CC6.1', 'CC6.2'],
};

const request: PbcRequest = {
  id: 'PBC-1', description: 'User list', controls: ['AC-01'], owner: 'Jane', due: '2026-01-15', status: 'received',
  history: [], evidence: ['ev1'],
};

describe('ControlsPage', () => {
  it('lists controls as text and filters on the Go side', async () => {
    const list = vi.fn(() => Promise.resolve({ controls: [control], total: 1, owners: ['HR', 'IT'] }));
    fakeGo({ Scope: { Controls: list } });
    const { container } = renderWithClient(<ControlsPage engagementId="e1" />);
    expect(await screen.findByText(hostile)).toBeInTheDocument();
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByText('CC6.1, CC6.2')).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: 'Quarterly' })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Owner'), 'IT');
    expect(list).toHaveBeenLastCalledWith('e1', expect.objectContaining({ owner: 'IT', offset: 0, limit: 50 }));
    await userEvent.click(screen.getByRole('button', { name: 'Sort by Title' }));
    expect(list).toHaveBeenLastCalledWith('e1', expect.objectContaining({ sort: 'title', desc: false }));
  });

  it('edits a control beside the table', async () => {
    const save = vi.fn((_e: string, c: Control) => Promise.resolve(c));
    fakeGo({ Scope: { Controls: () => Promise.resolve({ controls: [control], total: 1, owners: [] }), SaveControl: save } });
    renderWithClient(<ControlsPage engagementId="e1" />);
    await userEvent.click(await screen.findByText(hostile));
    const criteria = screen.getByLabelText('Criteria (e.g. CC6.1, CC6.2)');
    await userEvent.clear(criteria);
    await userEvent.type(criteria, 'CC6.1; CC7.2');
    await userEvent.click(screen.getByRole('button', { name: 'Save control' }));
    expect(save).toHaveBeenCalledWith('e1', expect.objectContaining({ id: 'AC-01', criteria: ['CC6.1', 'CC7.2'] }), false);
  });

  it('says what to do when there are no controls', async () => {
    fakeGo({ Scope: { Controls: () => Promise.resolve({ controls: [], total: 0, owners: [] }) } });
    renderWithClient(<ControlsPage engagementId="e1" />);
    expect(await screen.findByText(/No controls yet. Import the client's control matrix/)).toBeInTheDocument();
  });
});

describe('RequestsPage', () => {
  it('marks overdue requests and flags one with a comment', async () => {
    const set = vi.fn(() => Promise.resolve({ ...request, status: 'flagged' }));
    fakeGo({
      Scope: {
        Requests: () => Promise.resolve({ requests: [request], total: 1, today: '2026-02-01' }),
        SetRequestStatus: set,
      },
    });
    renderWithClient(<RequestsPage engagementId="e1" />);
    expect(await screen.findByText('⏰ 2026-01-15 overdue')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Change status of PBC-1'), 'flagged');
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();
    await userEvent.type(screen.getByLabelText('Comment for PBC-1'), 'Q3 missing');
    await userEvent.click(save);
    expect(set).toHaveBeenCalledWith('e1', 'PBC-1', 'flagged', 'Q3 missing');
  });

  it("names the request's linked evidence by file, opening the viewer", async () => {
    fakeGo({
      Scope: { Requests: () => Promise.resolve({ requests: [request], total: 1, today: '2026-01-01', names: { 'evidence/ev1': 'user-list.csv' } }) },
    });
    renderWithClient(<RequestsPage engagementId="e1" />);
    await userEvent.click(await screen.findByText('User list'));
    const linked = await screen.findByRole('list', { name: 'Linked evidence' });
    expect(within(linked).getByRole('link', { name: 'user-list.csv' })).toHaveAttribute('href', '#/engagement/e1/view/ev1');
    expect(within(linked).getByText('ev1')).toHaveClass('muted');
  });
});

describe('CriteriaPage', () => {
  it('shows the imported text as text', async () => {
    fakeGo({
      Scope: {
        Criteria: () =>
          Promise.resolve([
            { id: 'CC6.1', category: 'security', title: 'Logical access security', text: hostile, points_of_focus: '', their_title: '', controls: [] },
          ]),
      },
    });
    const { container } = renderWithClient(<CriteriaPage engagementId="e1" categories={['security']} />);
    expect(await screen.findByText('⚠ No control')).toBeInTheDocument();
    await userEvent.click(screen.getByText('Logical access security'));
    expect(screen.getByText(hostile)).toBeInTheDocument();
    expect(container.querySelector('script')).toBeNull();
  });
});

describe('CoveragePage', () => {
  it('names the gaps', async () => {
    const cv: Coverage = {
      today: '2026-02-01',
      categories: ['security'],
      criteria: [{ id: 'CC1.1', category: 'security', title: 'Integrity and ethical values', has_text: false, controls: [] }],
      controls: [{ id: 'AC-01', title: 'Reviews', key: true, criteria: ['CC6.1'], requests: ['PBC-1'], evidence: 0, tests: 0 }],
      gaps: {
        criteria_without_control: [{ id: 'CC1.1', category: 'security', title: 'Integrity and ethical values' }],
        controls_without_evidence: ['AC-01'],
        overdue_requests: [{ id: 'PBC-1', description: 'User list', due: '2026-01-15', status: 'open' }],
        flagged_requests: [],
        evidence_out_of_period: [
          { id: 'e1', name: 'scan 15-01-2027.txt', path: 'it/scan 15-01-2027.txt', as_of: '2027-01-15', as_of_source: 'file name', reason: 'after the period end 2026-12-31' },
          { id: 'e2', name: 'readme.txt', path: 'readme.txt', as_of_source: 'unknown', reason: 'date unknown' },
        ],
      },
      summary: {
        criteria: 33,
        criteria_covered: 32,
        controls: 1,
        controls_with_evidence: 0,
        requests: 1,
        requests_accepted: 0,
        overdue: 1,
        flagged: 0,
        evidence_out_of_period: 1,
        evidence_undated: 1,
      },
    };
    fakeGo({ Scope: { Coverage: () => Promise.resolve(cv) } });
    renderWithClient(<CoveragePage engagementId="e1" />);
    const gaps = await screen.findByRole('region', { name: 'Criteria without a control' });
    expect(gaps).toHaveTextContent('CC1.1 Integrity and ethical values');
    expect(screen.getByRole('region', { name: 'Controls without evidence' })).toHaveTextContent('AC-01');
    expect(screen.getByRole('region', { name: 'Overdue requests' })).toHaveTextContent('PBC-1 due 2026-01-15');
    expect(screen.getByText('32 of 33')).toBeInTheDocument();
    const dated = screen.getByRole('region', { name: 'Evidence dated outside the period' });
    expect(dated).toHaveTextContent('it/scan 15-01-2027.txt 2027-01-15 — after the period end 2026-12-31');
    expect(dated).toHaveTextContent('readme.txt unknown — date unknown');
    expect(screen.getByText('Evidence dated outside the period').nextElementSibling).toHaveTextContent('1 (1 undated)');
  });
});
