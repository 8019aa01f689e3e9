const baseMarker = Symbol.for('tsc.error');

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
 * up with several versions of a package.
 *
 * Every error class declares its own marker (`static override readonly marker = Symbol.for('tsc.error.<Name>')`),
 * and every instance carries the markers of its class and of each class above it. `SomeError.isInstance(error)`
 * tests for `SomeError`'s marker, so it too recognises errors made by any copy of the class, and of its subclasses.
 * `instanceof` a subclass (`McapFormatError`, …) keeps its ordinary meaning: the error was made by that very class
 * (or a subclass of it).
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
  /**
   * The marker of this class: `Symbol.for('tsc.error')` here, `Symbol.for('tsc.error.<ClassName>')` on every
   * subclass. Instances carry it (and those of the classes above theirs) as a property set to `true`.
   */
  static readonly marker: symbol = baseMarker;

  /** The marker `TscError.isInstance` looks for. @internal */
  readonly [baseMarker] = true;

  constructor(message: string, options: TscErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    for (let type: unknown = new.target; type !== TscError; type = Object.getPrototypeOf(type)) {
      if (typeof type !== 'function') break;
      if (Object.hasOwn(type, 'marker')) (this as Record<symbol, unknown>)[(type as typeof TscError).marker] = true;
    }
  }

  /**
   * Whether `error` is an instance of this class (`TscError`, or the subclass it is called on) from any copy of
   * any `@tsc/*` package, by the class's marker. A subclass that declares no marker of its own falls back to the
   * ordinary prototype check.
   *
   * @example
   * ```ts
   * import { InvalidArgumentError, windowFunction } from '@tsc/spectrogram';
   *
   * try {
   *   windowFunction('hann', 0);
   * } catch (error) {
   *   // a SpectrogramOptionsError: every argument error of every package passes this test
   *   if (InvalidArgumentError.isInstance(error)) console.log(error.field, error.expected, error.found); // length an integer ≥ 1 0
   * }
   * ```
   */
  static isInstance<T extends abstract new (...args: never[]) => unknown>(
    this: T,
    error: unknown,
  ): error is InstanceType<T> {
    // biome-ignore lint/complexity/noThisInStatic: the class asked about: TscError or the subclass it is called on
    return isInstanceOf(this, error);
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

/** Whether `error` carries the marker of `type` (a {@link TscError} class), or, if `type` has none of its own, is its instance. */
function isInstanceOf(type: object, error: unknown): boolean {
  if (!Object.hasOwn(type, 'marker')) return Function.prototype[Symbol.hasInstance].call(type, error);
  const marker = (type as typeof TscError).marker;
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
}
