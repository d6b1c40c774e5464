import { call } from './transport';

/** One evidence type the Go side detects (backend/extract Types). */
export interface EvidenceTypeEntry {
  name: string;
  label: string;
  /** How the viewer shows it. */
  viewer: string;
}

/** One export format (backend/export Formats). */
export interface ExportFormatEntry {
  name: string;
  label: string;
  /** Written into a folder rather than one file. */
  folder: boolean;
  /** The file name the save dialog offers; '' for a folder. */
  file: string;
}

/** What the screens list, read from the Go tables (app.Session.Registry). */
export interface Registry {
  evidence_types: EvidenceTypeEntry[];
  export_formats: ExportFormatEntry[];
}

export const registry = {
  get: () => call<Registry>('app.Session.Registry'),
};
