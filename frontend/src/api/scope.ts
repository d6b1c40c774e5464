import { call } from './transport';
import type * as models from './models';
import type { Evidence } from './evidence';

export type Frequency = models.scope.Frequency;
export const frequencies: Frequency[] = ['annual', 'quarterly', 'monthly', 'weekly', 'daily', 'multiple-daily', 'as-needed'];

export type RequestStatus = models.scope.Status;
export const requestStatuses: RequestStatus[] = ['open', 'received', 'accepted', 'flagged', 'resubmitted'];

/** The moves the request workflow allows, as the Go side enforces them. */
export const nextStatuses: Record<RequestStatus, RequestStatus[]> = {
  open: ['received'],
  received: ['accepted', 'flagged'],
  flagged: ['resubmitted'],
  resubmitted: ['accepted', 'flagged'],
  accepted: ['flagged'],
};

export type ImportKind = models.scope.ImportKind;

export type Criterion = models.scope.Criterion;
export type CriterionRow = models.readmodel.CriterionRow;
export type CriteriaFilter = models.readmodel.CriteriaFilter;
export type Control = models.scope.Control;
export type ControlFilter = models.scope.ControlFilter;
export type ControlPage = models.readmodel.ControlPage;
export type StatusChange = models.scope.StatusChange;
export type PbcRequest = models.scope.Request;
export type RequestFilter = models.scope.RequestFilter;
export type RequestPage = models.readmodel.RequestPage;
export type ImportOptions = models.scope.Options;
export type ImportFile = models.app.ImportFile;
export type FieldMapping = models.scope.FieldMapping;
export type RowError = models.scope.RowError;
export type FieldChange = models.scope.FieldChange;
export type ImportDiff = models.scope.Diff;
export type ImportPreview = models.scope.Preview;
export type RequestGap = models.scope.RequestGap;
export type Coverage = models.scope.Coverage;
/** scope.DatedEvidence: an evidence file whose as-of date needs a look. */
export type DatedEvidence = models.scope.DatedEvidence;

export const scope = {
  criteria: (engagementId: string, filter: CriteriaFilter) =>
    call<CriterionRow[]>('app.Scope.Criteria', engagementId, filter),
  controls: (engagementId: string, filter: ControlFilter) => call<ControlPage>('app.Scope.Controls', engagementId, filter),
  requests: (engagementId: string, filter: RequestFilter) => call<RequestPage>('app.Scope.Requests', engagementId, filter),
  previewImport: (engagementId: string, file: ImportFile) =>
    call<ImportPreview>('app.Scope.PreviewImport', engagementId, file),
  applyImport: (engagementId: string, file: ImportFile) =>
    call<ImportPreview>('app.Scope.ApplyImport', engagementId, file),
  saveControl: (engagementId: string, control: Control, create: boolean) =>
    call<Control>('app.Scope.SaveControl', engagementId, control, create),
  setRequestStatus: (engagementId: string, requestId: string, status: RequestStatus, comment: string) =>
    call<PbcRequest>('app.Scope.SetRequestStatus', engagementId, requestId, status, comment),
  /** Links an evidence file to a request by hand, or (link false) undoes the link. */
  linkEvidence: (engagementId: string, requestId: string, evidenceId: string, link: boolean) =>
    call<PbcRequest>('app.Scope.LinkEvidence', engagementId, requestId, evidenceId, link),
  /** Links an evidence file to a control by hand, or (link false) undoes a link, a manifest's too. */
  linkControl: (engagementId: string, controlId: string, evidenceId: string, link: boolean) =>
    call<Evidence>('app.Scope.LinkControl', engagementId, controlId, evidenceId, link),
  coverage: (engagementId: string) => call<Coverage>('app.Scope.Coverage', engagementId),
};

/** Reads a File the user chose into base64, for ImportFile.content. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
