const marker = Symbol.for('tsc.error');

/** Options every {@link TscError} accepts. */
export interface TscErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The base of every error thrown by an `@tsc/*` package.
 *
 * Each package bundles its own copy of this class; `TscError.isInstance` recognises
 * errors from every copy through a `Symbol.for('tsc.error')` marker, so it keeps working
 * when an application ends up with several versions of a package.
 *
 * @example
 * ```ts
 * try {
 *   await readRecording('missing.mcap');
 * } catch (error) {
 *   if (TscError.isInstance(error)) console.error(error.name, error.message);
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
}
