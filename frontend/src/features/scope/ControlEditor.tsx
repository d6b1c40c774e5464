import { useState, type FormEvent } from 'react';
import { frequencies, type Control } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { frequencyLabels } from './labels';
import { useSaveControl } from './useScope';

const blank: Control = { id: '', title: '', description: '', owner: '', key: false, criteria: [] };

/** Add a control by hand, or edit one; shown beside the table. */
export function ControlEditor({
  engagementId,
  control,
  onDone,
}: {
  engagementId: string;
  control: Control | null;
  onDone: () => void;
}) {
  const create = control === null;
  const [c, setC] = useState<Control>(control ?? blank);
  const [criteria, setCriteria] = useState((control?.criteria ?? []).join(', '));
  const save = useSaveControl(engagementId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const list = criteria
      .split(/[,;\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    save.mutate({ control: { ...c, criteria: list }, create }, { onSuccess: onDone });
  };
  const set = (patch: Partial<Control>) => setC({ ...c, ...patch });

  return (
    <aside className="side-panel" aria-label={create ? 'New control' : `Control ${c.id}`}>
      <h2>{create ? 'New control' : `Control ${c.id}`}</h2>
      <form onSubmit={submit}>
        <label className="field">
          <span>Control ID</span>
          <input value={c.id} disabled={!create} onChange={(e) => set({ id: e.target.value })} />
        </label>
        <label className="field">
          <span>Title</span>
          <input value={c.title} onChange={(e) => set({ title: e.target.value })} />
        </label>
        <label className="field">
          <span>Description</span>
          <textarea rows={4} value={c.description ?? ''} onChange={(e) => set({ description: e.target.value })} />
        </label>
        <label className="field">
          <span>Owner</span>
          <input value={c.owner ?? ''} onChange={(e) => set({ owner: e.target.value })} />
        </label>
        <label className="field">
          <span>Frequency</span>
          <select value={c.frequency ?? ''} onChange={(e) => set({ frequency: e.target.value as Control['frequency'] })}>
            <option value="">Not stated</option>
            {frequencies.map((f) => (
              <option key={f} value={f}>
                {frequencyLabels[f]}
              </option>
            ))}
          </select>
        </label>
        <div className="field-row">
          <label className="field">
            <span>Nature</span>
            <select value={c.nature ?? ''} onChange={(e) => set({ nature: e.target.value as Control['nature'] })}>
              <option value="">Not stated</option>
              <option value="manual">Manual</option>
              <option value="automated">Automated</option>
            </select>
          </label>
          <label className="field">
            <span>Kind</span>
            <select value={c.kind ?? ''} onChange={(e) => set({ kind: e.target.value as Control['kind'] })}>
              <option value="">Not stated</option>
              <option value="preventive">Preventive</option>
              <option value="detective">Detective</option>
            </select>
          </label>
        </div>
        <label className="inline">
          <input type="checkbox" checked={c.key} onChange={(e) => set({ key: e.target.checked })} />
          Key control
        </label>
        <label className="field">
          <span>Criteria (e.g. CC6.1, CC6.2)</span>
          <input value={criteria} onChange={(e) => setCriteria(e.target.value)} />
        </label>
        {save.isError ? <ErrorMessage title="Could not save the control." error={save.error} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {create ? 'Add control' : 'Save control'}
          </button>
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        </div>
      </form>
    </aside>
  );
}
