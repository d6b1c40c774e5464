import { call } from './transport';
import type { Job } from './types';

// Types mirror the JSON of app.ReportInput, app.ReportPreview and export.Result.

export interface ReportInput {
  final: boolean;
  /** The PDF file to write: a full path on this machine. */
  path: string;
  prepared_by: string;
  /** YYYY-MM-DD; today when empty. */
  date: string;
  /** The user confirmed replacing a file already at path. */
  overwrite?: boolean;
}

export interface ExportFile {
  kind: string;
  path: string;
  bytes: number;
  sha256: string;
}

/** What a report or export job wrote. */
export interface ExportResult {
  engagement_id: string;
  format: string;
  files: ExportFile[];
  skipped: { file: string; reason: string }[] | null;
}

export interface ReportPreview {
  page: number;
  pages: number;
  width: number;
  height: number;
  /** base64 PNG */
  png: string;
  scale: number;
}

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
