import { useState, type FormEvent } from 'react';
import type { Locator } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { usePin, usePinTargets, useTestCells, type PlaceTarget } from './usePins';
import { placeLabel } from '../../lib/locator';
import './pins.css';

export { placeLabel };

const kinds: { target: PlaceTarget; label: string; noun: string; none: string }[] = [
  { target: 'control', label: 'Control', noun: 'control', none: 'No controls yet: import the control matrix first.' },
  { target: 'request', label: 'PBC request', noun: 'request', none: 'No requests yet: import the PBC list first.' },
  { target: 'test', label: 'Test cell', noun: 'test', none: 'No tests yet: create one on the Tests page first.' },
  { target: 'finding', label: 'Finding', noun: 'finding', none: 'No findings yet: write one on the Findings page first.' },
];

/**
 * Pins a place in an evidence file to a control or a PBC request, to a
 * cell of a test, or cites it in a finding. Opened from a search hit, the
 * viewer or the detail panel, with the place filled in.
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
  const [target, setTarget] = useState<PlaceTarget>('control');
  const [targetId, setTargetId] = useState('');
  const [item, setItem] = useState('');
  const [attr, setAttr] = useState('');
  const [note, setNote] = useState('');
  const targets = usePinTargets(engagementId, target);
  const cells = useTestCells(engagementId, target === 'test' ? targetId : '');
  const pin = usePin(engagementId);
  const kind = kinds.find((k) => k.target === target)!;
  const chosen = targets.data?.find((t) => t.id === targetId);
  const ready = targetId !== '' && (target !== 'test' || (item !== '' && attr !== ''));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    pin.mutate({ evidenceId, at, target, targetId, note, cell: target === 'test' ? { item: Number(item), attr } : undefined });
  };

  if (pin.isSuccess) {
    const p = pin.data;
    const where =
      p.target === 'test'
        ? `cell ${p.cell!.item}/${p.cell!.attr} of the ${chosen?.label.replace(/^Test/, 'test') ?? 'test'}`
        : `${p.target} ${p.targetId}`;
    return (
      <div className="pin-form" role="status">
        {p.target === 'finding' ? 'Cited' : 'Pinned'} {fileName} ({placeLabel(at)}) {p.target === 'finding' ? 'in' : 'to'} {where}.{' '}
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
        {kinds.map((k) => (
          <label key={k.target}>
            <input
              type="radio"
              name="pin-target"
              checked={target === k.target}
              onChange={() => {
                setTarget(k.target);
                setTargetId('');
                setItem('');
                setAttr('');
              }}
            />{' '}
            {k.label}
          </label>
        ))}
      </fieldset>
      {targets.isPending ? (
        <Loading>Loading the {kind.noun}s…</Loading>
      ) : targets.isError ? (
        <ErrorMessage title={`Could not list the ${kind.noun}s.`} error={targets.error} />
      ) : targets.data.length === 0 ? (
        <p className="muted">{kind.none}</p>
      ) : (
        <label className="field">
          <span>Which {kind.noun}</span>
          <select
            value={targetId}
            onChange={(e) => {
              setTargetId(e.target.value);
              setItem('');
              setAttr('');
            }}
            required
          >
            <option value="">Choose a {kind.noun}…</option>
            {targets.data.map((t) => (
              <option key={t.id} value={t.id} disabled={t.closed !== undefined}>
                {t.label}
                {t.closed ? ` (${t.closed})` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {target === 'test' && targetId ? (
        cells.isPending ? (
          <Loading>Loading the test…</Loading>
        ) : cells.isError ? (
          <ErrorMessage title="Could not read the test." error={cells.error} />
        ) : (
          <div className="pin-cell">
            <label className="field">
              <span>Sample item</span>
              <select value={item} onChange={(e) => setItem(e.target.value)} required>
                <option value="">Choose an item…</option>
                {cells.data.grid.map((r) => (
                  <option key={r.item.number} value={r.item.number}>
                    {r.item.number} · {r.item.key}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Attribute</span>
              <select value={attr} onChange={(e) => setAttr(e.target.value)} required>
                <option value="">Choose an attribute…</option>
                {cells.data.test.attributes.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.id} · {a.description}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )
      ) : null}
      {target === 'control' || target === 'request' ? (
        <label className="field">
          <span>Note (optional)</span>
          <input type="text" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        </label>
      ) : null}
      <div className="pin-actions">
        <button type="submit" disabled={!ready || pin.isPending}>
          {pin.isPending ? 'Pinning…' : target === 'finding' ? 'Cite in finding' : 'Pin'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {pin.isError ? <ErrorMessage title={target === 'finding' ? 'Could not cite.' : 'Could not pin.'} error={pin.error} /> : null}
    </form>
  );
}
