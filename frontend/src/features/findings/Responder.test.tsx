import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Engagement, ResponseInput } from '../../api';
import { FindingsScreen } from './FindingsScreen';
import { fakeGo, goError, renderWithClient } from '../../test/utils';
import { finding, hostile } from './fixtures';

const copy: Engagement = {
  id: 'r1', name: 'Findings for Acme', client: 'Acme', type: 'type2', period_start: '2026-01-01', period_end: '2026-12-31',
  categories: ['security'], created_at: '', created_by: 'lee', role: 'responder', origin: 'e1',
};

const issued = {
  ...finding,
  status: 'issued' as const,
  condition: hostile,
  issued_at: '2026-11-25T12:00:00Z',
  evidence: [{ evidence_id: 'ev1', name: 'tickets.csv', sha256: 'c'.repeat(64), row: 8 }],
};

describe('the responder view', () => {
  it('shows the issued finding as text with its evidence references, and sends the answer with new files', async () => {
    const respond = vi
      .fn()
      .mockImplementationOnce(() => goError('invalid', 'response to F-001: agreeing commits to a corrective action: give the action, its owner and a target date'))
      .mockImplementationOnce((_e: string, _f: string, input: ResponseInput) =>
        Promise.resolve({ ...input, finding_id: 'F-001', finding_version: 'v1', responded_at: '', evidence: [] }),
      );
    fakeGo({
      Findings: {
        List: () => Promise.resolve({ findings: [{ id: 'F-001', title: finding.title, criteria: ['CC8.1'], classification: 'significant_deficiency', opinion: '', status: 'issued', owner: 'CTO', changed_since_issue: false, response: '' }], total: 1, opinion: 'unmodified', by_status: { issued: 1 } }),
        Get: () => Promise.resolve({ finding: issued, response: null, evidence: [], stale: false }),
        Packets: () => Promise.resolve([]),
        Respond: respond,
      },
    });
    const { container } = renderWithClient(<FindingsScreen engagement={copy} item="F-001" />);
    const shown = await screen.findByRole('region', { name: 'Finding F-001' });
    expect(within(shown).getByText(hostile)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    // The files are the auditor's: named with their hash, not opened here.
    expect(within(shown).getByText('tickets.csv')).not.toHaveAttribute('href');
    expect(shown).toHaveTextContent(`SHA-256 ${'c'.repeat(64)}`);
    expect(screen.getByRole('form', { name: 'Export the response packet' })).toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'Response to F-001' });
    await userEvent.click(within(form).getByRole('button', { name: 'Save response' }));
    expect(within(form).getByText('Say whether you agree, partially agree or disagree.')).toBeInTheDocument();
    await userEvent.click(within(form).getByLabelText('Agree'));
    await userEvent.type(within(form).getByLabelText('Response'), 'Agreed.');
    await userEvent.type(within(form).getByLabelText('Your name (the responder)'), 'Lee');
    await userEvent.type(within(form).getByLabelText(/^New evidence files/), ' /tmp/a.pdf \n\n/tmp/b.png');
    await userEvent.click(within(form).getByRole('button', { name: 'Save response' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('agreeing commits to a corrective action');
    await userEvent.type(within(form).getByLabelText(/^Corrective action/), 'Block unapproved deploys.');
    await userEvent.type(within(form).getByLabelText('Target date'), '2027-03-31');
    await userEvent.click(within(form).getByRole('button', { name: 'Save response' }));
    expect(respond).toHaveBeenLastCalledWith('r1', 'F-001', {
      position: 'agree', text: 'Agreed.', corrective_action: 'Block unapproved deploys.', owner: 'CTO', target_date: '2027-03-31',
      responder: 'Lee', evidence: [], files: ['/tmp/a.pdf', '/tmp/b.png'],
    });
    expect(await within(form).findByText(/Response to F-001 saved/)).toBeInTheDocument();
  });
});
