import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TrailPage } from './TrailPage';
import { fakeGo, renderWithClient } from '../../test/utils';
import type { Job, TrailEvent } from '../../api';

function event(seq: number): TrailEvent {
  return {
    seq,
    time: '2025-11-25T10:00:00Z',
    actor: 'auditor',
    action: 'engagement.created',
    object: `engagement/e1#${seq}`,
    change: null,
    digest: 'd',
    prev: 'p',
    hash: `abcdef0123456789-${seq}`,
  };
}

const running: Job = {
  id: 'j1', kind: 'verify', title: 'Verify chain', stage: 'hashing', current: '', done: 1, total: 3,
  state: 'running', started_at: '2025-11-25T10:00:00Z',
};

describe('TrailPage', () => {
  it('shows what a report event wrote: its kind, file and SHA-256', async () => {
    const sha = 'ab'.repeat(32);
    const report: TrailEvent = {
      ...event(7), action: 'export.report', object: 'engagement/e1',
      change: { format: 'report', files: [{ kind: 'final', path: '/home/me/Acme final.pdf', bytes: 9, sha256: sha }] },
    };
    fakeGo({ Engagements: { Trail: () => Promise.resolve({ events: [report], total: 1, names: {} }) } });
    renderWithClient(<TrailPage engagementId="e1" />);
    expect(await screen.findByText(`final Acme final.pdf sha256 ${sha}`)).toBeInTheDocument();
  });

  it("shows an event's file by name, its evidence ID on a line below", async () => {
    const imported = { ...event(1), action: 'evidence.import', object: 'evidence/0123456789abcdef01234567' };
    fakeGo({
      Engagements: {
        Trail: () => Promise.resolve({ events: [imported], total: 1, names: { 'evidence/0123456789abcdef01234567': 'leavers-2026.csv' } }),
      },
    });
    renderWithClient(<TrailPage engagementId="e1" />);
    const name = await screen.findByText('leavers-2026.csv');
    const cell = name.closest('td')!;
    expect(cell.textContent).toBe('leavers-2026.csvevidence/0123456789abcdef01234567');
    expect(screen.getByText('evidence/0123456789abcdef01234567')).toHaveClass('muted');
  });

  it('pages events 50 at a time from the Go side', async () => {
    const trail = vi.fn((_id: string, offset: number) =>
      Promise.resolve({ events: [event(offset + 1)], total: 120, names: {} }),
    );
    fakeGo({ Engagements: { Trail: trail } });
    renderWithClient(<TrailPage engagementId="e1" />);
    expect(await screen.findByText('engagement/e1#1')).toBeInTheDocument();
    expect(trail).toHaveBeenCalledWith('e1', 0, 50);
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('engagement/e1#51')).toBeInTheDocument();
    expect(trail).toHaveBeenLastCalledWith('e1', 50, 50);
  });

  it('verifies the chain and reports it intact', async () => {
    const get = vi
      .fn()
      .mockResolvedValueOnce(running)
      .mockResolvedValue({
        ...running, state: 'done', done: 3,
        result: { intact: true, events: 3, head: '0123456789abcdef' },
      });
    fakeGo({
      Engagements: {
        Trail: () => Promise.resolve({ events: [event(1)], total: 1, names: {} }),
        Verify: () => Promise.resolve(running),
      },
      Jobs: { Get: get, List: () => Promise.resolve([]) },
    });
    renderWithClient(<TrailPage engagementId="e1" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Verify chain' }));
    expect(
      await screen.findByText('Chain intact — 3 events, head 01234567…', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
  });

  it('reports where a broken chain breaks', async () => {
    fakeGo({
      Engagements: {
        Trail: () => Promise.resolve({ events: [event(1)], total: 1, names: {} }),
        Verify: () => Promise.resolve(running),
      },
      Jobs: {
        Get: () =>
          Promise.resolve({
            ...running, state: 'done',
            result: { intact: false, events: 3, head: 'ff', broke_at: 2, reason: 'hash mismatch' },
          }),
        List: () => Promise.resolve([]),
      },
    });
    renderWithClient(<TrailPage engagementId="e1" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Verify chain' }));
    expect(
      await screen.findByText('Chain broken at event 2: hash mismatch', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
  });
});
