import { call } from './transport';
import type * as models from './models';
import type { Job } from './types';

/** audit's evidence statuses (backend/audit/evidence.go). */
export type EvidenceStatus = 'extracted' | 'encrypted' | 'not_extracted' | 'failed';
export type Evidence = models.audit.Evidence;
export type Provenance = models.audit.Provenance;

export type EvidenceSortKey = 'name' | 'type' | 'size' | 'as_of' | 'imported_at';
/** A sort key, with "-" before it for descending. */
export type EvidenceSort = EvidenceSortKey | `-${EvidenceSortKey}`;

/** store.EvidenceFilter, its sort one of the keys the Go side reads. */
export type EvidenceFilter = Omit<models.store.EvidenceFilter, 'sort'> & { sort: EvidenceSort };
export type EvidencePage = models.readmodel.EvidencePage;
/** A place in an evidence file; all empty means the whole file. */
export type Locator = models.audit.Locator;
/** What a pin ties a place to: audit.PinControl or audit.PinRequest. */
export type PinTarget = 'control' | 'request';
export type Pin = models.audit.Pin;
export type EvidenceUse = models.readmodel.EvidenceUse;
export type EvidenceDetail = models.readmodel.EvidenceDetail;
export type ImportStatus = models.app.ImportStatus;
export type ImportProblem = models.ingest.Problem;
/** The result of an import job. */
export type ImportSummary = models.ingest.Summary;

export const evidence = {
  status: () => call<ImportStatus>('app.Evidence.Status'),
  /** Starts an import job and returns at once; the job's result is an ImportSummary. */
  import: (engagementID: string, paths: string[]) =>
    call<Job<ImportSummary>>('app.Evidence.Import', engagementID, paths),
  list: async (engagementID: string, filter: EvidenceFilter): Promise<EvidencePage> => {
    const { text, type, status, sort, offset, limit } = filter;
    return call<EvidencePage>('app.Evidence.List', engagementID, { text, type, status, sort, offset, limit });
  },
  get: (engagementID: string, id: string) => call<EvidenceDetail>('app.Evidence.Get', engagementID, id),
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
