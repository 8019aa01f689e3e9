import { TscError } from '@tsc/errors';

/** A command line that cannot run as given: a bad option value, a missing file argument. Exit code 2. */
export class CliUsageError extends TscError {
  /**
   * @param option - the option or argument at fault, e.g. `--max-steps`.
   * @param expected - what the option accepts.
   * @param found - what was given.
   */
  constructor(
    readonly option: string,
    readonly expected: string,
    readonly found: unknown,
  ) {
    super(`${option}: expected ${expected}, found ${JSON.stringify(found)}`);
  }
}

/** A step of a command failed for a reason the CLI itself detects (no data, wrong model for the data). Exit code 1. */
export class CliCommandError extends TscError {}
