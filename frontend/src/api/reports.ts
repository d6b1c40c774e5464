import { call } from './transport';
import type * as models from './models';
import type { Job } from './types';

export type ReportInput = models.app.ReportInput;
export type ExportFile = models.export_.File;
/** What a report or export job wrote. */
export type ExportResult = models.export_.Result;
export type ReportPreview = models.app.ReportPreview;

/** The name of one of the Go export formats (Session.Registry's export_formats). */
export type ExportFormat = string;

export const reports = {
  generate: (engagementId: string, input: ReportInput) =>
    call<Job<ExportResult>>('app.Reports.Generate', engagementId, input),
  preview: (engagementId: string, page: number, scale: number) =>
    call<ReportPreview>('app.Reports.Preview', engagementId, page, scale),
  /** A one-file format to a file, a folder format into a folder. Files
   * already there are replaced only with overwrite, once the user confirmed. */
  export: (engagementId: string, format: ExportFormat, path: string, overwrite = false) =>
    call<Job<ExportResult>>('app.Exports.Export', engagementId, format, path, overwrite),
};
