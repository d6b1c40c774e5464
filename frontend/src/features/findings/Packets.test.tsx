import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ImportResult } from '../../api';
import { ExportPacket } from './ExportPacket';
import { ImportPacket } from './ImportPacket';
import { fakeGo, renderWithClient } from '../../test/utils';

const v = (c: string) => c.repeat(64);

describe('ExportPacket', () => {
  it('needs the passphrase twice, the same, before it writes', async () => {
    const exp = vi.fn(() =>
      Promise.resolve({ packet_id: 'fnd_1', file: '/tmp/p.age', sha256: v('b'), findings: [{ id: 'F-001', version: v('a') }],
        skipped: [{ id: 'F-002', reason: 'changed since it was issued: reopen and issue it again' }] }),
    );
    fakeGo({ Findings: { ExportPacket: exp } });
    renderWithClient(<ExportPacket engagementId="e1" responder={false} />);
    await userEvent.type(screen.getByLabelText('New packet file (path on this machine)'), '/tmp/p.age');
    await userEvent.type(screen.getByLabelText('Packet passphrase'), 'harbour kite');
    await userEvent.type(screen.getByLabelText('Packet passphrase again'), 'harbour kit');
    expect(screen.getByText('The two passphrases differ.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Export findings packet' }));
    expect(screen.getByText('Type the same passphrase twice.')).toBeInTheDocument();
    expect(exp).not.toHaveBeenCalled();

    await userEvent.type(screen.getByLabelText('Packet passphrase again'), 'e');
    await userEvent.click(screen.getByRole('button', { name: 'Export findings packet' }));
    expect(exp).toHaveBeenCalledWith('e1', '/tmp/p.age', 'harbour kite');
    const done = await screen.findByRole('status');
    expect(done).toHaveTextContent('Wrote /tmp/p.age with F-001.');
    expect(done).toHaveTextContent(`SHA-256 ${v('b')}`);
    expect(done).toHaveTextContent('Left out F-002: changed since it was issued');
  });
});

describe('ImportPacket', () => {
  it('lists flagged responses and takes in only those confirmed one by one', async () => {
    const first: ImportResult = {
      packet_id: 'rsp_1', applied: ['F-001'], confirmed: [], unchanged: [], evidence: 1,
      conflicts: [
        { finding_id: 'F-002', answered_version: v('1'), current_version: v('2'), issued_version: v('1'), status: 'issued', reason: 'F-002 changed since the version the response answers', confirmable: true },
        { finding_id: 'F-003', answered_version: v('1'), current_version: v('1'), issued_version: v('1'), status: 'final', reason: 'F-003 is final: it takes no more responses', confirmable: false },
      ],
    };
    const imp = vi
      .fn()
      .mockResolvedValueOnce(first)
      .mockResolvedValueOnce({ ...first, applied: ['F-002'], confirmed: ['F-002'], unchanged: ['F-001'], evidence: 0, conflicts: [first.conflicts[1]] });
    fakeGo({ Findings: { ImportPacket: imp } });
    renderWithClient(<ImportPacket engagementId="e1" />);
    await userEvent.type(screen.getByLabelText('Response packet (path on this machine)'), '/tmp/r.age');
    await userEvent.type(screen.getByLabelText('Its passphrase'), 'harbour kite');
    await userEvent.click(screen.getByRole('button', { name: 'Import response packet' }));
    expect(imp).toHaveBeenLastCalledWith('e1', '/tmp/r.age', 'harbour kite', []);
    expect(await screen.findByRole('status')).toHaveTextContent('Taken in: F-001. Already in: none. New evidence files: 1.');
    const flagged = screen.getByRole('group', { name: 'Flagged: not taken in' });
    expect(flagged).toHaveTextContent('F-002: F-002 changed since the version the response answers');
    expect(flagged).toHaveTextContent('F-003 is final: it takes no more responses');
    expect(within(flagged).queryByLabelText(/F-003/)).toBeNull();
    const confirm = within(flagged).getByRole('button', { name: 'Take in the confirmed responses' });
    expect(confirm).toBeDisabled();
    await userEvent.click(within(flagged).getByLabelText('Take in the response to F-002 all the same'));
    await userEvent.click(confirm);
    expect(imp).toHaveBeenLastCalledWith('e1', '/tmp/r.age', 'harbour kite', ['F-002']);
    expect(await screen.findByText(/confirmed despite a change: F-002/)).toBeInTheDocument();
  });
});
