import { describeExamples } from './run-examples.js';

describeExamples('mcap-utils');
