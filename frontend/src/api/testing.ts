import { call } from './transport';
import type { Job } from './types';
import type { Locator } from './evidence';

// Types mirror the JSON of app.Testing and of backend/population,
// backend/selection and backend/controltest (snake_case).

/** A lettered column; index from 0, header from the header row. */
export interface PopulationColumn {
  index: number;
  letter: string;
  header: string;
}

export interface PreviewLine {
  /** The row in the file (a CSV file's line). */
  row: number;
  cells: string[];
}

/** population.Preview: the first rows from the header row on. */
export interface PopulationPreview {
  format: string;
  encoding?: string;
  delimiter?: string;
  sheets?: string[];
  sheet?: string;
  rows: PreviewLine[];
  columns: PopulationColumn[];
  header_row: number;
  /** The date column proposed from names and how many of the rows shown it dates. */
  date_column?: PopulationColumn & { dated: number; rows: number; reason: string };
}

export type DateOrder = '' | 'dmy' | 'mdy';

/** population.Options. Columns are named by header or by letter. */
export interface PopulationOptions {
  evidence_id: string;
  name?: string;
  sheet?: string;
  header_row?: number;
  key: string;
  date: string;
  amount?: string;
  stratum?: string;
  stated_count?: number;
  date_order?: DateOrder;
  /** Kept rows meet every one: col=v, col!=v, col in (a,b), col between YYYY-MM-DD..YYYY-MM-DD. */
  filters?: string[];
  /** The control the population is for: its frequency is the gap check's unless frequency is given. */
  control?: string;
  /** The control's frequency and business days, for the gap check. */
  frequency?: string;
  business_days?: boolean;
}

/** A filter as the population records it. */
export interface PopulationFilter {
  column: string;
  header: string;
  op: '=' | '!=' | 'in' | 'between';
  values: string[];
  /** The canonical form the population's hash covers, e.g. "Environment = production". */
  text: string;
}

export interface CheckExample {
  row?: number;
  key?: string;
  value?: string;
  reason?: string;
  first_row?: number;
  from?: string;
  to?: string;
  days?: number;
}

export type CheckID = 'count' | 'period' | 'gaps' | 'duplicate_keys' | 'blank_keys' | 'dates' | 'amounts';

export interface PopulationCheck {
  id: CheckID | string;
  ok: boolean;
  count: number;
  message: string;
  examples?: CheckExample[];
}

export interface PopulationChecks {
  period: { start: string; end: string };
  first_date?: string;
  last_date?: string;
  blank_rows: number;
  /** An amount as written: "1234.50". */
  amount_total?: string;
  items: PopulationCheck[];
}

export interface Population {
  filters?: PopulationFilter[];
  /** Rows of the file the filters left out. */
  excluded?: number;
  /** The control it is for; the gap check's frequency, and whether it came from that control or was typed. */
  control?: string;
  frequency?: string;
  frequency_source?: 'control' | 'typed';
  business_days?: boolean;
  id: string;
  name: string;
  evidence_id: string;
  file: string;
  source_sha256: string;
  format: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  header_row: number;
  headers: string[];
  key: PopulationColumn;
  date: PopulationColumn;
  amount?: PopulationColumn;
  stratum?: PopulationColumn;
  date_order?: string;
  rows: number;
  hash: string;
  checks: PopulationChecks;
  created_at: string;
  created_by: string;
}

export interface PopulationRow {
  index: number;
  row: number;
  key: string;
  date?: string;
  amount?: string;
  stratum?: string;
  hash: string;
  cells: string[];
}

export interface RowPage {
  rows: PopulationRow[];
  total: number;
  offset: number;
}

/** The name of one of the Go sampling methods (Session.Registry's sampling_methods). */
export type SampleMethod = string;

/** A judgmental pick: the row's index in the population (from 0) and why. */
export interface Pick {
  index: number;
  reason: string;
}

/** What a plan is asked for: a frequency and risk, or a confidence and tolerable rate. */
export interface PlanInput {
  frequency?: string;
  risk?: string;
  /** Pro-rate by the engagement's period when shorter than 12 months: an explicit choice. */
  pro_rate?: boolean;
  confidence?: string;
  tolerable?: string;
  expected_rate?: string;
  finite_population?: boolean;
}

/** Why a sample has its size, kept with it; a test of it is evaluated at its rates. */
export interface SamplePlan {
  basis: 'frequency' | 'statistical';
  sample_size: number;
  aicpa_cell?: { table: string; tolerable: string; expected: string };
  confidence: string;
  tolerable: string;
  rationale: string;
}

export interface SampleInput {
  method: SampleMethod;
  size: number;
  /** Empty: the Go side draws one and records it. */
  seed: string;
  picks?: Pick[];
  plan?: PlanInput;
}

export interface SampleItem {
  number: number;
  index: number;
  round: number;
  stratum?: string;
  points?: number;
  high_value?: boolean;
  reason?: string;
  row: number;
  key: string;
  hash: string;
}

export interface Allocation {
  stratum: string;
  rows: number;
  items: number;
}

export interface Sample {
  id: string;
  population_id: string;
  population_hash: string;
  population_rows: number;
  stratum_column?: string;
  amount_column?: string;
  method: SampleMethod;
  algorithm: string;
  seed?: string;
  sizes: number[];
  items: SampleItem[];
  allocation?: Allocation[];
  systematic?: { start: number; n: number };
  mus?: { total: number; points: number; start: number; interval: number; high_value: number; excluded: number };
  plan?: SamplePlan;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export type CellResult = '' | 'pass' | 'exception' | 'not_applicable';

/** Where in an evidence file a cell's result comes from. */
export interface CellPin extends Locator {
  evidence_id: string;
}

export interface Cell {
  result?: CellResult;
  note?: string;
  pins?: CellPin[];
}

export interface Attribute {
  /** A, B, C … by position; the Go side sets it. */
  id?: string;
  description: string;
  /** What an exception means, to complete "2 of 25 samples …". */
  exception?: string;
}

export interface SignOff {
  actor: string;
  at: string;
}

export interface ControlTest {
  id: string;
  control: string;
  title?: string;
  procedure: string;
  attributes: Attribute[];
  sample_id?: string;
  population_id?: string;
  /** "95%": what the sample is evaluated at. */
  confidence?: string;
  /** "5%": the tolerable deviation rate. */
  tolerable?: string;
  cells: Record<string, Cell>;
  /** The population columns the grid shows; absent for the defaults. */
  columns?: number[];
  preparer?: SignOff;
  reviewer?: SignOff;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface TestInput {
  control: string;
  title?: string;
  procedure: string;
  attributes: Attribute[];
  sample_id?: string;
  confidence?: string;
  tolerable?: string;
}

export interface AttributeSummary {
  id: string;
  pass: number;
  exception: number;
  not_applicable: number;
  pending: number;
  items: number[];
}

export interface TestSummary {
  sample_size: number;
  cells: number;
  pending: number;
  complete: boolean;
  exceptions: number;
  deviations: number;
  deviating: number[];
  by_attribute: AttributeSummary[];
  conclusion: string;
}

export interface SampleHeader {
  id: string;
  population_id: string;
  population_hash: string;
  population_name?: string;
  method: SampleMethod;
  algorithm: string;
  seed?: string;
  size: number;
}

export interface GridRow {
  item: SampleItem;
  cells: Cell[];
  /** The item's cells in the view's columns, from the frozen population. */
  values: string[];
}

export interface TestView {
  test: ControlTest;
  sample?: SampleHeader;
  grid: GridRow[];
  summary: TestSummary;
  /** The population columns shown of each sampled row: the test's choice, or key, date and two more. */
  columns: PopulationColumn[];
  /** Every header of the population, to choose the columns from. */
  headers: string[];
}

export interface TestRow {
  id: string;
  control: string;
  title?: string;
  sample_id?: string;
  attributes: number;
  sample_size: number;
  deviations: number;
  complete: boolean;
  conclusion: string;
  preparer?: SignOff;
  reviewer?: SignOff;
}

export type SignOffRole = 'preparer' | 'reviewer';

/** Lists the Go side may send as null. */
function testView(v: TestView): TestView {
  return {
    ...v,
    test: { ...v.test, attributes: v.test.attributes ?? [], cells: v.test.cells ?? {} },
    grid: (v.grid ?? []).map((r) => ({ ...r, cells: r.cells ?? [], values: r.values ?? [] })),
    columns: v.columns ?? [],
    headers: v.headers ?? [],
  };
}

function sample(s: Sample): Sample {
  return { ...s, items: s.items ?? [], sizes: s.sizes ?? [] };
}

export const testing = {
  preview: async (engagementID: string, evidenceID: string, sheet: string, headerRow: number): Promise<PopulationPreview> => {
    const p = await call<PopulationPreview>('app.Testing.PreviewPopulation', engagementID, evidenceID, sheet, headerRow);
    return { ...p, rows: p.rows ?? [], columns: p.columns ?? [], sheets: p.sheets ?? [] };
  },
  /** Starts a job reading the population; its result is a Population. */
  createPopulation: (engagementID: string, options: PopulationOptions) =>
    call<Job<Population>>('app.Testing.CreatePopulation', engagementID, options),
  populations: async (engagementID: string) =>
    (await call<Population[] | null>('app.Testing.Populations', engagementID)) ?? [],
  population: (engagementID: string, id: string) => call<Population>('app.Testing.Population', engagementID, id),
  rows: async (engagementID: string, id: string, offset: number, limit: number): Promise<RowPage> => {
    const p = await call<RowPage>('app.Testing.PopulationRows', engagementID, id, offset, limit);
    return { rows: p?.rows ?? [], total: p?.total ?? 0, offset: p?.offset ?? offset };
  },
  draw: async (engagementID: string, populationID: string, input: SampleInput) =>
    sample(await call<Sample>('app.Testing.DrawSample', engagementID, populationID, input)),
  extend: async (engagementID: string, sampleID: string, size: number, picks: Pick[] = []) =>
    sample(await call<Sample>('app.Testing.ExtendSample', engagementID, sampleID, size, picks)),
  /** populationID '' lists every sample of the engagement. */
  samples: async (engagementID: string, populationID = '') =>
    ((await call<Sample[] | null>('app.Testing.Samples', engagementID, populationID)) ?? []).map(sample),
  sample: async (engagementID: string, id: string) => sample(await call<Sample>('app.Testing.Sample', engagementID, id)),
  /** Draws the sample again from its seed: true when the same items come out. */
  redraw: (engagementID: string, id: string) => call<boolean>('app.Testing.RedrawSample', engagementID, id),
  createTest: async (engagementID: string, input: TestInput) =>
    testView(await call<TestView>('app.Testing.CreateTest', engagementID, input)),
  updateTest: async (engagementID: string, id: string, input: TestInput) =>
    testView(await call<TestView>('app.Testing.UpdateTest', engagementID, id, input)),
  /** item is the sample item's number (from 1), attr its letter; result '' clears it. */
  setCell: async (engagementID: string, testID: string, item: number, attr: string, result: CellResult, note: string) =>
    testView(await call<TestView>('app.Testing.SetCell', engagementID, testID, item, attr, result, note)),
  pin: async (engagementID: string, testID: string, item: number, attr: string, pin: CellPin) =>
    testView(await call<TestView>('app.Testing.PinToCell', engagementID, testID, item, attr, pin)),
  unpin: async (engagementID: string, testID: string, item: number, attr: string, index: number) =>
    testView(await call<TestView>('app.Testing.UnpinFromCell', engagementID, testID, item, attr, index)),
  /** The population columns (indexes from 0) the grid shows of each sampled row; [] restores the defaults. */
  setColumns: async (engagementID: string, testID: string, columns: number[]) =>
    testView(await call<TestView>('app.Testing.SetTestColumns', engagementID, testID, columns)),
  signOff: async (engagementID: string, testID: string, role: SignOffRole) =>
    testView(await call<TestView>('app.Testing.SignOff', engagementID, testID, role)),
  /** control '' lists every test. */
  tests: async (engagementID: string, control = '') =>
    (await call<TestRow[] | null>('app.Testing.Tests', engagementID, control)) ?? [],
  test: async (engagementID: string, id: string) => testView(await call<TestView>('app.Testing.Test', engagementID, id)),
};

