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

/** Why a file could not be used, by Node's error code. */
const FILE_ERROR_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, expected a file',
  ENOTDIR: 'a part of the path is not a folder',
  EMFILE: 'too many open files',
};

/**
 * A file or folder the command names cannot be opened, read or written: missing, a folder where a file is expected,
 * no permission. Exit code 1.
 */
export class CliFileError extends TscError {
  /**
   * @param file - the path as the command received it.
   * @param operation - the system call that failed, e.g. `open`, `scandir`.
   * @param code - Node's error code, e.g. `ENOENT`.
   */
  constructor(
    readonly file: string,
    readonly operation: string,
    readonly code: string,
    options: { cause?: unknown } = {},
  ) {
    super(`cannot ${operation} ${file}: ${FILE_ERROR_REASONS[code] ?? code} (${code})`, options);
  }

  /** The Node file-system error `error` as a `CliFileError`, or `undefined` when it is not one. */
  static fromNodeError(error: unknown): CliFileError | undefined {
    const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
    if (typeof code !== 'string' || typeof path !== 'string' || !(code in FILE_ERROR_REASONS)) return undefined;
    return new CliFileError(path, typeof syscall === 'string' ? syscall : 'open', code, { cause: error });
  }
}
