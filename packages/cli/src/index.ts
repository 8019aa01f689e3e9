export { TscError } from '@tsc/errors';
export { createProgram, version } from './program.js';
