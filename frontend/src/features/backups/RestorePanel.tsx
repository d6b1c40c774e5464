import { useState, type FormEvent } from 'react';
import { isDesktop } from '../../api';
import { backups, type Restored } from '../../api/backups';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useRestore } from './useBackups';

/**
 * Restores an engagement from a backup file into this data folder. The
 * file is checked whole before anything is written.
 */
export function RestorePanel({ onClose, onOpen }: { onClose: () => void; onOpen: (r: Restored) => void }) {
  const [path, setPath] = useState('');
  const [pass, setPass] = useState('');
  const [asNew, setAsNew] = useState(false);
  const [problem, setProblem] = useState('');
  const run = useRestore();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = !path.trim() ? 'Give the path of the backup file.' : !pass ? 'Give the passphrase of the backup.' : '';
    setProblem(p);
    if (!p) run.mutate({ path: path.trim(), passphrase: pass, asNew });
  };
  const choose = async () => {
    const chosen = await backups.chooseBackup();
    if (chosen) setPath(chosen);
  };
  const done = run.data;

  return (
    <aside className="panel">
      <form onSubmit={submit} aria-label="Restore a backup">
        <h2>Restore a backup</h2>
        <label className="field">
          <span>Backup file (path on this machine)</span>
          <input value={path} onChange={(e) => setPath(e.target.value)} />
        </label>
        {isDesktop() ? (
          <button type="button" onClick={() => void choose()}>
            Choose…
          </button>
        ) : null}
        <label className="field">
          <span>Its passphrase</span>
          <input type="password" autoComplete="off" value={pass} onChange={(e) => setPass(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={asNew} onChange={(e) => setAsNew(e.target.checked)} />
          <span>Keep it beside the engagement it was made from, under a new ID</span>
        </label>
        {problem ? <p className="form-error">{problem}</p> : null}
        {run.isError ? <ErrorMessage title="Could not restore the backup." error={run.error} /> : null}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="primary" disabled={run.isPending}>
            {run.isPending ? 'Checking and restoring…' : 'Restore'}
          </button>
        </div>
        {done ? (
          <div role="status">
            <p>
              Restored {done.engagement.name} ({done.engagement.id}): {done.evidence} evidence files;{' '}
              {done.intact ? `trail intact, ${done.events} events.` : `trail broken at event ${done.broke_at}: ${done.reason}`}
            </p>
            <button type="button" onClick={() => onOpen(done)}>
              Open {done.engagement.name}
            </button>
          </div>
        ) : null}
      </form>
    </aside>
  );
}
