import { useEffect, useState } from 'react';
import type { ExceptionRegister, Finding, FindingDetail } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { hashParam, navigate, paths } from '../../lib/router';
import { ClassificationBadge, StatusBadge } from './badges';
import { applyTemplate, blankDraft, draftFromControl, draftFromFinding, toInput, type Draft } from './draft';
import { EvaluationForm } from './EvaluationForm';
import { FindingForm } from './FindingForm';
import { History } from './History';
import { ResponseView } from './ResponseView';
import { useAllControls, useFinding, useFindingList, useRegister, useSaveFinding, useTemplates } from './useFindings';
import { Workflow } from './Workflow';

type Section = 'evaluation' | 'finding' | 'response' | 'history';

const sectionLabels: Record<Section, string> = {
  evaluation: 'Evaluation',
  finding: 'Finding',
  response: 'Management response',
  history: 'History',
};

/** One finding being written: the evaluation, the text, the workflow, the response beside it. */
function Workbench({
  engagementId,
  initial,
  section,
  onSection,
  detail,
  register,
}: {
  engagementId: string;
  initial: Draft;
  section: Section;
  onSection: (s: Section) => void;
  detail?: FindingDetail;
  register: ExceptionRegister | undefined;
}) {
  const finding: Finding | undefined = detail?.finding;
  const id = finding?.id ?? '';
  const [draft, setDraft] = useState(initial);
  const [problem, setProblem] = useState('');
  const save = useSaveFinding(engagementId);
  const controls = useAllControls(engagementId);
  const templates = useTemplates(engagementId);
  const others = useFindingList(engagementId, {});
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const sections: Section[] = finding ? ['finding', 'evaluation', 'response', 'history'] : ['evaluation', 'finding'];

  const submit = () => {
    const r = toInput(draft);
    if ('error' in r) {
      setProblem(r.error);
      return;
    }
    setProblem('');
    save.mutate(
      { id, input: r.input },
      { onSuccess: (saved) => (id ? undefined : navigate(paths.finding(engagementId, saved.id))) },
    );
  };

  return (
    <div className="finding-page">
      <a href={paths.engagement(engagementId, 'findings')} className="back">
        ← All findings
      </a>
      <div className="toolbar">
        <h2>{finding ? `${finding.id} · ${finding.title}` : 'New finding'}</h2>
        <div className="actions">
          {finding ? <StatusBadge status={finding.status} changed={finding.changed_since_issue} /> : null}
          {finding ? <ClassificationBadge classification={finding.classification} /> : null}
          <button type="button" className="primary" disabled={save.isPending || (!!finding && !dirty) || finding?.status === 'final'} onClick={submit}>
            {finding ? (dirty ? 'Save finding' : 'Saved') : 'Create finding'}
          </button>
        </div>
      </div>
      {problem ? <p className="form-error">{problem}</p> : null}
      {save.isError ? <ErrorMessage title="Could not save the finding." error={save.error} /> : null}
      {finding ? <Workflow engagementId={engagementId} finding={finding} dirty={dirty} /> : null}
      <div role="tablist" aria-label="Parts of the finding" className="tabs">
        {sections.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={section === s} onClick={() => onSection(s)}>
            {sectionLabels[s]}
            {s === 'response' && detail?.response ? ' ✓' : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={sectionLabels[section]}>
        {section === 'evaluation' ? (
          <>
            <EvaluationForm
              engagementId={engagementId}
              findingId={id}
              value={draft.evaluation}
              onChange={(evaluation) => setDraft({ ...draft, evaluation })}
              controls={controls.data ?? []}
              register={register}
              others={others.data?.findings ?? []}
            />
            {!finding ? (
              <div className="actions">
                <button type="button" onClick={() => onSection('finding')}>
                  Continue to the finding →
                </button>
              </div>
            ) : null}
          </>
        ) : section === 'finding' ? (
          <FindingForm
            engagementId={engagementId}
            draft={draft}
            onChange={setDraft}
            templates={templates.data ?? []}
            register={register}
            finding={finding}
          />
        ) : section === 'response' && detail ? (
          <ResponseView engagementId={engagementId} detail={detail} />
        ) : finding ? (
          <History finding={finding} />
        ) : null}
      </div>
    </div>
  );
}

/** A new finding: from a control named in the address (evaluate it first), or from a template. */
function NewFinding({ engagementId }: { engagementId: string }) {
  const hash = window.location.hash;
  const control = hashParam(hash, 'control');
  const template = hashParam(hash, 'template');
  const register = useRegister(engagementId);
  const controls = useAllControls(engagementId);
  const templates = useTemplates(engagementId);
  const [initial, setInitial] = useState<Draft | null>(null);
  const [section, setSection] = useState<Section>(control ? 'evaluation' : 'finding');

  useEffect(() => {
    if (initial || register.isPending || controls.isPending || (template && templates.isPending)) return;
    let d = blankDraft;
    if (control) {
      const c = controls.data?.find((x) => x.id === control);
      d = draftFromControl(control, c?.criteria ?? [], register.data?.controls.find((g) => g.control_id === control));
    }
    const t = templates.data?.find((x) => x.id === template);
    if (t) d = applyTemplate(d, t);
    setInitial(d);
  }, [initial, control, template, register.isPending, register.data, controls.isPending, controls.data, templates.isPending, templates.data]);

  if (!initial) return <Loading>Reading the control, its exceptions and the templates…</Loading>;
  return (
    <Workbench
      engagementId={engagementId}
      initial={initial}
      section={section}
      onSection={setSection}
      register={register.data}
    />
  );
}

function StoredFinding({ engagementId, findingId }: { engagementId: string; findingId: string }) {
  const detail = useFinding(engagementId, findingId);
  const register = useRegister(engagementId);
  // The part shown outlives each save, which rebuilds the workbench from the stored finding.
  const [section, setSection] = useState<Section>('finding');
  if (detail.isPending) return <Loading>Loading {findingId}…</Loading>;
  if (detail.isError)
    return (
      <ErrorMessage
        title={`Could not open ${findingId}.`}
        error={detail.error}
        action={<a href={paths.engagement(engagementId, 'findings')}>Back to the findings</a>}
      />
    );
  const f = detail.data.finding;
  return (
    <Workbench
      key={`${f.id}/${f.updated_at}/${f.version}`}
      engagementId={engagementId}
      initial={draftFromFinding(f)}
      section={section}
      onSection={setSection}
      detail={detail.data}
      register={register.data}
    />
  );
}

/** The finding named in the address ("new" starts one). */
export function FindingPage({ engagementId, findingId }: { engagementId: string; findingId: string }) {
  return findingId === 'new' ? (
    <NewFinding key={window.location.hash} engagementId={engagementId} />
  ) : (
    <StoredFinding engagementId={engagementId} findingId={findingId} />
  );
}
