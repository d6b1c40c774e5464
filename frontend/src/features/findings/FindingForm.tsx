import { useState } from 'react';
import type { ExceptionRef, ExceptionRegister, Finding, RegisterException, Template } from '../../api';
import { ClassificationBadge } from './badges';
import { applyTemplate, parseList, type Draft } from './draft';
import { EvidenceLinks } from './EvidenceLinks';

const sameException = (a: ExceptionRef, b: ExceptionRef) =>
  a.test_id === b.test_id && a.item === b.item && a.attribute === b.attribute;

function TextArea({ label, value, onChange, rows = 3 }: { label: string; value: string; onChange: (v: string) => void; rows?: number }) {
  return (
    <label className="field">
      <span>{label}</span>
      <textarea rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** The exceptions of the linked controls, to tick those the finding rests on. */
function Exceptions({ draft, register, onChange }: { draft: Draft; register: ExceptionRegister | undefined; onChange: (x: ExceptionRef[]) => void }) {
  const controls = parseList(draft.controls);
  const offered: (RegisterException | ExceptionRef)[] = (register?.controls ?? [])
    .filter((g) => controls.includes(g.control_id))
    .flatMap((g) => g.exceptions);
  for (const x of draft.exceptions) if (!offered.some((o) => sameException(o, x))) offered.push(x);
  const title = (id: string) => register?.tests.find((t) => t.test_id === id)?.title || id;
  if (offered.length === 0) return <p className="muted">No exceptions on the linked controls.</p>;
  return (
    <ul className="exception-choices">
      {offered.map((x) => {
        const linked = draft.exceptions.some((y) => sameException(x, y));
        const full = 'attribute_text' in x ? x : undefined;
        return (
          <li key={`${x.test_id}/${x.item}/${x.attribute}`}>
            <label className="inline">
              <input
                type="checkbox"
                checked={linked}
                onChange={(e) =>
                  onChange(e.target.checked ? [...draft.exceptions, { test_id: x.test_id, item: x.item, attribute: x.attribute }] : draft.exceptions.filter((y) => !sameException(x, y)))
                }
              />
              <span>
                {title(x.test_id)} item {x.item}
                {full?.item_key ? ` (${full.item_key})` : ''} / {x.attribute}
                {full ? `: ${full.attribute_text}` : ''}
                {full?.note ? <span className="muted"> — {full.note}</span> : null}
              </span>
            </label>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The finding's text and links: title, condition, criteria, cause,
 * effect, recommendation, owner, linked controls, exceptions and evidence;
 * the classification comes from the evaluation when it is saved.
 */
export function FindingForm({
  engagementId,
  draft,
  onChange,
  templates,
  register,
  finding,
}: {
  engagementId: string;
  draft: Draft;
  onChange: (d: Draft) => void;
  templates: Template[];
  register: ExceptionRegister | undefined;
  finding: Finding | undefined;
}) {
  const [template, setTemplate] = useState(draft.template);
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  const chosen = templates.find((t) => t.id === template);
  const linkedEvidence = () => {
    const refs = [...draft.evidence];
    for (const g of register?.controls ?? [])
      for (const x of g.exceptions)
        if (draft.exceptions.some((y) => sameException(x, y)))
          for (const r of x.evidence)
            if (!refs.some((e) => e.evidence_id === r.evidence_id && e.page === r.page && e.sheet === r.sheet && e.row === r.row && e.line === r.line))
              refs.push(r);
    set({ evidence: refs });
  };

  return (
    <div className="finding-form">
      {finding ? null : (
        <div className="template-picker actions">
          <select aria-label="Template" value={template} onChange={(e) => setTemplate(e.target.value)}>
            <option value="">Start from a template…</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
          <button type="button" disabled={!chosen} onClick={() => chosen && onChange(applyTemplate(draft, chosen))}>
            Use template
          </button>
          <span className="muted">It replaces the title and texts; square brackets mark what to fill in.</span>
        </div>
      )}
      <label className="field">
        <span>Title</span>
        <input value={draft.title} onChange={(e) => set({ title: e.target.value })} />
      </label>
      <TextArea label="Condition (what was found)" rows={5} value={draft.condition} onChange={(condition) => set({ condition })} />
      <label className="field">
        <span>Criteria (TSC IDs, e.g. CC6.1, CC6.2)</span>
        <input value={draft.criteria} onChange={(e) => set({ criteria: e.target.value })} />
      </label>
      <TextArea
        label="Criterion (what should have been; empty quotes the criteria catalogue)"
        value={draft.criterion_text}
        onChange={(criterion_text) => set({ criterion_text })}
      />
      <TextArea label="Cause" value={draft.cause} onChange={(cause) => set({ cause })} />
      <TextArea label="Effect" value={draft.effect} onChange={(effect) => set({ effect })} />
      <TextArea label="Recommendation" value={draft.recommendation} onChange={(recommendation) => set({ recommendation })} />
      <div className="field-row">
        <label className="field">
          <span>Owner (who in management answers for it)</span>
          <input value={draft.owner} onChange={(e) => set({ owner: e.target.value })} />
        </label>
        <label className="field">
          <span>Linked controls</span>
          <input value={draft.controls} onChange={(e) => set({ controls: e.target.value })} />
        </label>
      </div>
      <section className="field" aria-label="Classification">
        <span className="label">Classification</span>
        {finding?.classification ? (
          <>
            <p>
              <ClassificationBadge classification={finding.classification} />
              {finding.evaluation?.override ? ' (overruled)' : ' (from the evaluation)'}
            </p>
            <p className="pre-wrap rationale">{finding.rationale}</p>
          </>
        ) : (
          <p className="muted">Set by the evaluation when the finding is saved.</p>
        )}
      </section>
      <fieldset className="field">
        <legend>Exceptions</legend>
        <Exceptions draft={draft} register={register} onChange={(exceptions) => set({ exceptions })} />
      </fieldset>
      <fieldset className="field">
        <legend>Evidence</legend>
        <EvidenceLinks
          engagementId={engagementId}
          refs={draft.evidence}
          onRemove={(i) => set({ evidence: draft.evidence.filter((_, j) => j !== i) })}
        />
        <div className="actions">
          <button type="button" className="small" onClick={linkedEvidence}>
            Add the evidence pinned to the ticked exceptions
          </button>
        </div>
      </fieldset>
    </div>
  );
}
