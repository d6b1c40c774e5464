import { call } from './transport';

// Types mirror the JSON of app.Sampling and backend/sampling (snake_case).
// Rates go in as written ("95%" or "0.95") and come back as fractions.

export type SizeFrequency = 'annual' | 'quarterly' | 'monthly' | 'weekly' | 'daily' | 'multiple-daily';
export const sizeFrequencies: SizeFrequency[] = ['annual', 'quarterly', 'monthly', 'weekly', 'daily', 'multiple-daily'];
export type ControlRisk = 'lower' | 'higher';

export interface AttributeSizeInput {
  confidence: string;
  tolerable: string;
  expected_rate?: string;
  expected_deviations?: number;
  /** 0 or absent for a large population. */
  population?: number;
}

export interface AttributeSize {
  sample_size: number;
  expected_deviations: number;
  method: 'binomial' | 'hypergeometric';
  confidence: number;
  risk_of_overreliance: number;
  tolerable_rate: number;
  expected_rate: number | null;
  population: number | null;
  deviating_items: number | null;
  achieved_risk: number;
  too_large: boolean;
  explanation: string;
  /** What `auditroom sample size` prints. */
  text: string;
}

export interface FrequencySizeInput {
  frequency: SizeFrequency;
  risk: ControlRisk;
  period_start?: string;
  period_end?: string;
  /** Pro-rate a period shorter than 12 months: without it the table applies as it is. */
  pro_rate?: boolean;
}

export interface FrequencySize {
  sample_size: number;
  method: 'frequency';
  frequency: string;
  risk: string;
  table_size: number;
  period_start?: string;
  period_end?: string;
  period_days?: number;
  occurrences_per_year: number;
  occurrences_in_period?: number;
  pro_rated: boolean;
  explanation: string;
  text: string;
}

export interface EvaluationInput {
  sample_size: number;
  deviations: number;
  confidence: string;
  tolerable?: string;
}

export interface Evaluation {
  sample_size: number;
  deviations: number;
  confidence: number;
  sample_deviation_rate: number;
  /** Rounded up to 0.1%, as the AICPA tables print it. */
  upper_deviation_limit: number;
  upper_deviation_limit_exact: number;
  tolerable_rate: number | null;
  supports_reliance: boolean | null;
  size_needed: number | null;
  conclusion: string;
  /** What `auditroom sample evaluate` prints. */
  text: string;
}

export const sampling = {
  attributeSize: (input: AttributeSizeInput) => call<AttributeSize>('app.Sampling.AttributeSize', input),
  frequencySize: (input: FrequencySizeInput) => call<FrequencySize>('app.Sampling.FrequencySize', input),
  evaluate: (input: EvaluationInput) => call<Evaluation>('app.Sampling.Evaluate', input),
};
