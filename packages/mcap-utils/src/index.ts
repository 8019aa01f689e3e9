export { TscError } from '@tsc/errors';
