import { InvalidArgumentError } from '@tsc/errors';

/**
 * An option or argument of a spectrogram function is out of range or of the wrong kind: `field` (e.g. `melBins`
 * or `window.mag`), `expected` in words, `found`, as every {@link InvalidArgumentError}.
 *
 * @example
 * ```ts
 * import { SpectrogramOptionsError, windowFunction } from '@tsc/spectrogram';
 *
 * try {
 *   windowFunction('hann', 0);
 * } catch (error) {
 *   if (error instanceof SpectrogramOptionsError) console.error(error.field, error.expected, error.found);
 * }
 * ```
 */
export class SpectrogramOptionsError extends InvalidArgumentError {
  static override readonly marker: symbol = Symbol.for('tsc.error.SpectrogramOptionsError');
}

/** Throws {@link SpectrogramOptionsError} unless `value` is an integer in `[min, max]`. @internal */
export function checkInteger(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw new SpectrogramOptionsError(field, range, value);
  }
  return value;
}

/** Throws {@link SpectrogramOptionsError} unless `value` is a finite number in `[min, max]`. @internal */
export function checkNumber(field: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range =
      min === -Infinity && max === Infinity
        ? 'a finite number'
        : max === Infinity
          ? `a finite number ≥ ${min}`
          : min === -Infinity
            ? `a finite number ≤ ${max}`
            : `a finite number in [${min}, ${max}]`;
    throw new SpectrogramOptionsError(field, range, value);
  }
  return value;
}

/** Throws {@link SpectrogramOptionsError} unless `value` is one of `allowed`. @internal */
export function checkOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new SpectrogramOptionsError(field, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value as T;
}

/** Throws {@link SpectrogramOptionsError} unless `value` is a Float32Array or Float64Array. @internal */
export function checkSignal(field: string, value: unknown, minLength = 0): Float32Array | Float64Array {
  if (!(value instanceof Float32Array || value instanceof Float64Array)) {
    throw new SpectrogramOptionsError(field, 'a Float32Array or Float64Array', value);
  }
  if (value.length < minLength) {
    throw new SpectrogramOptionsError(`${field}.length`, `at least ${minLength} samples`, value.length);
  }
  return value;
}
