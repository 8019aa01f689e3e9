import { InvalidArgumentError, TscError } from '@tsc/errors';

/**
 * A command line that cannot run as given: a bad option value, a missing file argument. Exit code 2. An
 * {@link InvalidArgumentError} whose `field` is the option or argument as the user typed it (e.g. `--max-steps`):
 * `--max-steps: expected an integer ≥ 1, found "x"`.
 */
export class CliUsageError extends InvalidArgumentError {
  static override readonly marker: symbol = Symbol.for('tsc.error.CliUsageError');
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

/** Options of the {@link CliFileError} constructor. */
export interface CliFileErrorOptions {
  /** The path as the command received it. */
  file: string;
  /** Node's error code when a system call failed, e.g. `ENOENT`. Defaults to none (a check of the CLI's own). */
  code?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * A file or folder the command names cannot be used: missing, a folder where a file is expected (or a file where a
 * folder is), no permission. Exit code 1. An {@link InvalidArgumentError}: `file` is the path, `field` the option
 * or argument that named it (empty when not known), `found` what is there in words; the message reads
 * `<file>: <option>: expected <expected>, found <found>`, e.g.
 * `runs/: --input: expected an MCAP recording, found a folder`.
 */
export class CliFileError extends InvalidArgumentError {
  static override readonly marker: symbol = Symbol.for('tsc.error.CliFileError');

  /** The path as the command received it. */
  declare readonly file: string;
  /** What is at the path, in words, e.g. `a folder`, `nothing at that path (ENOENT)`. */
  declare readonly found: string;
  /** Node's error code when a system call failed, e.g. `ENOENT`; `undefined` for a check of the CLI's own. */
  readonly code: string | undefined;

  /**
   * @param field - the option or argument that named the file, e.g. `--input` or `<file>`; empty when not known.
   * @param expected - what the option needs there, e.g. `a file`, `a model folder (tscls train)`.
   * @param found - what is there, in words, e.g. `a folder`, `nothing at that path (ENOENT)`.
   * @param options - the path, Node's error code and the underlying error.
   */
  constructor(field: string, expected: string, found: string, { file, code, cause }: CliFileErrorOptions) {
    super(field, expected, found, { file, foundText: found, cause });
    this.code = code;
  }

  /** The Node file-system error `error` as a `CliFileError`, or `undefined` when it is not one. */
  static fromNodeError(error: unknown): CliFileError | undefined {
    const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
    if (typeof code !== 'string' || typeof path !== 'string' || !(code in FILE_ERROR_FINDINGS)) return undefined;
    const operation = typeof syscall === 'string' ? syscall : 'open';
    const found = `${FILE_ERROR_FINDINGS[code]} (${code})`;
    return new CliFileError('', `a path the command can ${operation}`, found, { file: path, code, cause: error });
  }
}
