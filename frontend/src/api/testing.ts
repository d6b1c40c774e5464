import { call } from './transport';
import type { Job } from './types';
import type * as models from './models';

export type PopulationColumn = models.population.Column;
export type PreviewLine = models.population.Line;
/** population.Preview: the first rows from the header row on. */
export type PopulationPreview = models.population.Preview;
export type DateOrder = '' | 'dmy' | 'mdy';
/** population.Options. Columns are named by header or by letter. */
export type PopulationOptions = models.population.Options;
export type PopulationFilter = models.population.Filter;
export type CheckExample = models.population.Example;
export type CheckID = 'count' | 'period' | 'gaps' | 'duplicate_keys' | 'blank_keys' | 'dates' | 'amounts';
export type PopulationCheck = models.population.Check;
export type PopulationChecks = models.population.Checks;
export type Population = models.population.Population;
export type PopulationRow = models.population.Row;
export type RowPage = models.app.RowPage;
/** The name of one of the Go sampling methods (Session.Registry's sampling_methods). */
export type SampleMethod = models.selection.Method;
/** A judgmental pick: the row's index in the population (from 0) and why. */
export type Pick = models.selection.Pick;
export type PlanInput = models.sampling.PlanInput;
export type SamplePlan = models.sampling.Plan;
export type SampleInput = models.app.SampleInput;
export type SampleItem = models.selection.Item;
export type Allocation = models.selection.Allocation;
export type Sample = models.selection.Sample;
/** A cell's result; '' clears it. */
export type CellResult = '' | 'pass' | 'exception' | 'not_applicable';
/** Where in an evidence file a cell's result comes from. */
export type CellPin = models.controltest.Pin;
export type Cell = models.controltest.Cell;
export type Attribute = models.controltest.Attribute;
export type SignOff = models.controltest.SignOff;
export type ControlTest = models.controltest.Test;
/** controltest.Input as the form sends it: the Go side letters the attributes. */
export type TestInput = Omit<models.controltest.Input, 'attributes'> & { attributes: AttributeInput[] };
export type AttributeInput = Omit<Attribute, 'id'> & { id?: string };
export type AttributeSummary = models.controltest.AttributeSummary;
export type TestSummary = models.controltest.Summary;
export type SampleHeader = models.readmodel.SampleHeader;
export type GridRow = models.readmodel.GridRow;
export type TestView = models.readmodel.TestView;
export type TestRow = models.readmodel.TestRow;

export type SignOffRole = 'preparer' | 'reviewer';

export const testing = {
  preview: (engagementID: string, evidenceID: string, sheet: string, headerRow: number) =>
    call<PopulationPreview>('app.Testing.PreviewPopulation', engagementID, evidenceID, sheet, headerRow),
  /** Starts a job reading the population; its result is a Population. */
  createPopulation: (engagementID: string, options: PopulationOptions) =>
    call<Job<Population>>('app.Testing.CreatePopulation', engagementID, options),
  populations: (engagementID: string) => call<Population[]>('app.Testing.Populations', engagementID),
  population: (engagementID: string, id: string) => call<Population>('app.Testing.Population', engagementID, id),
  rows: (engagementID: string, id: string, offset: number, limit: number) =>
    call<RowPage>('app.Testing.PopulationRows', engagementID, id, offset, limit),
  draw: (engagementID: string, populationID: string, input: SampleInput) =>
    call<Sample>('app.Testing.DrawSample', engagementID, populationID, input),
  extend: (engagementID: string, sampleID: string, size: number, picks: Pick[] = []) =>
    call<Sample>('app.Testing.ExtendSample', engagementID, sampleID, size, picks),
  /** populationID '' lists every sample of the engagement. */
  samples: (engagementID: string, populationID = '') => call<Sample[]>('app.Testing.Samples', engagementID, populationID),
  sample: (engagementID: string, id: string) => call<Sample>('app.Testing.Sample', engagementID, id),
  /** Draws the sample again from its seed: true when the same items come out. */
  redraw: (engagementID: string, id: string) => call<boolean>('app.Testing.RedrawSample', engagementID, id),
  createTest: (engagementID: string, input: TestInput) =>
    call<TestView>('app.Testing.CreateTest', engagementID, input),
  updateTest: (engagementID: string, id: string, input: TestInput) =>
    call<TestView>('app.Testing.UpdateTest', engagementID, id, input),
  /** item is the sample item's number (from 1), attr its letter; result '' clears it. */
  setCell: (engagementID: string, testID: string, item: number, attr: string, result: CellResult, note: string) =>
    call<TestView>('app.Testing.SetCell', engagementID, testID, item, attr, result, note),
  pin: (engagementID: string, testID: string, item: number, attr: string, pin: CellPin) =>
    call<TestView>('app.Testing.PinToCell', engagementID, testID, item, attr, pin),
  unpin: (engagementID: string, testID: string, item: number, attr: string, index: number) =>
    call<TestView>('app.Testing.UnpinFromCell', engagementID, testID, item, attr, index),
  /** The population columns (indexes from 0) the grid shows of each sampled row; [] restores the defaults. */
  setColumns: (engagementID: string, testID: string, columns: number[]) =>
    call<TestView>('app.Testing.SetTestColumns', engagementID, testID, columns),
  signOff: (engagementID: string, testID: string, role: SignOffRole) =>
    call<TestView>('app.Testing.SignOff', engagementID, testID, role),
  /** control '' lists every test. */
  tests: (engagementID: string, control = '') => call<TestRow[]>('app.Testing.Tests', engagementID, control),
  test: (engagementID: string, id: string) => call<TestView>('app.Testing.Test', engagementID, id),
};

