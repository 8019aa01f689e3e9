import { describeFound } from './describe-found.js';
import { TscError } from './tsc-error.js';

/** Options of {@link InvalidArgumentError}. */
export interface InvalidArgumentErrorOptions {
  /** The file the value came from, when it came from one; it leads the message. Defaults to none. */
  file?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * A value the caller passed (an argument, an option, a field of an input object or of a file) is not what the
 * function needs. The one shape of every such error in the `@tsc/*` packages: `field`, `expected`, `found`,
 * rendered `[file: ]field: expected <expected>, found <found>` (the found value by `describeFound`). The
 * packages' own argument errors (`AstInputError`, `InvalidOptionError`, `SpectrogramOptionsError`,
 * `PlanValidationError`, …) are subclasses, so `InvalidArgumentError.isInstance(error)` recognises them all.
 *
 * @example
 * ```ts
 * import { InvalidArgumentError } from '@tsc/mcap-utils';
 * import { checkDistinctOutputs } from '@tsc/mcap-utils/node';
 *
 * try {
 *   checkDistinctOutputs([
 *     { name: '--output', path: 'a.mcap' },
 *     { name: '--labels', path: 'a.mcap' },
 *   ]);
 * } catch (error) {
 *   if (error instanceof InvalidArgumentError) console.log(error.field, error.expected); // --labels a path other than --output's
 * }
 * ```
 */
export class InvalidArgumentError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.InvalidArgumentError');

  /** The file the value came from, when it came from one. */
  readonly file: string | undefined;

  constructor(
    /** The argument, option or field at fault, e.g. `recording.topics.mag_raw.values` or `segments[3].duration_s`; empty for the whole input. */
    readonly field: string,
    /** What was expected, in words, e.g. `an integer ≥ 1`. */
    readonly expected: string,
    /** The value found (`undefined` when it is missing). */
    readonly found: unknown,
    { file, cause }: InvalidArgumentErrorOptions = {},
  ) {
    const where = `${file === undefined ? '' : `${file}: `}${field === '' ? '<root>' : field}`;
    super(`${where}: expected ${expected}, found ${describeFound(found)}`, { cause });
    this.file = file;
  }

  /** The argument at fault: {@link InvalidArgumentError.field} (the name `@tsc/mcap-utils` used). @deprecated Use `field`. */
  get argument(): string {
    return this.field;
  }
}
