import { describeExamples } from './run-examples.js';

describeExamples('ast-model');
