import { describeFound } from './describe-found.js';
import { TscError } from './tsc-error.js';

/** Options of {@link InvalidArgumentError}. */
export interface InvalidArgumentErrorOptions {
  /** The file the value came from, or the file at fault, when there is one; it leads the message. Defaults to none. */
  file?: string | undefined;
  /**
   * The found value in words, for a message where words say it better than the value (e.g. `a folder` for a path
   * that names a folder). Defaults to `describeFound(found)`.
   */
  foundText?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * A value the caller passed (an argument, an option, a field of an input object or of a file) is not what the
 * function needs. The one shape of every such error in the `@tsc/*` packages: `field`, `expected`, `found`,
 * rendered one way: `[file: ]field: expected <expected>, found <found>` (the found value
 * by `describeFound`; the field left out when the whole file is at fault, `<root>` for a whole input without a file). The
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
    { file, foundText, cause }: InvalidArgumentErrorOptions = {},
  ) {
    super(describeInvalidArgument({ field, expected, found, file, foundText }), { cause });
    this.file = file;
  }
}

/** What {@link describeInvalidArgument} renders: the fields of an {@link InvalidArgumentError}. */
export interface InvalidArgumentDescription {
  /** The argument, option or field at fault; empty for the whole input. */
  field: string;
  /** What was expected, in words. */
  expected: string;
  /** The value found (`undefined` when it is missing). */
  found: unknown;
  /** The file the value came from, or the file at fault. Defaults to none. */
  file?: string | undefined;
  /** The found value in words. Defaults to `describeFound(found)`. */
  foundText?: string | undefined;
}

/**
 * The one rendering of a bad argument, option or field in the `@tsc/*` packages:
 * `[file: ]field: expected <expected>, found <found>`, e.g. `plan.json: segments[3].duration_s: expected a number
 * > 0, found 0`. An empty `field` is left out when a file is named (the whole file is at fault) and reads `<root>`
 * otherwise (the whole input). The found value is shown by `describeFound` unless `foundText` says it in words.
 */
export function describeInvalidArgument({
  field,
  expected,
  found,
  file,
  foundText,
}: InvalidArgumentDescription): string {
  const where = [file, field === '' && file === undefined ? '<root>' : field].filter(
    (part) => part !== undefined && part !== '',
  );
  return `${where.join(': ')}: expected ${expected}, found ${foundText ?? describeFound(found)}`;
}
