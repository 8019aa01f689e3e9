export { describeFound } from './describe-found.js';
export { FileWriteError } from './file-write-error.js';
export type { InvalidArgumentDescription, InvalidArgumentErrorOptions } from './invalid-argument-error.js';
export { describeInvalidArgument, InvalidArgumentError } from './invalid-argument-error.js';
export type { TscErrorOptions } from './tsc-error.js';
export { TscError } from './tsc-error.js';
