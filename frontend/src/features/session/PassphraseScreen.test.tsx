import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PassphraseScreen } from './PassphraseScreen';
import { fakeGo, goError, renderWithClient } from '../../test/utils';

const locked = { initialized: true, unlocked: false, data_dir: '/home/a/.auditroom', version: '0.1.0' };
const fresh = { ...locked, initialized: false };

describe('PassphraseScreen', () => {
  it('shows the wrong-passphrase message and keeps what was typed', async () => {
    const unlock = vi.fn(() => goError('wrong_passphrase', 'wrong passphrase'));
    fakeGo({ Session: { Unlock: unlock } });
    renderWithClient(<PassphraseScreen status={locked} />);

    expect(screen.getByRole('heading', { name: 'Unlock Audit Room' })).toBeInTheDocument();
    expect(screen.getByText('/home/a/.auditroom')).toBeInTheDocument();
    const field = screen.getByLabelText('Passphrase');
    await userEvent.type(field, 'not the one');
    await userEvent.click(screen.getByRole('button', { name: 'Unlock' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong passphrase — check it and try again');
    expect(unlock).toHaveBeenCalledWith('not the one');
    expect(field).toHaveValue('not the one');
  });

  it('blocks a confirmation that does not match', async () => {
    const create = vi.fn(() => Promise.resolve({ ...fresh, initialized: true, unlocked: true }));
    fakeGo({ Session: { Create: create } });
    renderWithClient(<PassphraseScreen status={fresh} />);

    expect(screen.getByRole('heading', { name: 'Create a passphrase' })).toBeInTheDocument();
    expect(screen.getByText(/cannot be recovered/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Passphrase'), 'long enough 1');
    await userEvent.type(screen.getByLabelText('Confirm passphrase'), 'long enough 2');
    await userEvent.click(screen.getByRole('button', { name: 'Create passphrase' }));

    expect(screen.getByRole('alert')).toHaveTextContent(/do not match/);
    expect(create).not.toHaveBeenCalled();
  });

  it('blocks a passphrase shorter than 8 characters', async () => {
    const create = vi.fn();
    fakeGo({ Session: { Create: create } });
    renderWithClient(<PassphraseScreen status={fresh} />);
    await userEvent.type(screen.getByLabelText('Passphrase'), 'short');
    await userEvent.type(screen.getByLabelText('Confirm passphrase'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Create passphrase' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/at least 8 characters/);
    expect(create).not.toHaveBeenCalled();
  });

  it('creates the passphrase when both match', async () => {
    const create = vi.fn(() => Promise.resolve({ ...fresh, initialized: true, unlocked: true }));
    fakeGo({ Session: { Create: create } });
    renderWithClient(<PassphraseScreen status={fresh} />);
    await userEvent.type(screen.getByLabelText('Passphrase'), 'correct horse');
    await userEvent.type(screen.getByLabelText('Confirm passphrase'), 'correct horse');
    await userEvent.click(screen.getByRole('button', { name: 'Create passphrase' }));
    expect(create).toHaveBeenCalledWith('correct horse');
  });
});
