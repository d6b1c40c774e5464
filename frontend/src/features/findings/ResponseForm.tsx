import { useState, type FormEvent } from 'react';
import { dialogs, isDesktop, positions, type FindingDetail, type Position, type ResponseInput } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { parseLines } from './responder';
import { bytes, positionLabels } from './labels';
import { useRespond } from './useFindings';

/** The compliance lead's answer to one finding, with any files sent with it. */
export function ResponseForm({ engagementId, detail }: { engagementId: string; detail: FindingDetail }) {
  const r = detail.response;
  const [position, setPosition] = useState<Position | ''>(r?.position ?? '');
  const [text, setText] = useState(r?.text ?? '');
  const [action, setAction] = useState(r?.corrective_action ?? '');
  const [owner, setOwner] = useState(r?.owner ?? detail.finding.owner);
  const [target, setTarget] = useState(r?.target_date ?? '');
  const [responder, setResponder] = useState(r?.responder ?? '');
  const [keep, setKeep] = useState<string[]>((r?.evidence ?? []).map((e) => e.evidence_id));
  const [files, setFiles] = useState('');
  const [problem, setProblem] = useState('');
  const respond = useRespond(engagementId);
  const f = detail.finding;

  const choose = async () => {
    try {
      const picked = await dialogs.import(false);
      if (picked.length) setFiles([files.trim(), ...picked].filter(Boolean).join('\n'));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!position) {
      setProblem('Say whether you agree, partially agree or disagree.');
      return;
    }
    setProblem('');
    const input: ResponseInput = {
      position,
      text,
      corrective_action: action,
      owner,
      target_date: target,
      responder,
      evidence: keep,
      files: parseLines(files),
    };
    respond.mutate(
      { findingId: f.id, input },
      {
        onSuccess: (saved) => {
          setFiles('');
          setKeep(saved.evidence.map((x) => x.evidence_id));
        },
      },
    );
  };

  return (
    <form className="response-form" onSubmit={submit} aria-label={`Response to ${f.id}`}>
      <h3>Your response</h3>
      <fieldset className="field radios">
        <legend>Position</legend>
        {positions.map((p) => (
          <label key={p} className="inline">
            <input type="radio" name="position" checked={position === p} onChange={() => setPosition(p)} />
            {positionLabels[p]}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>Response</span>
        <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label className="field">
        <span>Corrective action{position === 'disagree' ? ' (optional when you disagree)' : ''}</span>
        <textarea rows={3} value={action} onChange={(e) => setAction(e.target.value)} />
      </label>
      <div className="field-row">
        <label className="field">
          <span>Action owner</span>
          <input value={owner} onChange={(e) => setOwner(e.target.value)} />
        </label>
        <label className="field">
          <span>Target date</span>
          <input type="date" value={target} onChange={(e) => setTarget(e.target.value)} />
        </label>
      </div>
      <label className="field">
        <span>Your name (the responder)</span>
        <input value={responder} onChange={(e) => setResponder(e.target.value)} />
      </label>
      {r && r.evidence.length > 0 ? (
        <fieldset className="field">
          <legend>Files already sent with it</legend>
          {r.evidence.map((e) => (
            <label key={e.evidence_id} className="inline">
              <input
                type="checkbox"
                checked={keep.includes(e.evidence_id)}
                onChange={(ev) => setKeep(ev.target.checked ? [...keep, e.evidence_id] : keep.filter((x) => x !== e.evidence_id))}
              />
              {e.name} ({bytes(e.size)})
            </label>
          ))}
        </fieldset>
      ) : null}
      <label className="field">
        <span>New evidence files to send (paths on this machine, one a line)</span>
        <textarea rows={2} value={files} onChange={(e) => setFiles(e.target.value)} />
      </label>
      {isDesktop() ? (
        <button type="button" className="small" onClick={choose}>
          Choose files…
        </button>
      ) : null}
      {problem ? <p className="form-error">{problem}</p> : null}
      {respond.isError ? <ErrorMessage title="Could not save the response." error={respond.error} /> : null}
      {respond.isSuccess && !respond.isPending ? (
        <p role="status">Response to {f.id} saved. Export the response packet when every answer is written.</p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={respond.isPending}>
          {respond.isPending ? 'Saving…' : 'Save response'}
        </button>
      </div>
    </form>
  );
}
