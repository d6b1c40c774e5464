import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RequestsPage } from './RequestsPage';
import { LinkEditor } from './LinkEditor';
import { fakeGo, goError, renderWithClient } from '../../test/utils';
import type { PbcRequest } from '../../api';

const request: PbcRequest = {
  id: 'PBC-003', description: 'User listing', controls: [], owner: 'Jane', due: '2026-12-31', status: 'received',
  history: [], evidence: ['ev1'],
};

describe('LinkEditor', () => {
  it('unlinks and links evidence from the request detail, and the list follows', async () => {
    let current = request;
    const requests = vi.fn(() => Promise.resolve({ requests: [current], total: 1, today: '2026-02-01' }));
    const link = vi.fn((_e: string, _r: string, evidenceId: string, on: boolean) => {
      current = { ...current, evidence: on ? [...current.evidence, evidenceId] : current.evidence.filter((x) => x !== evidenceId) };
      current.status = current.evidence.length ? 'received' : 'open';
      return Promise.resolve(current);
    });
    fakeGo({ Scope: { Requests: requests, LinkEvidence: link } });
    renderWithClient(<RequestsPage engagementId="e1" />);
    await userEvent.click(await screen.findByText('User listing'));
    const panel = screen.getByRole('complementary', { name: 'Request PBC-003' });
    const linked = within(panel).getByRole('list', { name: 'Linked evidence' });
    expect(within(linked).getByText('ev1')).toBeInTheDocument();

    await userEvent.click(within(panel).getByRole('button', { name: 'Unlink ev1' }));
    expect(link).toHaveBeenCalledWith('e1', 'PBC-003', 'ev1', false);
    await waitFor(() => expect(within(panel).getByText('0 linked')).toBeInTheDocument());

    const input = within(panel).getByLabelText('ID of the evidence file to link');
    await userEvent.type(input, ' ev2 ');
    await userEvent.click(within(panel).getByRole('button', { name: 'Link' }));
    expect(link).toHaveBeenLastCalledWith('e1', 'PBC-003', 'ev2', true);
    await waitFor(() => expect(within(panel).getByRole('list', { name: 'Linked evidence' })).toHaveTextContent('ev2'));
    expect(input).toHaveValue('');
  });

  it('links a file to a request from the evidence side and says why a link failed', async () => {
    const link = vi.fn(() => goError('ENOTFOUND', 'no request PBC-9'));
    fakeGo({ Scope: { LinkEvidence: link } });
    renderWithClient(<LinkEditor engagementId="e1" side="evidence" id="ev9" linked={['PBC-003']} />);
    expect(screen.getByRole('list', { name: 'Linked requests' })).toHaveTextContent('PBC-003');
    await userEvent.type(screen.getByLabelText('ID of the request to link'), 'PBC-9');
    await userEvent.click(screen.getByRole('button', { name: 'Link' }));
    expect(link).toHaveBeenCalledWith('e1', 'PBC-9', 'ev9', true);
    expect(await screen.findByText(/no request PBC-9/)).toBeInTheDocument();
  });
});
