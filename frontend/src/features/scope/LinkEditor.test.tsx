import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RequestsPage } from './RequestsPage';
import { LinkEditor } from './LinkEditor';
import { EvidenceDetailPanel } from '../evidence/EvidenceDetailPanel';
import { fakeGo, goError, renderWithClient } from '../../test/utils';
import type { Evidence, PbcRequest } from '../../api';

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

  it('links and unlinks a control from the evidence detail, and the detail follows', async () => {
    let current: Evidence = {
      id: 'ev7', sha256: 'ab'.repeat(32), size: 40, name: 'change tickets.csv', path: 'change tickets.csv', pack: 'pack',
      type: 'csv', status: 'extracted', parts: 1, controls: ['CC8.1-01'], requests: [], imported_at: '2026-01-02T03:04:05Z',
      imported_by: 'auditor',
    };
    const get = vi.fn(() => Promise.resolve({ evidence: current, provenance: [], pins: [], uses: [] }));
    const link = vi.fn((_e: string, controlId: string, _ev: string, on: boolean) => {
      const controls = current.controls ?? [];
      current = { ...current, controls: on ? [...controls, controlId] : controls.filter((c) => c !== controlId) };
      return Promise.resolve(current);
    });
    const requestLink = vi.fn();
    fakeGo({ Evidence: { Get: get }, Scope: { LinkControl: link, LinkEvidence: requestLink } });
    renderWithClient(<EvidenceDetailPanel engagementId="e1" evidenceId="ev7" onClose={() => {}} />);
    const controls = await screen.findByRole('list', { name: 'Linked controls' });
    expect(controls).toHaveTextContent('CC8.1-01');

    await userEvent.type(screen.getByLabelText('ID of the control to link'), ' CC6.1-01 ');
    await userEvent.click(within(screen.getByLabelText('ID of the control to link').closest('form') as HTMLElement).getByRole('button', { name: 'Link' }));
    expect(link).toHaveBeenCalledWith('e1', 'CC6.1-01', 'ev7', true);
    await waitFor(() => expect(screen.getByRole('list', { name: 'Linked controls' })).toHaveTextContent('CC8.1-01 UnlinkCC6.1-01 Unlink'));

    await userEvent.click(screen.getByRole('button', { name: 'Unlink CC8.1-01' }));
    expect(link).toHaveBeenLastCalledWith('e1', 'CC8.1-01', 'ev7', false);
    await waitFor(() => expect(screen.getByRole('list', { name: 'Linked controls' })).not.toHaveTextContent('CC8.1-01'));
    expect(screen.getByRole('list', { name: 'Linked controls' })).toHaveTextContent('CC6.1-01');
    expect(requestLink).not.toHaveBeenCalled();
  });

  it('says why a control could not be linked', async () => {
    const link = vi.fn(() => goError('ENOTFOUND', 'no control CC9.9'));
    fakeGo({ Scope: { LinkControl: link } });
    renderWithClient(<LinkEditor engagementId="e1" side="evidence" to="control" id="ev9" linked={[]} />);
    await userEvent.type(screen.getByLabelText('ID of the control to link'), 'CC9.9');
    await userEvent.click(screen.getByRole('button', { name: 'Link' }));
    expect(link).toHaveBeenCalledWith('e1', 'CC9.9', 'ev9', true);
    expect(await screen.findByText(/no control CC9.9/)).toBeInTheDocument();
  });
});
