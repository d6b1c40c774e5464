import { useState, type FormEvent } from 'react';
import { isDesktop } from '../../api';
import { backups } from '../../api/backups';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useBackup, useScheduledBackups } from './useBackups';

/** At least 8 characters, typed the same twice; '' when it can be used. */
export function passphraseProblem(value: string, again: string): string {
  if (value.length < 8) return 'A passphrase has at least 8 characters.';
  if (value !== again) return 'Type the same passphrase twice.';
  return '';
}

/**
 * Backs up one engagement into an encrypted file, and lists the scheduled
 * backups made each time the window locks or closes after a change.
 */
export function BackupPanel({ engagementId }: { engagementId: string }) {
  const [path, setPath] = useState('');
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState('');
  const run = useBackup(engagementId);
  const scheduled = useScheduledBackups(engagementId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = !path.trim() ? 'Give the path of the new backup file.' : passphraseProblem(pass, again);
    setProblem(p);
    if (!p) run.mutate({ path: path.trim(), passphrase: pass });
  };
  const choose = async () => {
    const chosen = await backups.saveBackupAs(`${engagementId}.age`);
    if (chosen) setPath(chosen);
  };

  return (
    <section className="backup-panel" aria-label="Backup">
      <form onSubmit={submit} aria-label="Back up this engagement">
        <h3>Back up this engagement</h3>
        <p className="muted">
          Every record, trail event and evidence file goes into one file encrypted with the passphrase you give: this
          data folder’s, or one of its own. Restore it into any data folder.
        </p>
        <label className="field">
          <span>Backup file (path on this machine)</span>
          <input value={path} placeholder="/home/me/acme-backup.age" onChange={(e) => setPath(e.target.value)} />
        </label>
        {isDesktop() ? (
          <button type="button" onClick={() => void choose()}>
            Choose…
          </button>
        ) : null}
        <label className="field">
          <span>Backup passphrase</span>
          <input type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />
        </label>
        <label className="field">
          <span>Backup passphrase again</span>
          <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
        </label>
        {problem ? <p className="form-error">{problem}</p> : null}
        {run.isError ? <ErrorMessage title="Could not write the backup." error={run.error} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={run.isPending}>
            {run.isPending ? 'Backing up…' : 'Back up'}
          </button>
        </div>
        {run.data ? (
          <div role="status">
            <p>
              Wrote <code>{run.data.file}</code>: {run.data.evidence} evidence files, trail to event {run.data.trail_seq}.
            </p>
            <p>
              SHA-256 <code className="hash">{run.data.sha256}</code>
            </p>
          </div>
        ) : null}
      </form>
      <h3>Scheduled backups</h3>
      {scheduled.data ? (
        <>
          <p className="muted">
            Made in <code>{scheduled.data.folder}</code> each time the window locks or closes after a change; the newest{' '}
            {scheduled.data.kept} are kept.
          </p>
          {scheduled.data.files && scheduled.data.files.length > 0 ? (
            <ul aria-label="Scheduled backups">
              {scheduled.data.files.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          ) : (
            <p>None yet.</p>
          )}
        </>
      ) : null}
    </section>
  );
}
