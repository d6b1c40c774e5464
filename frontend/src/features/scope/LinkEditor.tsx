import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useLinkEvidence } from './useScope';

/**
 * The links between evidence files and PBC requests, seen from one side:
 * a request's evidence (side "request") or an evidence file's requests
 * (side "evidence"). Each link can be undone; a new one is made by ID.
 * label draws a linked ID for people (a file's name, say); the bare ID otherwise.
 */
export function LinkEditor({
  engagementId,
  side,
  id,
  linked,
  label = (x) => <code>{x}</code>,
}: {
  engagementId: string;
  side: 'request' | 'evidence';
  id: string;
  linked: string[];
  label?: (id: string) => ReactNode;
}) {
  const [other, setOther] = useState('');
  const change = useLinkEvidence(engagementId);
  const reset = change.reset;
  useEffect(() => {
    setOther('');
    reset();
  }, [id, reset]);
  const what = side === 'request' ? 'evidence file' : 'request';
  const run = (otherId: string, link: boolean) =>
    change.mutate(
      side === 'request'
        ? { requestId: id, evidenceId: otherId, link }
        : { requestId: otherId, evidenceId: id, link },
      { onSuccess: () => link && setOther('') },
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = other.trim();
    if (v) run(v, true);
  };
  return (
    <div className="link-editor">
      {linked.length === 0 ? (
        <span className="muted">none</span>
      ) : (
        <ul aria-label={side === 'request' ? 'Linked evidence' : 'Linked requests'}>
          {linked.map((x) => (
            <li key={x}>
              {label(x)}{' '}
              <button
                type="button"
                className="small"
                aria-label={`Unlink ${x}`}
                disabled={change.isPending}
                onClick={() => run(x, false)}
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit}>
        <input
          aria-label={`ID of the ${what} to link`}
          placeholder={side === 'request' ? 'Evidence ID' : 'Request ID, e.g. PBC-003'}
          value={other}
          onChange={(e) => {
            setOther(e.target.value);
            change.reset();
          }}
        />
        <button type="submit" className="small" disabled={change.isPending || !other.trim()}>
          Link
        </button>
      </form>
      {change.isError ? <ErrorMessage title={`Could not change the link.`} error={change.error} /> : null}
    </div>
  );
}
