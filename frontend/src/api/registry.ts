import { call } from './transport';

/** One evidence type the Go side detects (backend/extract Types). */
export interface EvidenceTypeEntry {
  name: string;
  label: string;
  /** How the viewer shows it. */
  viewer: string;
}

/** What the screens list, read from the Go tables (app.Session.Registry). */
export interface Registry {
  evidence_types: EvidenceTypeEntry[];
}

export const registry = {
  get: () => call<Registry>('app.Session.Registry'),
};
