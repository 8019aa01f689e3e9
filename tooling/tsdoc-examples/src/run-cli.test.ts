import { expect } from 'vitest';
import { describeExamples, prints } from './run-examples.js';

describeExamples('cli', {
  'cli/run-cli.ts:runCli': prints([0, 'wrote out.mcap: 7 topics × 1800 samples, 8 segments, seed 0\n']),
  'cli/pipeline/run-pipeline.ts:runPipeline': ([line]) => expect(line?.[0]).toBeGreaterThanOrEqual(0),
});
