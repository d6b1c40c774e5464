import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useLinkEvidence } from './useScope';

/**
 * The links between evidence files and PBC requests or controls (to), seen
 * from one side: a request's or control's evidence (side "request" or
 * "control") or an evidence file's requests or controls (side "evidence").
 * Each link can be undone; a new one is made by ID.
 * label draws a linked ID for people (a file's name, say); the bare ID otherwise.
 */
export function LinkEditor({
  engagementId,
  side,
  to = side === 'evidence' ? 'request' : side,
  id,
  linked,
  label = (x) => <code>{x}</code>,
}: {
  engagementId: string;
  side: 'request' | 'control' | 'evidence';
  to?: 'request' | 'control';
  id: string;
  linked: string[];
  label?: (id: string) => ReactNode;
}) {
  const [other, setOther] = useState('');
  const change = useLinkEvidence(engagementId, to);
  const reset = change.reset;
  useEffect(() => {
    setOther('');
    reset();
  }, [id, reset]);
  const fromEvidence = side === 'evidence';
  const what = fromEvidence ? to : 'evidence file';
  const run = (otherId: string, link: boolean) =>
    change.mutate(
      fromEvidence ? { targetId: otherId, evidenceId: id, link } : { targetId: id, evidenceId: otherId, link },
      { onSuccess: () => link && setOther('') },
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = other.trim();
    if (v) run(v, true);
  };
  const listName = !fromEvidence ? 'Linked evidence' : to === 'request' ? 'Linked requests' : 'Linked controls';
  const placeholder = !fromEvidence ? 'Evidence ID' : to === 'request' ? 'Request ID, e.g. PBC-003' : 'Control ID, e.g. CC8.1-01';
  return (
    <div className="link-editor">
      {linked.length === 0 ? (
        <span className="muted">none</span>
      ) : (
        <ul aria-label={listName}>
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
          placeholder={placeholder}
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
