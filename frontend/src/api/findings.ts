import { call } from './transport';
import type { Evidence, Locator, Provenance } from './evidence';
import type { Evaluation } from './sampling';
import type { Engagement } from './types';

// Types mirror the JSON of app.Findings and of backend/findings,
// backend/deficiency, backend/sampling and backend/packet (snake_case).

export type Kind = 'design' | 'operating';
export type Likelihood = 'remote' | 'reasonably_possible' | 'probable';
export type Magnitude = 'inconsequential' | 'more_than_inconsequential' | 'material';
export type Classification = 'control_deficiency' | 'significant_deficiency' | 'material_weakness';
export type Opinion = 'unmodified' | 'qualified' | 'adverse';
export type FindingStatus = 'draft' | 'in_review' | 'issued' | 'response_received' | 'final';
export type Position = 'agree' | 'partially_agree' | 'disagree';

export const likelihoods: Likelihood[] = ['remote', 'reasonably_possible', 'probable'];
export const magnitudes: Magnitude[] = ['inconsequential', 'more_than_inconsequential', 'material'];
export const classifications: Classification[] = ['control_deficiency', 'significant_deficiency', 'material_weakness'];
export const opinions: Opinion[] = ['unmodified', 'qualified', 'adverse'];
export const findingStatuses: FindingStatus[] = ['draft', 'in_review', 'issued', 'response_received', 'final'];
export const positions: Position[] = ['agree', 'partially_agree', 'disagree'];

/** Another control offered as compensating for a deficiency. */
export interface Compensating {
  control: string;
  /** The criteria it addresses; empty: those it maps to in the control matrix. */
  criteria: string[];
  /** Tested and found to operate effectively, precisely enough to catch the failure. */
  effective: boolean;
}

export interface Deficiency {
  ref?: string;
  control: string;
  criteria: string[];
  kind: Kind;
  likelihood: Likelihood;
  magnitude: Magnitude;
  pervasive: boolean;
  compensating: Compensating[];
}

/** deficiency.Input: the deficiency and the others on its criteria (filled in by the app when null). */
export interface DeficiencyInput extends Deficiency {
  related?: Deficiency[] | null;
}

export interface CriterionResult {
  criterion: string;
  alone: Classification;
  combined: Classification;
  with: string[];
  met: boolean;
}

export interface EvaluationResult {
  classification: Classification;
  alone: Classification;
  opinion: Opinion;
  affects: string;
  criteria_not_met: string[];
  criteria: CriterionResult[];
  /** One sentence a step, from the inputs to the proposal. */
  explanation: string[];
}

export interface Override {
  classification: Classification;
  opinion?: Opinion | '';
  rationale: string;
  by?: string;
  at?: string;
}

export interface FindingEvaluation {
  input: DeficiencyInput;
  proposed: EvaluationResult;
  override?: Override;
}

export interface EvidenceRef extends Locator {
  evidence_id: string;
  name: string;
  sha256: string;
}

export interface ExceptionRef {
  test_id: string;
  item: number;
  attribute: string;
}

export interface FindingSignOff {
  actor: string;
  at: string;
  version?: string;
}

export interface Step {
  status: FindingStatus;
  action: string;
  actor: string;
  at: string;
  comment?: string;
  version: string;
}

export interface Finding {
  id: string;
  title: string;
  condition: string;
  criteria: string[];
  /** What should have been, in the finding's own words; empty quotes the criteria catalogue. */
  criterion_text?: string;
  cause: string;
  effect: string;
  recommendation: string;
  classification: Classification | '';
  rationale: string;
  evaluation?: FindingEvaluation;
  controls: string[];
  exceptions: ExceptionRef[];
  evidence: EvidenceRef[];
  owner: string;
  template?: string;
  status: FindingStatus;
  history: Step[];
  preparer?: FindingSignOff;
  reviewer?: FindingSignOff;
  version: string;
  issued_version?: string;
  issued_at?: string;
  changed_since_issue: boolean;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** What the editor sends; status, sign-offs and versions move only through the workflow. */
export interface FindingInput {
  title: string;
  condition: string;
  criteria: string[];
  criterion_text: string;
  cause: string;
  effect: string;
  recommendation: string;
  controls: string[];
  exceptions: ExceptionRef[];
  evidence: EvidenceRef[];
  owner: string;
  template?: string;
  evaluation?: DeficiencyInput | null;
  override?: Override | null;
}

export interface Template {
  id: string;
  title: string;
  condition: string;
  criteria: string[];
  cause: string;
  effect: string;
  recommendation: string;
  kind: Kind;
}

export interface FindingRow {
  id: string;
  title: string;
  criteria: string[];
  classification: Classification | '';
  opinion: Opinion | '';
  status: FindingStatus;
  owner: string;
  changed_since_issue: boolean;
  response: Position | '';
}

export interface FindingFilter {
  status?: string;
  classification?: string;
  query?: string;
}

export interface FindingPage {
  findings: FindingRow[];
  total: number;
  opinion: Opinion;
  by_status: Partial<Record<FindingStatus, number>>;
}

export interface ResponseFile {
  evidence_id: string;
  name: string;
  sha256: string;
  size: number;
}

export interface Response {
  finding_id: string;
  finding_version: string;
  position: Position;
  text: string;
  corrective_action: string;
  owner: string;
  target_date: string;
  responder: string;
  responded_at: string;
  evidence: ResponseFile[];
  packet_id?: string;
  received_at?: string;
  received_by?: string;
  confirmed?: { by: string; at: string; version: string };
}

/** audit.Provenance, with who provided a copy that did not come in a PBC pack. */
export interface SourcedProvenance extends Provenance {
  source?: string;
}

export interface FindingDetail {
  finding: Finding;
  response: Response | null;
  evidence: { evidence: Evidence; provenance: SourcedProvenance[] }[];
  /** The response answers another version than the current one. */
  stale: boolean;
}

export interface ResponseInput {
  position: Position;
  text: string;
  corrective_action: string;
  owner: string;
  target_date: string;
  responder: string;
  /** IDs of files already sent with the response, to keep. */
  evidence: string[];
  /** Paths on this machine of new files to send. */
  files: string[];
}

/** backend/sampling.Evaluation, as a test result carries it. */
export type SampleEvaluation = Omit<Evaluation, 'text'>;

export interface TestResult {
  test_id: string;
  control_id: string;
  criteria: string[];
  sample_size: number;
  deviations: number;
  evaluation: SampleEvaluation;
  /** The upper deviation limit is above the tolerable rate. */
  exceeds: boolean;
}

export interface RegisterException {
  test_id: string;
  control_id: string;
  criteria: string[];
  item: number;
  item_key: string;
  attribute: string;
  attribute_text: string;
  note: string;
  evidence: EvidenceRef[];
}

export interface ControlGroup {
  control_id: string;
  criteria: string[];
  tests: TestResult[];
  exceptions: RegisterException[];
}

export interface CriterionGroup {
  criterion: string;
  controls: string[];
  exceptions: number;
  exceeding: string[];
}

export interface TestOutcome {
  test_id: string;
  control_id: string;
  title?: string;
  criteria: string[];
  conclusion: string;
  complete: boolean;
  reviewed: boolean;
  confidence: string;
  tolerable: string;
  /** The test sets no rates: read at the register's defaults. */
  defaulted: boolean;
  result: TestResult;
}

export interface ExceptionRegister {
  controls: ControlGroup[];
  criteria: CriterionGroup[];
  exceptions: number;
  tests: TestOutcome[];
  default_confidence: string;
  default_tolerable: string;
}

export interface FindingVersion {
  id: string;
  version: string;
}

export interface PacketRecord {
  id: string;
  kind: 'findings' | 'response';
  direction: 'exported' | 'opened' | 'imported';
  file: string;
  file_sha256: string;
  findings: FindingVersion[];
  at: string;
  by: string;
}

export interface Exported {
  packet_id: string;
  file: string;
  sha256: string;
  findings: FindingVersion[];
  skipped: { id: string; reason: string }[];
}

export interface Conflict {
  finding_id: string;
  answered_version: string;
  current_version: string;
  issued_version: string;
  status: FindingStatus;
  reason: string;
  confirmable: boolean;
}

export interface ImportResult {
  packet_id: string;
  applied: string[];
  confirmed: string[];
  unchanged: string[];
  conflicts: Conflict[];
  evidence: number;
}

const list = <T>(v: T[] | null | undefined): T[] => v ?? [];

function cleanFinding(f: Finding): Finding {
  return {
    ...f,
    criteria: list(f.criteria),
    controls: list(f.controls),
    exceptions: list(f.exceptions),
    evidence: list(f.evidence),
    history: list(f.history),
  };
}

export const findings = {
  exceptions: async (engagementId: string): Promise<ExceptionRegister> => {
    const r = await call<ExceptionRegister>('app.Findings.Exceptions', engagementId);
    return {
      ...r,
      controls: list(r.controls).map((g) => ({ ...g, tests: list(g.tests), exceptions: list(g.exceptions) })),
      criteria: list(r.criteria),
      tests: list(r.tests),
    };
  },
  evaluate: (engagementId: string, input: DeficiencyInput) =>
    call<EvaluationResult>('app.Findings.Evaluate', engagementId, input),
  list: async (engagementId: string, filter: FindingFilter): Promise<FindingPage> => {
    const p = await call<FindingPage>('app.Findings.List', engagementId, filter);
    return { ...p, findings: list(p.findings), by_status: p.by_status ?? {} };
  },
  get: async (engagementId: string, id: string): Promise<FindingDetail> => {
    const d = await call<FindingDetail>('app.Findings.Get', engagementId, id);
    const response = d.response ? { ...d.response, evidence: list(d.response.evidence) } : null;
    return { ...d, finding: cleanFinding(d.finding), response, evidence: list(d.evidence) };
  },
  templates: async (engagementId: string) => list(await call<Template[] | null>('app.Findings.Templates', engagementId)),
  /** Creates a finding (id empty) or saves an edit. */
  save: async (engagementId: string, id: string, input: FindingInput) =>
    cleanFinding(await call<Finding>('app.Findings.Save', engagementId, id, input)),
  /** Adds a place in an evidence file to the finding's evidence (an edit of the finding). */
  cite: async (engagementId: string, id: string, evidenceId: string, at: Locator) =>
    cleanFinding(await call<Finding>('app.Findings.Cite', engagementId, id, { evidence_id: evidenceId, ...at })),
  setStatus: async (engagementId: string, id: string, status: FindingStatus, comment: string) =>
    cleanFinding(await call<Finding>('app.Findings.SetStatus', engagementId, id, status, comment)),
  signOff: async (engagementId: string, id: string) =>
    cleanFinding(await call<Finding>('app.Findings.SignOff', engagementId, id)),
  packets: async (engagementId: string) =>
    list(await call<PacketRecord[] | null>('app.Findings.Packets', engagementId)).map((p) => ({ ...p, findings: list(p.findings) })),
  exportPacket: async (engagementId: string, path: string, passphrase: string): Promise<Exported> => {
    const e = await call<Exported>('app.Findings.ExportPacket', engagementId, path, passphrase);
    return { ...e, findings: list(e.findings), skipped: list(e.skipped) };
  },
  importPacket: async (engagementId: string, path: string, passphrase: string, confirm: string[]): Promise<ImportResult> => {
    const r = await call<ImportResult>('app.Findings.ImportPacket', engagementId, path, passphrase, confirm);
    return {
      ...r,
      applied: list(r.applied),
      confirmed: list(r.confirmed),
      unchanged: list(r.unchanged),
      conflicts: list(r.conflicts),
    };
  },
  /** Opens a findings packet from the auditor as a responder copy; returns that engagement. */
  openResponderPacket: (path: string, passphrase: string) =>
    call<Engagement>('app.Findings.OpenResponderPacket', path, passphrase),
  respond: async (engagementId: string, findingId: string, input: ResponseInput) => {
    const r = await call<Response>('app.Findings.Respond', engagementId, findingId, input);
    return { ...r, evidence: list(r.evidence) };
  },
  exportResponse: async (engagementId: string, path: string, passphrase: string): Promise<Exported> => {
    const e = await call<Exported>('app.Findings.ExportResponse', engagementId, path, passphrase);
    return { ...e, findings: list(e.findings), skipped: list(e.skipped) };
  },
};
