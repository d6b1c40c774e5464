import { useEffect, useState } from 'react';
import { statusLabels } from './format';
import { useRegistry } from '../../lib/useRegistry';
import type { EvidenceStatus } from '../../api';

export interface ToolbarValue {
  text: string;
  type: string;
  status: string;
}

/** Filters sent to the Go side: text in name or path, type, status. */
export function EvidenceToolbar({
  value,
  onChange,
}: {
  value: ToolbarValue;
  onChange: (value: ToolbarValue) => void;
}) {
  // The text filter waits for a pause in typing before it asks again.
  const [text, setText] = useState(value.text);
  const registry = useRegistry();
  useEffect(() => setText(value.text), [value.text]);
  useEffect(() => {
    if (text === value.text) return;
    const t = setTimeout(() => onChange({ ...value, text }), 250);
    return () => clearTimeout(t);
  }, [text, value, onChange]);

  const filtered = value.text !== '' || value.type !== '' || value.status !== '';
  return (
    <div className="evidence-toolbar" role="search" aria-label="Filter evidence">
      <input
        type="text"
        aria-label="Filter by name or path"
        placeholder="Filter by name or path…"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <select aria-label="Type" value={value.type} onChange={(e) => onChange({ ...value, type: e.target.value })}>
        <option value="">All types</option>
        {[...(registry.data?.evidence_types ?? [])]
          .sort((a, b) => a.label.localeCompare(b.label))
          .map((t) => (
          <option key={t.name} value={t.name}>
            {t.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Status"
        value={value.status}
        onChange={(e) => onChange({ ...value, status: e.target.value })}
      >
        <option value="">All statuses</option>
        {(Object.keys(statusLabels) as EvidenceStatus[]).map((s) => (
          <option key={s} value={s}>
            {statusLabels[s]}
          </option>
        ))}
      </select>
      {filtered ? (
        <button
          type="button"
          className="small"
          onClick={() => {
            setText('');
            onChange({ text: '', type: '', status: '' });
          }}
        >
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
