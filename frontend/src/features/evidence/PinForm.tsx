import { useState, type FormEvent } from 'react';
import type { Locator, PinTarget } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { usePin, usePinTargets } from './usePins';
import './pins.css';

/** Where a locator points, as the pin form and the pin list say it. */
export function placeLabel(at: Locator): string {
  const parts: string[] = [];
  if (at.page) parts.push(`page ${at.page}`);
  if (at.sheet) parts.push(`sheet ${at.sheet}`);
  if (at.row) parts.push(`row ${at.row}`);
  if (at.line) parts.push(`line ${at.line}`);
  return parts.length > 0 ? parts.join(', ') : 'whole file';
}

/**
 * Pins a place in an evidence file to a control or a PBC request. Opened
 * from a search hit, the viewer or the detail panel, with the place filled in.
 */
export function PinForm({
  engagementId,
  evidenceId,
  at,
  fileName,
  onDone,
}: {
  engagementId: string;
  evidenceId: string;
  at: Locator;
  fileName: string;
  onDone: () => void;
}) {
  const [target, setTarget] = useState<PinTarget>('control');
  const [targetId, setTargetId] = useState('');
  const [note, setNote] = useState('');
  const targets = usePinTargets(engagementId, target);
  const pin = usePin(engagementId);
  const noun = target === 'control' ? 'control' : 'request';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (targetId) pin.mutate({ evidenceId, at, target, targetId, note });
  };

  if (pin.isSuccess) {
    return (
      <div className="pin-form" role="status">
        Pinned {fileName} ({placeLabel(at)}) to {pin.data.target} {pin.data.target_id}.{' '}
        <button type="button" className="small" onClick={onDone}>
          Done
        </button>
      </div>
    );
  }
  return (
    <form className="pin-form" onSubmit={submit} aria-label={`Pin ${fileName}`}>
      <p className="muted">
        Pin {placeLabel(at)} of <span className="break">{fileName}</span>
      </p>
      <fieldset className="pin-target">
        <legend>To</legend>
        {(['control', 'request'] as const).map((t) => (
          <label key={t}>
            <input
              type="radio"
              name="pin-target"
              checked={target === t}
              onChange={() => {
                setTarget(t);
                setTargetId('');
              }}
            />{' '}
            {t === 'control' ? 'Control' : 'PBC request'}
          </label>
        ))}
      </fieldset>
      {targets.isPending ? (
        <Loading>Loading the {noun}s…</Loading>
      ) : targets.isError ? (
        <ErrorMessage title={`Could not list the ${noun}s.`} error={targets.error} />
      ) : targets.data.length === 0 ? (
        <p className="muted">No {noun}s yet: import the {target === 'control' ? 'control matrix' : 'PBC list'} first.</p>
      ) : (
        <label className="field">
          <span>Which {noun}</span>
          <select value={targetId} onChange={(e) => setTargetId(e.target.value)} required>
            <option value="">Choose a {noun}…</option>
            {targets.data.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id} · {t.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>Note (optional)</span>
        <input type="text" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="pin-actions">
        <button type="submit" disabled={!targetId || pin.isPending}>
          {pin.isPending ? 'Pinning…' : 'Pin'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {pin.isError ? <ErrorMessage title="Could not pin." error={pin.error} /> : null}
    </form>
  );
}
