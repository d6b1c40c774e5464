import { useState, type FormEvent } from 'react';
import type { ImportResult } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { shortHash } from '../../lib/format';
import { statusLabels } from './labels';
import { PacketFileFields } from './PassphraseFields';
import { useImportPacket } from './useFindings';

function Outcome({ result }: { result: ImportResult }) {
  const list = (ids: string[]) => (ids.length ? ids.join(', ') : 'none');
  return (
    <div role="status" className="packet-result">
      <p>
        Taken in: {list(result.applied)}
        {result.confirmed.length ? ` (confirmed despite a change: ${result.confirmed.join(', ')})` : ''}. Already in:{' '}
        {list(result.unchanged)}. New evidence files: {result.evidence}.
      </p>
    </div>
  );
}

/**
 * Takes in management's response packet. A response to a finding that
 * changed since the version it answers is listed, not taken in, until
 * the auditor confirms it finding by finding.
 */
export function ImportPacket({ engagementId }: { engagementId: string }) {
  const [path, setPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState<string[]>([]);
  const imp = useImportPacket(engagementId);
  const conflicts = imp.data?.conflicts ?? [];

  const run = (ids: string[]) => imp.mutate({ path: path.trim(), passphrase, confirm: ids });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setConfirm([]);
    run([]);
  };

  return (
    <form onSubmit={submit} aria-label="Import a response packet">
      <h3>Import a response packet</h3>
      <PacketFileFields
        kind="Response"
        path={path}
        passphrase={passphrase}
        onPath={setPath}
        onPassphrase={setPassphrase}
      />
      {imp.isError ? <ErrorMessage title="Could not import the packet." error={imp.error} /> : null}
      <div className="actions">
        <button type="submit" disabled={imp.isPending || !path.trim() || !passphrase}>
          {imp.isPending ? 'Importing…' : 'Import response packet'}
        </button>
      </div>
      {imp.data ? <Outcome result={imp.data} /> : null}
      {conflicts.length > 0 ? (
        <fieldset className="conflicts">
          <legend>Flagged: not taken in</legend>
          <ul>
            {conflicts.map((c) => (
              <li key={c.finding_id}>
                <p>
                  <strong>{c.finding_id}</strong>: {c.reason} (now {statusLabels[c.status]}; answers version{' '}
                  <code title={c.answered_version}>{shortHash(c.answered_version)}</code>, current{' '}
                  <code title={c.current_version}>{shortHash(c.current_version)}</code>).
                </p>
                {c.confirmable ? (
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={confirm.includes(c.finding_id)}
                      onChange={(e) =>
                        setConfirm(e.target.checked ? [...confirm, c.finding_id] : confirm.filter((x) => x !== c.finding_id))
                      }
                    />
                    Take in the response to {c.finding_id} all the same
                  </label>
                ) : (
                  <p className="muted">It cannot be taken in.</p>
                )}
              </li>
            ))}
          </ul>
          <button type="button" disabled={confirm.length === 0 || imp.isPending} onClick={() => run(confirm)}>
            Take in the confirmed responses
          </button>
        </fieldset>
      ) : null}
    </form>
  );
}
