import { useState, type FormEvent } from 'react';
import type { Engagement } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PacketFileFields } from './PassphraseFields';
import { useOpenResponderPacket } from './useFindings';

/**
 * The compliance lead opens the auditor's findings packet: it becomes a
 * responder copy of the engagement in this data folder.
 */
export function OpenPacketPanel({ onClose, onOpened }: { onClose: () => void; onOpened: (e: Engagement) => void }) {
  const [path, setPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const open = useOpenResponderPacket();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open.mutate({ path: path.trim(), passphrase }, { onSuccess: onOpened });
  };
  return (
    <aside className="side-panel" aria-label="Open a findings packet">
      <h2>Open a findings packet</h2>
      <p className="muted">
        The auditor sends the issued findings as one encrypted file, and its passphrase by another channel. Opening it
        makes a copy here holding only those findings, to answer.
      </p>
      <form onSubmit={submit}>
        <PacketFileFields
          kind="Findings"
          path={path}
          passphrase={passphrase}
          onPath={setPath}
          onPassphrase={setPassphrase}
        />
        {open.isError ? <ErrorMessage title="Could not open the packet." error={open.error} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={open.isPending || !path.trim() || !passphrase}>
            {open.isPending ? 'Opening…' : 'Open packet'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </aside>
  );
}
