import { describeExamples, prints } from './run-examples.js';

// The examples of the private packages the published ones bundle (see BUNDLED_TOOLING), importing the published ones.

describeExamples('errors', {
  'errors/invalid-argument-error.ts:InvalidArgumentError': prints(['--labels', "a path other than --output's"]),
  'errors/file-write-error.ts:FileWriteError': prints(['out.txt', 'EISDIR']),
  'errors/tsc-error.ts:isInstance': prints(['length', 'an integer ≥ 1', 0]),
});

describeExamples('shared');
