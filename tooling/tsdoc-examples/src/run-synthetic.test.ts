import { expect } from 'vitest';
import { describeExamples, printsError } from './run-examples.js';

describeExamples('synthetic', {
  'synthetic/invalid-option-error.ts:InvalidOptionError': printsError('seed'),
  'synthetic/generation/recording-size.ts:RecordingSizeError': printsError('--duration'),
  'synthetic/node/read-plan-file.ts:PlanFileError': printsError('missing.json'),
  'synthetic/plan/validate-plan.ts:PlanValidationError': (printed) => expect(printed).toHaveLength(1),
});
