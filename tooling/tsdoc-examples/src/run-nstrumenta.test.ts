import { describeExamples } from './run-examples.js';

describeExamples('nstrumenta');
