import { call } from './transport';
import type { Category } from './types';
import type { Evidence } from './evidence';

// Types mirror the JSON of app.Scope and backend/scope (snake_case).

export type Frequency = 'annual' | 'quarterly' | 'monthly' | 'weekly' | 'daily' | 'multiple-daily' | 'as-needed';
export const frequencies: Frequency[] = ['annual', 'quarterly', 'monthly', 'weekly', 'daily', 'multiple-daily', 'as-needed'];

export type RequestStatus = 'open' | 'received' | 'accepted' | 'flagged' | 'resubmitted';
export const requestStatuses: RequestStatus[] = ['open', 'received', 'accepted', 'flagged', 'resubmitted'];

/** The moves the request workflow allows, as the Go side enforces them. */
export const nextStatuses: Record<RequestStatus, RequestStatus[]> = {
  open: ['received'],
  received: ['accepted', 'flagged'],
  flagged: ['resubmitted'],
  resubmitted: ['accepted', 'flagged'],
  accepted: ['flagged'],
};

export type ImportKind = 'controls' | 'requests' | 'criteria';

export interface Criterion {
  id: string;
  category: Category;
  title: string;
}

export interface CriterionRow extends Criterion {
  text: string;
  points_of_focus: string;
  their_title: string;
  controls: string[];
}

export interface CriteriaFilter {
  query?: string;
  category?: string;
  uncovered?: boolean;
}

export interface Control {
  id: string;
  title: string;
  description?: string;
  owner?: string;
  frequency?: Frequency | '';
  nature?: 'manual' | 'automated' | '';
  kind?: 'preventive' | 'detective' | '';
  key: boolean;
  criteria: string[];
}

export interface ControlFilter {
  query?: string;
  criterion?: string;
  frequency?: string;
  owner?: string;
  key_only?: boolean;
  unmapped?: boolean;
  sort?: 'id' | 'title' | 'owner' | 'frequency';
  desc?: boolean;
  offset?: number;
  limit?: number;
}

export interface ControlPage {
  controls: Control[];
  total: number;
  owners: string[];
}

export interface StatusChange {
  status: RequestStatus;
  actor: string;
  at: string;
  comment?: string;
}

export interface PbcRequest {
  id: string;
  description: string;
  controls: string[];
  owner?: string;
  due?: string;
  status: RequestStatus;
  history: StatusChange[];
  evidence: string[];
}

export interface RequestFilter {
  query?: string;
  status?: string;
  control?: string;
  owner?: string;
  overdue?: boolean;
  sort?: 'id' | 'due' | 'status' | 'owner';
  desc?: boolean;
  offset?: number;
  limit?: number;
}

export interface RequestPage {
  requests: PbcRequest[];
  total: number;
  today: string;
  /** File names of the linked evidence, by "evidence/<id>". */
  names: Record<string, string>;
}

export interface ImportOptions {
  sheet?: string;
  header_row?: number;
  /** field → 0-based column; -1 reads the field from no column. */
  mapping?: Record<string, number>;
}

export interface ImportFile {
  kind: ImportKind;
  name: string;
  /** The file's bytes, base64. */
  content: string;
  options: ImportOptions;
}

export interface FieldMapping {
  name: string;
  label: string;
  required: boolean;
  column: number;
  auto: boolean;
}

export interface RowError {
  row: number;
  field?: string;
  message: string;
}

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface ImportDiff {
  added: string[];
  changed: { id: string; fields: FieldChange[] }[];
  unchanged: string[];
  not_in_file: string[];
}

export interface ImportPreview {
  kind: ImportKind;
  file: string;
  sheets: string[];
  sheet: string;
  header_row: number;
  columns: { index: number; letter: string; header: string }[];
  mapping: FieldMapping[];
  rows: { row: number; values: Record<string, string> }[];
  total: number;
  errors: RowError[];
  warnings: RowError[];
  diff: ImportDiff;
  applied: boolean;
}

export interface RequestGap {
  id: string;
  description: string;
  owner?: string;
  due?: string;
  status: RequestStatus;
}

export interface Coverage {
  today: string;
  categories: Category[];
  criteria: (Criterion & { has_text: boolean; controls: string[] })[];
  controls: {
    id: string;
    title: string;
    key: boolean;
    criteria: string[];
    requests: string[];
    evidence: number;
    tests: number;
  }[];
  gaps: {
    criteria_without_control: Criterion[];
    controls_without_evidence: string[];
    overdue_requests: RequestGap[];
    flagged_requests: RequestGap[];
    /** Evidence dated outside the period, or not at all; reason says which. */
    evidence_out_of_period: DatedEvidence[];
  };
  summary: {
    criteria: number;
    criteria_covered: number;
    controls: number;
    controls_with_evidence: number;
    requests: number;
    requests_accepted: number;
    overdue: number;
    flagged: number;
    evidence_out_of_period: number;
    evidence_undated: number;
  };
}

/** scope.DatedEvidence: an evidence file whose as-of date needs a look. */
export interface DatedEvidence {
  id: string;
  name: string;
  path: string;
  as_of?: string;
  as_of_source: string;
  reason: string;
}

export const scope = {
  criteria: async (engagementId: string, filter: CriteriaFilter) =>
    (await call<CriterionRow[] | null>('app.Scope.Criteria', engagementId, filter)) ?? [],
  controls: async (engagementId: string, filter: ControlFilter): Promise<ControlPage> => {
    const p = await call<ControlPage>('app.Scope.Controls', engagementId, filter);
    return { controls: p?.controls ?? [], total: p?.total ?? 0, owners: p?.owners ?? [] };
  },
  requests: async (engagementId: string, filter: RequestFilter): Promise<RequestPage> => {
    const p = await call<RequestPage>('app.Scope.Requests', engagementId, filter);
    return { requests: p?.requests ?? [], total: p?.total ?? 0, today: p?.today ?? '', names: p?.names ?? {} };
  },
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
  coverage: async (engagementId: string): Promise<Coverage> => {
    const cv = await call<Coverage>('app.Scope.Coverage', engagementId);
    return { ...cv, gaps: { ...cv.gaps, evidence_out_of_period: cv.gaps.evidence_out_of_period ?? [] } };
  },
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
