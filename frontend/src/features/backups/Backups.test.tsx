import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Restored } from '../../api/backups';
import { BackupPanel } from './BackupPanel';
import { PassphrasePanel } from './PassphrasePanel';
import { RestorePanel } from './RestorePanel';
import { fakeGo, goError, renderWithClient } from '../../test/utils';

const sha = 'ab'.repeat(32);

describe('BackupPanel', () => {
  it('writes a backup once the passphrase is typed the same twice, and lists the scheduled ones', async () => {
    const backup = vi.fn(() =>
      Promise.resolve({ file: '/tmp/acme.age', engagement_id: 'eng_1', name: 'Acme FY26', entries: 40, evidence: 3,
        bytes: 9000, sha256: sha, trail_seq: 17, trail_head: 'cd'.repeat(32) }),
    );
    const scheduled = vi.fn(() =>
      Promise.resolve({ folder: '/data/backups/eng_1', files: ['20260301T090000.000Z.age', '20260302T090000.000Z.age'], kept: 5 }),
    );
    fakeGo({ Backups: { Backup: backup, Scheduled: scheduled } });
    renderWithClient(<BackupPanel engagementId="eng_1" />);
    expect(await screen.findByRole('list', { name: 'Scheduled backups' })).toHaveTextContent(
      '20260301T090000.000Z.age20260302T090000.000Z.age',
    );
    expect(screen.getByText(/the newest 5 are kept/)).toHaveTextContent('/data/backups/eng_1');

    await userEvent.type(screen.getByLabelText('Backup file (path on this machine)'), '/tmp/acme.age');
    await userEvent.type(screen.getByLabelText('Backup passphrase'), 'harbour kite');
    await userEvent.type(screen.getByLabelText('Backup passphrase again'), 'harbour kit');
    await userEvent.click(screen.getByRole('button', { name: 'Back up' }));
    expect(screen.getByText('Type the same passphrase twice.')).toBeInTheDocument();
    expect(backup).not.toHaveBeenCalled();

    await userEvent.type(screen.getByLabelText('Backup passphrase again'), 'e');
    await userEvent.click(screen.getByRole('button', { name: 'Back up' }));
    expect(backup).toHaveBeenCalledWith('eng_1', '/tmp/acme.age', 'harbour kite');
    const done = await screen.findByRole('status');
    expect(done).toHaveTextContent('Wrote /tmp/acme.age: 3 evidence files, trail to event 17.');
    expect(done).toHaveTextContent(`SHA-256 ${sha}`);
  });
});

describe('RestorePanel', () => {
  const restored: Restored = {
    engagement: { id: 'eng_2', name: 'Acme FY26', client: 'Acme Holdings', type: 'type2', period_start: '2026-01-01',
      period_end: '2026-12-31', categories: ['security'], created_at: '2026-01-02T00:00:00Z', created_by: 'ana' },
    from: 'eng_1', file: '/tmp/acme.age', entries: 40, evidence: 3, intact: true, events: 18, head: 'ef'.repeat(32), not_indexed: 0,
  };

  it('restores as new when asked, says what it checked, and opens the engagement', async () => {
    const restore = vi.fn(() => Promise.resolve(restored));
    fakeGo({ Backups: { Restore: restore } });
    const onOpen = vi.fn();
    renderWithClient(<RestorePanel onClose={() => {}} onOpen={onOpen} />);
    await userEvent.click(screen.getByRole('button', { name: 'Restore' }));
    expect(screen.getByText('Give the path of the backup file.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Backup file (path on this machine)'), '/tmp/acme.age');
    await userEvent.type(screen.getByLabelText('Its passphrase'), 'harbour kite');
    await userEvent.click(screen.getByLabelText('Keep it beside the engagement it was made from, under a new ID'));
    await userEvent.click(screen.getByRole('button', { name: 'Restore' }));
    expect(restore).toHaveBeenCalledWith('/tmp/acme.age', 'harbour kite', true);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Restored Acme FY26 (eng_2): 3 evidence files; trail intact, 18 events.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Open Acme FY26' }));
    expect(onOpen).toHaveBeenCalledWith(restored);
  });

  it('shows why a file is refused', async () => {
    fakeGo({ Backups: { Restore: () => goError('invalid', 'backup cut.age is not intact: it is damaged, cut short or was altered after it was made; nothing was restored') } });
    renderWithClient(<RestorePanel onClose={() => {}} onOpen={() => {}} />);
    await userEvent.type(screen.getByLabelText('Backup file (path on this machine)'), '/tmp/cut.age');
    await userEvent.type(screen.getByLabelText('Its passphrase'), 'harbour kite');
    await userEvent.click(screen.getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText(/backup cut.age is not intact/)).toBeInTheDocument();
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('PassphrasePanel', () => {
  it('changes the passphrase with the current one and the new one typed twice', async () => {
    const change = vi.fn(() => Promise.resolve({ initialized: true, unlocked: true, data_dir: '/data', version: 'dev' }));
    fakeGo({ Backups: { ChangePassphrase: change } });
    renderWithClient(<PassphrasePanel onClose={() => {}} />);
    await userEvent.type(screen.getByLabelText('Current passphrase'), 'correct horse battery');
    await userEvent.type(screen.getByLabelText('New passphrase'), 'short');
    await userEvent.type(screen.getByLabelText('New passphrase again'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(screen.getByText('A passphrase has at least 8 characters.')).toBeInTheDocument();
    expect(change).not.toHaveBeenCalled();

    await userEvent.clear(screen.getByLabelText('New passphrase'));
    await userEvent.clear(screen.getByLabelText('New passphrase again'));
    await userEvent.type(screen.getByLabelText('New passphrase'), 'new horse battery');
    await userEvent.type(screen.getByLabelText('New passphrase again'), 'new horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(change).toHaveBeenCalledWith('correct horse battery', 'new horse battery');
    expect(await screen.findByRole('status')).toHaveTextContent('Passphrase changed: use the new one from now on.');
  });

  it('says so when the current passphrase is wrong', async () => {
    fakeGo({ Backups: { ChangePassphrase: () => goError('wrong_passphrase', 'wrong passphrase') } });
    renderWithClient(<PassphrasePanel onClose={() => {}} />);
    await userEvent.type(screen.getByLabelText('Current passphrase'), 'wrong horse battery');
    await userEvent.type(screen.getByLabelText('New passphrase'), 'new horse battery');
    await userEvent.type(screen.getByLabelText('New passphrase again'), 'new horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(await screen.findByText(/wrong passphrase/)).toBeInTheDocument();
  });
});
