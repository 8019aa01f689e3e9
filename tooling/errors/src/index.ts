const marker = Symbol.for('tsc.error');

/** Options every {@link TscError} accepts. */
export interface TscErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The base of every error thrown by an `@tsc/*` package.
 *
 * Each package bundles its own copy of this class. `error instanceof TscError` and `TscError.isInstance(error)`
 * both recognise errors from every copy through a `Symbol.for('tsc.error')` marker, so they keep working when an
 * error thrown by one package is caught by code that imported `TscError` from another, or when an application ends
 * up with several versions of a package. `instanceof` a subclass (`McapFormatError`, …) keeps its ordinary meaning:
 * the error was made by that very class.
 *
 * @example
 * ```ts
 * import { TscError } from '@tsc/synthetic';
 * import { readRecordingFile } from '@tsc/mcap-utils/node';
 *
 * try {
 *   await readRecordingFile('missing.mcap');
 * } catch (error) {
 *   if (error instanceof TscError) console.error(error.name, error.message);
 * }
 * ```
 */
export class TscError extends Error {
  /** The marker `TscError.isInstance` looks for. @internal */
  readonly [marker] = true;

  constructor(message: string, options: TscErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }

  /** Whether `error` is a `TscError` from any copy of any `@tsc/*` package. */
  static isInstance(error: unknown): error is TscError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /**
   * `instanceof TscError` is {@link TscError.isInstance}: true for errors from every copy of the class. For a
   * subclass it is the ordinary prototype check.
   */
  static override [Symbol.hasInstance](instance: unknown): boolean {
    // `this` is the class on the right of `instanceof`: TscError itself or a subclass inheriting this method.
    // biome-ignore lint/complexity/noThisInStatic: the class asked about, not necessarily TscError
    if (this === TscError) return TscError.isInstance(instance);
    // biome-ignore lint/complexity/noThisInStatic: the subclass asked about
    return Function.prototype[Symbol.hasInstance].call(this, instance);
  }
}
