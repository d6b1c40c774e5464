import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { NewPassphrase, passphraseProblem } from './PassphraseFields';
import { useExportPacket } from './useFindings';

/**
 * Writes a packet file: the issued findings (auditor) or the responses
 * (responder copy), encrypted with a passphrase of its own.
 */
export function ExportPacket({ engagementId, responder }: { engagementId: string; responder: boolean }) {
  const [path, setPath] = useState('');
  const [pass, setPass] = useState({ value: '', again: '' });
  const [problem, setProblem] = useState('');
  const exp = useExportPacket(engagementId, responder);
  const what = responder ? 'responses' : 'issued findings';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = !path.trim() ? 'Give the path of the new packet file.' : passphraseProblem(pass.value, pass.again);
    setProblem(p);
    if (!p) exp.mutate({ path: path.trim(), passphrase: pass.value });
  };

  return (
    <form onSubmit={submit} aria-label={responder ? 'Export the response packet' : 'Export the findings packet'}>
      <h3>{responder ? 'Send the responses' : 'Export issued findings'}</h3>
      <p className="muted">
        The {what} go into one file encrypted with its own passphrase. Give the file to{' '}
        {responder ? 'the auditor' : 'management'} by any channel, and the passphrase and the file’s SHA-256 by another.
      </p>
      <label className="field">
        <span>New packet file (path on this machine)</span>
        <input value={path} placeholder="/home/me/acme-findings.age" onChange={(e) => setPath(e.target.value)} />
      </label>
      <NewPassphrase value={pass.value} again={pass.again} onChange={(value, again) => setPass({ value, again })} />
      {problem ? <p className="form-error">{problem}</p> : null}
      {exp.isError ? <ErrorMessage title="Could not export the packet." error={exp.error} /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={exp.isPending}>
          {exp.isPending ? 'Encrypting…' : responder ? 'Export response packet' : 'Export findings packet'}
        </button>
      </div>
      {exp.data ? (
        <div className="packet-result" role="status">
          <p>
            Wrote <code>{exp.data.file}</code> with {exp.data.findings.map((f) => f.id).join(', ')}.
          </p>
          <p>
            SHA-256 <code className="hash">{exp.data.sha256}</code>
          </p>
          {exp.data.skipped.length > 0 ? (
            <ul className="skipped">
              {exp.data.skipped.map((s) => (
                <li key={s.id}>
                  Left out {s.id}: {s.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
