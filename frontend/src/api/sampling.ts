import { call } from './transport';
import type * as models from './models';

// Rates go in as written ("95%" or "0.95") and come back as fractions.

export type SizeFrequency = 'annual' | 'quarterly' | 'monthly' | 'weekly' | 'daily' | 'multiple-daily';
export const sizeFrequencies: SizeFrequency[] = ['annual', 'quarterly', 'monthly', 'weekly', 'daily', 'multiple-daily'];
export type ControlRisk = 'lower' | 'higher';

export type AttributeSizeInput = models.app.AttributeSizeInput;
export type AttributeSize = models.app.AttributeSize;
export type FrequencySizeInput = models.app.FrequencySizeInput;
export type FrequencySize = models.app.FrequencySize;
export type EvaluationInput = models.app.EvaluationInput;
export type Evaluation = models.app.Evaluation;

export const sampling = {
  attributeSize: (input: AttributeSizeInput) => call<AttributeSize>('app.Sampling.AttributeSize', input),
  frequencySize: (input: FrequencySizeInput) => call<FrequencySize>('app.Sampling.FrequencySize', input),
  evaluate: (input: EvaluationInput) => call<Evaluation>('app.Sampling.Evaluate', input),
};
