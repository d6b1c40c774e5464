import { call } from './transport';
import type { Job } from './types';

// Types mirror the JSON of app.Evidence, audit.Evidence, audit.Provenance,
// store.EvidenceFilter and ingest.Summary (snake_case).

export type EvidenceStatus = 'extracted' | 'encrypted' | 'not_extracted' | 'failed';

export interface Evidence {
  id: string;
  sha256: string;
  size: number;
  name: string;
  path: string;
  pack: string;
  type: string;
  mime?: string;
  status: EvidenceStatus;
  reason?: string;
  title?: string;
  /** YYYY-MM-DD: the date the evidence speaks of. */
  as_of?: string;
  /** manifest, document, file name, folder name, file time, edited or unknown. */
  as_of_source?: string;
  /** The metadata field or name fragment the date was read from, e.g. "pdf CreationDate", "2026-Q2". */
  as_of_detail?: string;
  meta?: Record<string, string> | null;
  parts: number;
  /** The e-mail this file was attached to. */
  parent?: string;
  controls?: string[] | null;
  requests?: string[] | null;
  imported_at: string;
  imported_by: string;
}

export interface Provenance {
  evidence_id: string;
  pack: string;
  pack_sha256: string;
  path: string;
  size: number;
  /** Absent when the pack gave no real time (a zip entry without one). */
  mod_time?: string;
  imported_by: string;
  imported_at: string;
}

export type EvidenceSortKey = 'name' | 'type' | 'size' | 'as_of' | 'imported_at';
/** A sort key, with "-" before it for descending. */
export type EvidenceSort = EvidenceSortKey | `-${EvidenceSortKey}`;

export interface EvidenceFilter {
  /** In name or path, case-insensitive. */
  text: string;
  type: string;
  status: string;
  sort: EvidenceSort;
  offset: number;
  limit: number;
}

export interface EvidencePage {
  items: Evidence[];
  total: number;
  /** By evidence ID: why its as-of date needs a look (outside the period, or unknown). */
  date_issues: Record<string, string>;
}

/** A place in an evidence file; all empty means the whole file. */
export interface Locator {
  page?: number;
  sheet?: string;
  /** The spreadsheet's own row number; a CSV record's row. */
  row?: number;
  /** A line of text; the line a CSV or JSON record starts on. */
  line?: number;
  /** A JSON or NDJSON record, from 1. */
  record?: number;
  /** Of an e-mail. */
  section?: 'header' | 'body';
  /** The name of the e-mail attachment the place is in. */
  attachment?: string;
}

export type PinTarget = 'control' | 'request';

/** audit.Pin: a place in an evidence file tied to a control or a PBC request. */
export interface Pin extends Locator {
  id: string;
  evidence_id: string;
  target: PinTarget;
  target_id: string;
  note?: string;
  pinned_by: string;
  pinned_at: string;
}

/** A place in the file cited by a test's cell or a finding. */
export interface EvidenceUse extends Locator {
  kind: 'test' | 'finding';
  id: string;
  label: string;
}

export interface EvidenceDetail {
  evidence: Evidence;
  provenance: Provenance[];
  pins: Pin[];
  uses: EvidenceUse[];
}

export interface ImportStatus {
  /** tesseract is installed: images are OCRed. */
  ocr: boolean;
  /** Files extracted at once. */
  workers: number;
}

export interface ImportProblem {
  path: string;
  reason: string;
}

/** The result of an import job. */
export interface ImportSummary {
  files_total: number;
  bytes_total: number;
  imported: number;
  duplicates: number;
  failed: ImportProblem[] | null;
  not_extracted: ImportProblem[] | null;
  /** After a cancel, the files never handled: not handed to a parser, or dropped before their commit. */
  not_imported?: number;
  encrypted: ImportProblem[] | null;
  canceled?: boolean;
  elapsed_s: number;
}

export const evidence = {
  status: () => call<ImportStatus>('app.Evidence.Status'),
  /** Starts an import job and returns at once; the job's result is an ImportSummary. */
  import: (engagementID: string, paths: string[]) =>
    call<Job<ImportSummary>>('app.Evidence.Import', engagementID, paths),
  list: async (engagementID: string, filter: EvidenceFilter): Promise<EvidencePage> => {
    const { text, type, status, sort, offset, limit } = filter;
    const page = await call<EvidencePage | null>('app.Evidence.List', engagementID, {
      text,
      type,
      status,
      sort,
      offset,
      limit,
    });
    return { items: page?.items ?? [], total: page?.total ?? 0, date_issues: page?.date_issues ?? {} };
  },
  get: async (engagementID: string, id: string): Promise<EvidenceDetail> => {
    const d = await call<EvidenceDetail>('app.Evidence.Get', engagementID, id);
    return { evidence: d.evidence, provenance: d.provenance ?? [], pins: d.pins ?? [], uses: d.uses ?? [] };
  },
  pin: (engagementID: string, evidenceID: string, at: Locator, target: PinTarget, targetID: string, note: string) =>
    call<Pin>('app.Evidence.Pin', engagementID, {
      ...at,
      evidence_id: evidenceID,
      target,
      target_id: targetID,
      note,
    }),
  unpin: (engagementID: string, evidenceID: string, pinID: string) =>
    call<null>('app.Evidence.Unpin', engagementID, evidenceID, pinID),
  /** asOf is YYYY-MM-DD. */
  setAsOf: (engagementID: string, id: string, asOf: string) =>
    call<Evidence>('app.Evidence.SetAsOf', engagementID, id, asOf),
};
