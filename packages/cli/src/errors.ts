import { TscError } from '@tsc/errors';

/** A command line that cannot run as given: a bad option value, a missing file argument. Exit code 2. */
export class CliUsageError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.CliUsageError');
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
export class CliCommandError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.CliCommandError');
}

/** What a Node file-system error found, by its code. */
const FILE_ERROR_FINDINGS: Readonly<Record<string, string>> = {
  ENOENT: 'nothing at that path',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'a folder',
  ENOTDIR: 'a file where a folder belongs',
  EMFILE: 'too many open files',
};

/**
 * A file or folder the command names cannot be used: missing, a folder where a file is expected (or a file where a
 * folder is), no permission. Exit code 1. The message reads `<option> <file>: expected <expected>, found <found>`,
 * e.g. `--input runs/: expected an MCAP recording, found a folder`.
 */
export class CliFileError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.CliFileError');

  /** The option or argument that named the file, e.g. `--input` or `<file>`; `undefined` when not known. */
  readonly option: string | undefined;
  /** Node's error code when a system call failed, e.g. `ENOENT`; `undefined` for a check of the CLI's own. */
  readonly code: string | undefined;

  /**
   * @param file - the path as the command received it.
   * @param expected - what the option needs there, e.g. `a file`, `a model folder (tscls train)`.
   * @param found - what is there, e.g. `a folder`, `nothing at that path (ENOENT)`.
   * @param options - the option that named the file, Node's error code and the underlying error.
   */
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
    options: { option?: string; code?: string; cause?: unknown } = {},
  ) {
    super(`${options.option === undefined ? '' : `${options.option} `}${file}: expected ${expected}, found ${found}`, {
      cause: options.cause,
    });
    this.option = options.option;
    this.code = options.code;
  }

  /** The Node file-system error `error` as a `CliFileError`, or `undefined` when it is not one. */
  static fromNodeError(error: unknown): CliFileError | undefined {
    const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
    if (typeof code !== 'string' || typeof path !== 'string' || !(code in FILE_ERROR_FINDINGS)) return undefined;
    const operation = typeof syscall === 'string' ? syscall : 'open';
    return new CliFileError(path, `a path the command can ${operation}`, `${FILE_ERROR_FINDINGS[code]} (${code})`, {
      code,
      cause: error,
    });
  }
}
