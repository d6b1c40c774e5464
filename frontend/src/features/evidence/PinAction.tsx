import { useState } from 'react';
import type { Locator } from '../../api';
import { PinForm, placeLabel } from './PinForm';

/** The viewer's "Pin…" button: pins the page, row or line on screen. */
export function PinAction({
  engagementId,
  evidenceId,
  at,
  fileName,
}: {
  engagementId: string;
  evidenceId: string;
  at: Locator;
  fileName: string;
}) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="small" onClick={() => setOpen(true)} title={`Pin ${placeLabel(at)}`}>
        Pin…
      </button>
    );
  }
  return (
    <div className="pin-popover">
      <PinForm engagementId={engagementId} evidenceId={evidenceId} at={at} fileName={fileName} onDone={() => setOpen(false)} />
    </div>
  );
}
