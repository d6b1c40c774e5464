export * from './types';
export { AppError, isAppError, toAppError } from './errors';
export { session } from './session';
export { engagements } from './engagements';
export { jobs } from './jobs';
export { onJob, onMenu, type MenuEvent } from './events';
export { evidence } from './evidence';
export type {
  Evidence,
  EvidenceDetail,
  EvidenceFilter,
  EvidencePage,
  EvidenceSort,
  EvidenceSortKey,
  EvidenceStatus,
  EvidenceUse,
  ImportProblem,
  ImportStatus,
  ImportSummary,
  Locator,
  Pin,
  PinTarget,
  Provenance,
} from './evidence';
export { isDesktop, onFileDrop } from './transport';
export { scope, fileToBase64, frequencies, requestStatuses, nextStatuses } from './scope';
export type {
  Control,
  ControlFilter,
  ControlPage,
  Coverage,
  CriteriaFilter,
  CriterionRow,
  Frequency,
  ImportFile,
  ImportKind,
  ImportOptions,
  ImportPreview,
  PbcRequest,
  RequestFilter,
  RequestPage,
  RequestStatus,
} from './scope';
export { search } from './search';
export type { Facets, FacetName, FacetValue, Fragment, Hit, SearchResults } from './search';
export { viewer } from './viewer';
export type {
  EmailHeader,
  EmailView,
  LinesPage,
  LinesQuery,
  Location,
  Mark,
  Rect,
  SheetInfo,
  SheetPage,
  SheetQuery,
  SheetRow,
  TextLine,
  ViewerDocument,
  ViewerImage,
  ViewerKind,
  ViewerPage,
} from './viewer';
export { testing } from './testing';
export type {
  Allocation,
  Attribute,
  AttributeInput,
  Cell,
  CellPin,
  CellResult,
  CheckExample,
  ControlTest,
  DateOrder,
  GridRow,
  Pick,
  Population,
  PopulationCheck,
  PopulationColumn,
  PopulationOptions,
  PopulationPreview,
  PopulationRow,
  RowPage,
  Sample,
  SampleHeader,
  SampleInput,
  PopulationFilter,
  SamplePlan,
  PlanInput,
  SampleItem,
  SampleMethod,
  SignOff,
  SignOffRole,
  TestInput,
  TestRow,
  TestSummary,
  TestView,
} from './testing';
export { sampling, sizeFrequencies } from './sampling';
export type {
  AttributeSize,
  AttributeSizeInput,
  ControlRisk,
  Evaluation,
  EvaluationInput,
  FrequencySize,
  FrequencySizeInput,
  SizeFrequency,
} from './sampling';
export { reports } from './reports';
export type { ExportFile, ExportFormat, ExportResult, ReportInput, ReportPreview } from './reports';
export { findings, likelihoods, magnitudes, classifications, opinions, findingStatuses, positions } from './findings';
export type {
  Classification,
  Compensating,
  Conflict,
  ControlGroup,
  CriterionGroup,
  CriterionResult,
  Deficiency,
  DeficiencyInput,
  EvaluationResult,
  EvidenceRef,
  ExceptionRef,
  ExceptionRegister,
  Exported,
  Finding,
  FindingDetail,
  FindingEvaluation,
  FindingFilter,
  FindingInput,
  FindingPage,
  FindingRow,
  FindingStatus,
  ImportResult,
  Kind,
  Likelihood,
  Magnitude,
  Opinion,
  Override,
  PacketRecord,
  Position,
  RegisterException,
  Response,
  ResponseInput,
  SampleEvaluation,
  FindingSignOff,
  Step,
  Template,
  TestOutcome,
  TestResult,
} from './findings';
export { dialogs } from './dialogs';
export type { SaveTarget } from './dialogs';
export { registry } from './registry';
export type { EvidenceTypeEntry, ExportFormatEntry, Registry, SamplingMethodEntry, SamplingParamEntry } from './registry';
