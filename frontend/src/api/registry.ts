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

/** One parameter of a sampling method (backend/selection Param). */
export interface SamplingParamEntry {
  /** seed, size, picks, stratum_column or amount_column. */
  name: string;
  /** The draw form's field. */
  label: string;
  required: boolean;
  /** The population field the method needs ('stratum', 'amount'); absent for a typed parameter. */
  column?: string;
  /** What is accepted, as the errors say it. */
  rule: string;
}

/** One sampling method (backend/selection Methods). */
export interface SamplingMethodEntry {
  name: string;
  label: string;
  /** In the draw form's order. */
  params: SamplingParamEntry[];
  /** The size may come from a frequency or attribute plan. */
  planned: boolean;
  /** How it chooses items: the workpaper's text. */
  description: string;
}

/** What the screens list, read from the Go tables (app.Session.Registry). */
export interface Registry {
  evidence_types: EvidenceTypeEntry[];
  export_formats: ExportFormatEntry[];
  sampling_methods: SamplingMethodEntry[];
}

export const registry = {
  get: () => call<Registry>('app.Session.Registry'),
};
