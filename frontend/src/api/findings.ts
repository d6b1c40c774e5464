import { call } from './transport';
import type { Locator } from './evidence';
import type * as models from './models';
import type { Engagement } from './types';

export type Kind = models.deficiency.Kind;
export type Likelihood = models.deficiency.Likelihood;
export type Magnitude = models.deficiency.Magnitude;
export type Classification = models.deficiency.Classification;
export type Opinion = models.deficiency.Opinion;
export type FindingStatus = models.findings.Status;
export type Position = models.findings.Position;

export const likelihoods: Likelihood[] = ['remote', 'reasonably_possible', 'probable'];
export const magnitudes: Magnitude[] = ['inconsequential', 'more_than_inconsequential', 'material'];
export const classifications: Classification[] = ['control_deficiency', 'significant_deficiency', 'material_weakness'];
export const opinions: Opinion[] = ['unmodified', 'qualified', 'adverse'];
export const findingStatuses: FindingStatus[] = ['draft', 'in_review', 'issued', 'response_received', 'final'];
export const positions: Position[] = ['agree', 'partially_agree', 'disagree'];

export type Compensating = models.deficiency.Compensating;
export type Deficiency = models.deficiency.Deficiency;
/**
 * deficiency.Input as the frontend sends it: related null has the app fill in
 * the engagement's other deficiencies on its criteria.
 */
export type DeficiencyInput = Omit<models.deficiency.Input, 'related'> & { related: Deficiency[] | null };
export type CriterionResult = models.deficiency.CriterionResult;
export type EvaluationResult = models.deficiency.Result;
export type Override = models.findings.Override;
export type FindingEvaluation = models.findings.Evaluation;
export type EvidenceRef = models.findings.EvidenceRef;
export type ExceptionRef = models.findings.ExceptionRef;
export type FindingSignOff = models.findings.SignOff;
export type Step = models.findings.Step;
/** findings.Finding; its classification is empty until evaluated. */
export type Finding = Omit<models.findings.Finding, 'classification'> & { classification: Classification | '' };
/** What the editor sends; status, sign-offs and versions move only through the workflow. */
export type FindingInput = Omit<models.findings.Input, 'evaluation' | 'override'> & {
  /** null: no evaluation (Go reads it as nil). */
  evaluation?: DeficiencyInput | null;
  /** Who overrules, and when, the Go side records; opinion '' keeps the proposal's. */
  override?: (Omit<Override, 'by' | 'at' | 'opinion'> & { opinion?: Opinion | '' }) | null;
};
export type Template = models.findings.Template;
/** app.FindingRow: classification and opinion empty before the evaluation, response until one is in. */
export type FindingRow = Omit<models.readmodel.FindingRow, 'classification' | 'opinion' | 'response'> & {
  classification: Classification | '';
  opinion: Opinion | '';
  response: Position | '';
};
export type FindingFilter = models.readmodel.FindingFilter;
export type FindingPage = Omit<models.readmodel.FindingPage, 'findings'> & { findings: FindingRow[] };
export type ResponseFile = models.findings.ResponseEvidence;
export type Response = models.findings.Response;
/** audit.Provenance, with who provided a copy that did not come in a PBC pack. */
export type SourcedProvenance = models.audit.Provenance;
export type FindingDetail = Omit<models.readmodel.FindingDetail, 'finding'> & { finding: Finding };
export type ResponseInput = models.app.ResponseInput;
/** backend/sampling.Evaluation, as a test result carries it. */
export type SampleEvaluation = models.sampling.Evaluation;
export type TestResult = models.findings.TestResult;
export type RegisterException = models.findings.Exception;
export type ControlGroup = models.findings.ControlGroup;
export type CriterionGroup = models.findings.CriterionGroup;
export type TestOutcome = models.export_.TestOutcome;
export type ExceptionRegister = models.export_.ExceptionRegister;
export type FindingVersion = models.store.FindingVersion;
export type PacketRecord = models.store.PacketRecord;
export type Exported = models.packet.Exported;
export type Conflict = models.findings.Conflict;
export type ImportResult = models.findings.ImportResult;

export const findings = {
  exceptions: (engagementId: string) => call<ExceptionRegister>('app.Findings.Exceptions', engagementId),
  evaluate: (engagementId: string, input: DeficiencyInput) =>
    call<EvaluationResult>('app.Findings.Evaluate', engagementId, input),
  list: (engagementId: string, filter: FindingFilter) => call<FindingPage>('app.Findings.List', engagementId, filter),
  get: (engagementId: string, id: string) => call<FindingDetail>('app.Findings.Get', engagementId, id),
  templates: (engagementId: string) => call<Template[]>('app.Findings.Templates', engagementId),
  /** Creates a finding (id empty) or saves an edit. */
  save: (engagementId: string, id: string, input: FindingInput) =>
    call<Finding>('app.Findings.Save', engagementId, id, input),
  /** Adds a place in an evidence file to the finding's evidence (an edit of the finding). */
  cite: (engagementId: string, id: string, evidenceId: string, at: Locator) =>
    call<Finding>('app.Findings.Cite', engagementId, id, { evidence_id: evidenceId, ...at }),
  setStatus: (engagementId: string, id: string, status: FindingStatus, comment: string) =>
    call<Finding>('app.Findings.SetStatus', engagementId, id, status, comment),
  signOff: (engagementId: string, id: string) => call<Finding>('app.Findings.SignOff', engagementId, id),
  packets: (engagementId: string) => call<PacketRecord[]>('app.Findings.Packets', engagementId),
  exportPacket: (engagementId: string, path: string, passphrase: string) =>
    call<Exported>('app.Findings.ExportPacket', engagementId, path, passphrase),
  importPacket: (engagementId: string, path: string, passphrase: string, confirm: string[]) =>
    call<ImportResult>('app.Findings.ImportPacket', engagementId, path, passphrase, confirm),
  /** Opens a findings packet from the auditor as a responder copy; returns that engagement. */
  openResponderPacket: (path: string, passphrase: string) =>
    call<Engagement>('app.Findings.OpenResponderPacket', path, passphrase),
  respond: (engagementId: string, findingId: string, input: ResponseInput) =>
    call<Response>('app.Findings.Respond', engagementId, findingId, input),
  exportResponse: (engagementId: string, path: string, passphrase: string) =>
    call<Exported>('app.Findings.ExportResponse', engagementId, path, passphrase),
};
