import { call } from './transport';
import type * as models from './models';

/** One evidence type the Go side detects (backend/extract Types). */
export type EvidenceTypeEntry = models.app.EvidenceType;
/** One export format (backend/export Formats). */
export type ExportFormatEntry = models.app.ExportFormat;
/** One parameter of a sampling method (backend/selection Param). */
export type SamplingParamEntry = models.selection.Param;
/** One sampling method (backend/selection Methods). */
export type SamplingMethodEntry = models.app.SamplingMethod;
/** What the screens list, read from the Go tables (app.Session.Registry). */
export type Registry = models.app.Registry;

export const registry = {
  get: () => call<Registry>('app.Session.Registry'),
};
