import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isAppError, type SessionStatus } from '../../api';
import { useCreatePassphrase, useUnlock } from './useSession';

const MIN_LENGTH = 8;

function Footer({ status }: { status: SessionStatus }) {
  return (
    <p className="small-print">
      Data folder: <code>{status.data_dir}</code> · Audit Room {status.version}
    </p>
  );
}

function CreateForm({ status }: { status: SessionStatus }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreatePassphrase();
  const hintId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (passphrase.length < MIN_LENGTH) {
      setProblem(`The passphrase is too short — use at least ${MIN_LENGTH} characters.`);
      return;
    }
    if (passphrase !== confirm) {
      setProblem('The two passphrases do not match — type the same passphrase twice.');
      return;
    }
    setProblem(null);
    create.mutate(passphrase);
  };

  const error = problem ?? (create.isError ? create.error.message : null);
  return (
    <form className="passphrase-form" onSubmit={submit} noValidate>
      <h1>Create a passphrase</h1>
      <p id={hintId}>
        The passphrase encrypts everything Audit Room keeps in its data folder. It cannot be
        recovered: without it, the engagements in this folder cannot be opened. Use at least{' '}
        {MIN_LENGTH} characters.
      </p>
      <label className="field">
        <span>Passphrase</span>
        <input
          type="password"
          autoComplete="new-password"
          autoFocus
          aria-describedby={hintId}
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Confirm passphrase</span>
        <input
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create passphrase'}
      </button>
      <Footer status={status} />
    </form>
  );
}

function UnlockForm({ status }: { status: SessionStatus }) {
  const [passphrase, setPassphrase] = useState('');
  const unlock = useUnlock();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (unlock.isError) input.current?.select();
  }, [unlock.isError, unlock.failureCount]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    unlock.mutate(passphrase);
  };

  let error: string | null = null;
  if (unlock.isError) {
    error = isAppError(unlock.error, 'wrong_passphrase')
      ? 'Wrong passphrase — check it and try again'
      : `Could not unlock: ${unlock.error.message}`;
  }
  return (
    <form className="passphrase-form" onSubmit={submit} noValidate>
      <h1>Unlock Audit Room</h1>
      <p>Enter the passphrase that encrypts this data folder.</p>
      <label className="field">
        <span>Passphrase</span>
        <input
          ref={input}
          type="password"
          autoComplete="current-password"
          autoFocus
          value={passphrase}
          aria-invalid={unlock.isError || undefined}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={unlock.isPending || passphrase === ''}>
        {unlock.isPending ? 'Unlocking…' : 'Unlock'}
      </button>
      <Footer status={status} />
    </form>
  );
}

/** First run: create a passphrase. Afterwards: unlock. */
export function PassphraseScreen({ status }: { status: SessionStatus }) {
  return (
    <main className="passphrase-screen">
      {status.initialized ? <UnlockForm status={status} /> : <CreateForm status={status} />}
    </main>
  );
}
