import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { passphraseProblem } from './BackupPanel';
import { useChangePassphrase } from './useBackups';

/** Changes the data folder's passphrase; nothing is re-encrypted but its keys. */
export function PassphrasePanel({ onClose }: { onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState('');
  const run = useChangePassphrase();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = !current ? 'Give the current passphrase.' : passphraseProblem(next, again);
    setProblem(p);
    if (!p) run.mutate({ current, next });
  };

  return (
    <aside className="panel">
      <form onSubmit={submit} aria-label="Change the passphrase">
        <h2>Change the passphrase</h2>
        <p className="muted">
          Running jobs stop while the data folder is locked and unlocked again with the new passphrase. Scheduled backups
          made before keep the old one.
        </p>
        <label className="field">
          <span>Current passphrase</span>
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label className="field">
          <span>New passphrase</span>
          <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        <label className="field">
          <span>New passphrase again</span>
          <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
        </label>
        {problem ? <p className="form-error">{problem}</p> : null}
        {run.isError ? <ErrorMessage title="Could not change the passphrase." error={run.error} /> : null}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="primary" disabled={run.isPending}>
            {run.isPending ? 'Changing…' : 'Change passphrase'}
          </button>
        </div>
        {run.isSuccess ? <p role="status">Passphrase changed: use the new one from now on.</p> : null}
      </form>
    </aside>
  );
}
