// The finding being written, as the editor and the evaluation hold it
// between saves, and how it becomes what app.Findings.Save takes.
import { andList } from './labels';
import type {
  Classification,
  Compensating,
  ControlGroup,
  DeficiencyInput,
  EvidenceRef,
  ExceptionRef,
  Finding,
  FindingInput,
  Kind,
  Likelihood,
  Magnitude,
  Opinion,
  Template,
  TestOutcome,
} from '../../api';

export interface EvaluationDraft {
  control: string;
  criteria: string[];
  kind: Kind | '';
  likelihood: Likelihood | '';
  magnitude: Magnitude | '';
  pervasive: boolean;
  compensating: Compensating[];
  /** The auditor overrules the proposal: a classification and a written rationale. */
  overrule: boolean;
  classification: Classification | '';
  opinion: Opinion | '';
  rationale: string;
}

export interface Draft {
  title: string;
  condition: string;
  /** Criteria IDs as typed: "CC6.1, CC6.2". */
  criteria: string;
  /** The criterion in the finding's own words. */
  criterion_text: string;
  cause: string;
  effect: string;
  recommendation: string;
  owner: string;
  /** Control IDs as typed. */
  controls: string;
  exceptions: ExceptionRef[];
  evidence: EvidenceRef[];
  template: string;
  evaluation: EvaluationDraft | null;
}

/** Splits "CC6.1, CC6.2; CC7.2" into its IDs. */
export function parseList(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function blankEvaluation(control = '', criteria: string[] = []): EvaluationDraft {
  return {
    control,
    criteria,
    kind: '',
    likelihood: '',
    magnitude: '',
    pervasive: false,
    compensating: [],
    overrule: false,
    classification: '',
    opinion: '',
    rationale: '',
  };
}

export const blankDraft: Draft = {
  title: '',
  condition: '',
  criteria: '',
  criterion_text: '',
  cause: '',
  effect: '',
  recommendation: '',
  owner: '',
  controls: '',
  exceptions: [],
  evidence: [],
  template: '',
  evaluation: null,
};

/** The draft of a stored finding. */
export function draftFromFinding(f: Finding): Draft {
  const ev = f.evaluation;
  let evaluation: EvaluationDraft | null = null;
  if (ev) {
    const i = ev.input;
    evaluation = {
      control: i.control,
      criteria: i.criteria ?? [],
      kind: i.kind,
      likelihood: i.likelihood,
      magnitude: i.magnitude,
      pervasive: i.pervasive,
      compensating: (i.compensating ?? []).map((c) => ({ ...c, criteria: c.criteria ?? [] })),
      overrule: !!ev.override,
      classification: ev.override?.classification ?? '',
      opinion: ev.override?.opinion ?? '',
      rationale: ev.override?.rationale ?? '',
    };
  }
  return {
    title: f.title,
    condition: f.condition,
    criteria: f.criteria.join(', '),
    criterion_text: f.criterion_text ?? '',
    cause: f.cause,
    effect: f.effect,
    recommendation: f.recommendation,
    owner: f.owner,
    controls: f.controls.join(', '),
    exceptions: f.exceptions,
    evidence: f.evidence,
    template: f.template ?? '',
    evaluation,
  };
}

function sameRef(a: EvidenceRef, b: EvidenceRef): boolean {
  return (
    a.evidence_id === b.evidence_id &&
    (a.page ?? 0) === (b.page ?? 0) &&
    (a.sheet ?? '') === (b.sheet ?? '') &&
    (a.row ?? 0) === (b.row ?? 0) &&
    (a.line ?? 0) === (b.line ?? 0)
  );
}

/**
 * A new finding evaluated from a control: its criteria, its exceptions and
 * the evidence pinned to them. Exceptions make it an operating deficiency
 * at first; a control without any is a design gap found without sampling.
 */
export function draftFromControl(control: string, criteria: string[], group?: ControlGroup): Draft {
  const exceptions = (group?.exceptions ?? []).map((x) => ({ test_id: x.test_id, item: x.item, attribute: x.attribute }));
  const evidence: EvidenceRef[] = [];
  for (const x of group?.exceptions ?? []) {
    for (const r of x.evidence) if (!evidence.some((e) => sameRef(e, r))) evidence.push(r);
  }
  const evaluation = blankEvaluation(control, criteria);
  evaluation.kind = exceptions.length > 0 ? 'operating' : 'design';
  return { ...blankDraft, criteria: criteria.join(', '), controls: control, exceptions, evidence, evaluation };
}

/**
 * Starts the text from a template: the title, condition, cause, effect and
 * recommendation are the template's; the criteria already named are kept,
 * else the template's; an evaluation not yet given a kind takes the
 * template's.
 */
export function applyTemplate(d: Draft, t: Template): Draft {
  const evaluation = d.evaluation && !d.evaluation.kind ? { ...d.evaluation, kind: t.kind } : d.evaluation;
  return {
    ...d,
    title: t.title,
    condition: t.condition,
    cause: t.cause,
    effect: t.effect,
    recommendation: t.recommendation,
    criteria: parseList(d.criteria).length > 0 ? d.criteria : t.criteria.join(', '),
    template: t.id,
    evaluation,
  };
}

/** What the evaluation still needs before it can propose anything. */
export function missing(e: EvaluationDraft): string[] {
  const out: string[] = [];
  if (!e.control.trim()) out.push('the control');
  if (e.criteria.length === 0) out.push('the criteria it affects');
  if (!e.kind) out.push('design or operating');
  if (!e.likelihood) out.push('the likelihood');
  if (!e.magnitude) out.push('the magnitude');
  return out;
}

/** The deficiency as app.Findings.Evaluate takes it; null while incomplete. Related deficiencies come from the stored findings. */
export function deficiencyInput(e: EvaluationDraft, ref = ''): DeficiencyInput | null {
  if (missing(e).length > 0 || !e.kind || !e.likelihood || !e.magnitude) return null;
  return {
    ref,
    control: e.control.trim(),
    criteria: e.criteria,
    kind: e.kind,
    likelihood: e.likelihood,
    magnitude: e.magnitude,
    pervasive: e.pervasive,
    compensating: e.compensating,
    related: null,
  };
}

/** The input to save, or the first thing that stops it, said so the auditor knows what to do. */
export function toInput(d: Draft): { input: FindingInput } | { error: string } {
  if (!d.title.trim()) return { error: 'Give the finding a title.' };
  const input: FindingInput = {
    title: d.title,
    condition: d.condition,
    criteria: parseList(d.criteria),
    criterion_text: d.criterion_text,
    cause: d.cause,
    effect: d.effect,
    recommendation: d.recommendation,
    owner: d.owner,
    controls: parseList(d.controls),
    exceptions: d.exceptions,
    evidence: d.evidence,
    template: d.template,
    evaluation: null,
    override: null,
  };
  const e = d.evaluation;
  if (e) {
    const def = deficiencyInput(e);
    if (!def) return { error: `The evaluation is not finished: give ${andList(missing(e))}, or remove the evaluation.` };
    input.evaluation = def;
    if (e.overrule) {
      if (!e.classification) return { error: 'Choose the classification you overrule the proposal with.' };
      if (!e.rationale.trim()) return { error: 'Write why you overrule the proposal: an override needs a written rationale.' };
      input.override = { classification: e.classification, opinion: e.opinion, rationale: e.rationale };
    }
  }
  return { input };
}

/**
 * Whether a control's tests show it operating effectively: tested, every
 * result recorded, and no sample's upper deviation limit above its
 * tolerable rate. null when it has no test with a sample.
 */
export function testedEffective(outcomes: TestOutcome[]): boolean | null {
  if (outcomes.length === 0) return null;
  return outcomes.every((o) => o.complete && !o.result.exceeds);
}
