import { useState } from 'react';
import type { Evidence, EvidenceUse, Pin } from '../../api';
import { paths } from '../../lib/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { localDateTime } from '../../lib/format';
import { PinForm, placeLabel } from './PinForm';
import { useUnpin } from './usePins';

/** The pins of one evidence file, on its detail panel, with a way to add and remove them. */
export function PinList({
  engagementId,
  ev,
  pins,
  uses,
}: {
  engagementId: string;
  ev: Evidence;
  pins: Pin[];
  uses: EvidenceUse[];
}) {
  const [adding, setAdding] = useState(false);
  const unpin = useUnpin(engagementId);
  return (
    <section aria-label="Pins">
      <h3>Pins</h3>
      {pins.length === 0 ? <p className="muted">Not pinned to any control or request.</p> : null}
      <ul className="pins">
        {pins.map((p) => (
          <li key={p.id}>
            <strong>
              {p.target === 'control' ? 'Control' : 'Request'} {p.target_id}
            </strong>{' '}
            · {placeLabel(p)}
            {p.note ? <div className="break">{p.note}</div> : null}
            <div className="muted">
              {localDateTime(p.pinned_at)} by {p.pinned_by}{' '}
              <button
                type="button"
                className="small"
                disabled={unpin.isPending}
                onClick={() => unpin.mutate({ evidenceId: ev.id, pinId: p.id })}
                aria-label={`Remove pin to ${p.target} ${p.target_id}`}
              >
                Remove
              </button>
            </div>
          </li>
        ))}
      </ul>
      {uses.length > 0 ? (
        <>
          <h4>Cited by</h4>
          <ul className="pins" aria-label="Cited by">
            {uses.map((u, i) => (
              <li key={`${u.kind}/${u.id}/${i}`}>
                {u.kind === 'test' ? (
                  <a href={paths.test(engagementId, u.id)}>Test {u.label}</a>
                ) : (
                  <span>Finding {u.label}</span>
                )}{' '}
                · {placeLabel(u)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {unpin.isError ? <ErrorMessage title="Could not remove the pin." error={unpin.error} /> : null}
      {adding ? (
        <PinForm engagementId={engagementId} evidenceId={ev.id} at={{}} fileName={ev.name} onDone={() => setAdding(false)} />
      ) : (
        <button type="button" className="small" onClick={() => setAdding(true)}>
          Pin this file…
        </button>
      )}
    </section>
  );
}
