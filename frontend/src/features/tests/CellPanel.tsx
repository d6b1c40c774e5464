import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Attribute, Cell, CellPin, CellResult, GridRow } from '../../api';
import { paths } from '../../lib/router';
import { EvidencePicker } from './EvidencePicker';
import { resultIcons, resultLabels } from './labels';
import { placeText } from './place';
import { useEvidenceName } from './useTests';

/** A pinned place: a link that opens the viewer there, and Unpin. */
function PinRow({ engagementId, pin, onRemove }: { engagementId: string; pin: CellPin; onRemove: () => void }) {
  const name = useEvidenceName(engagementId, pin.evidence_id);
  const at = { page: pin.page, sheet: pin.sheet, row: pin.row, line: pin.line };
  return (
    <li>
      <a className="break" href={paths.view(engagementId, pin.evidence_id, at)}>
        {name.data ?? pin.evidence_id}
      </a>{' '}
      <span className="muted">{placeText(pin)}</span>{' '}
      <button type="button" className="small" onClick={onRemove} aria-label={`Unpin ${name.data ?? pin.evidence_id}`}>
        Unpin
      </button>
    </li>
  );
}

const choices: CellResult[] = ['pass', 'exception', 'not_applicable'];

/**
 * The active cell beside the grid: its result, its note (Enter in the grid
 * comes here; Enter saves, Shift+Enter starts a new line, Escape goes back)
 * and the evidence pinned to it.
 */
export function CellPanel({
  engagementId,
  row,
  attribute,
  cell,
  editSignal,
  onSet,
  onPin,
  onUnpin,
  onBack,
}: {
  engagementId: string;
  row: GridRow;
  attribute: Attribute;
  cell: Cell;
  /** Changes when the note should take the focus (Enter on the cell). */
  editSignal: number;
  onSet: (result: CellResult, note: string) => void;
  onPin: (pin: CellPin) => void;
  onUnpin: (index: number) => void;
  /** Gives the focus back to the grid. */
  onBack: () => void;
}) {
  const stored = cell.note ?? '';
  const result = (cell.result ?? '') as CellResult;
  const [note, setNote] = useState(stored);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const target = `${row.item.number}/${attribute.id}`;

  // Another cell, or the note stored: the draft starts again from it.
  useEffect(() => setNote(stored), [target, stored]);

  const signal = useRef(editSignal);
  useEffect(() => {
    if (signal.current !== editSignal) noteRef.current?.focus();
    signal.current = editSignal;
  }, [editSignal]);

  const saveNote = () => {
    if (note.trim() !== stored) onSet(result, note.trim());
  };
  const onNoteKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      saveNote();
      onBack();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setNote(stored);
      onBack();
    }
  };

  return (
    <aside className="side-panel cell-panel" aria-label={`Cell ${target}`}>
      <h2>
        Sample {row.item.number} · {attribute.id}
      </h2>
      <p className="muted small">
        {attribute.description}
        <br />
        Row {row.item.row}, key <span className="break">{row.item.key}</span>
      </p>
      <div className="result-buttons" role="group" aria-label="Result">
        {choices.map((c) => (
          <button key={c} type="button" className="small" aria-pressed={result === c} onClick={() => onSet(c, note.trim())}>
            <span aria-hidden="true">{resultIcons[c]} </span>
            {resultLabels[c]}
          </button>
        ))}
        <button type="button" className="small" disabled={result === ''} onClick={() => onSet('', note.trim())}>
          Clear
        </button>
      </div>
      <label className="field">
        <span>Note</span>
        <textarea
          ref={noteRef}
          rows={3}
          value={note}
          maxLength={5000}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={onNoteKey}
        />
      </label>
      <div className="actions">
        <button type="button" className="small" disabled={note.trim() === stored} onClick={saveNote}>
          Save note
        </button>
      </div>
      <h3 className="spaced">Evidence</h3>
      {cell.pins && cell.pins.length > 0 ? (
        <ul className="pin-list" aria-label="Pinned evidence">
          {cell.pins.map((p, i) => (
            <PinRow key={i} engagementId={engagementId} pin={p} onRemove={() => onUnpin(i)} />
          ))}
        </ul>
      ) : (
        <p className="muted small">Nothing pinned to this cell yet.</p>
      )}
      <EvidencePicker engagementId={engagementId} target={target} onPin={onPin} />
    </aside>
  );
}
