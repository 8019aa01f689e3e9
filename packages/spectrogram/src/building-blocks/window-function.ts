import { checkInteger, checkOneOf } from '../errors.js';

/** Names of the window functions {@link windowFunction} knows. */
export type WindowName = 'hann' | 'hamming' | 'povey' | 'rectangular';

/** The window names, in a fixed order (for validation and docs). */
export const WINDOW_NAMES: readonly WindowName[] = ['hann', 'hamming', 'povey', 'rectangular'];

/** Options of {@link windowFunction}. */
export interface WindowFunctionOptions {
  /**
   * Periodic (DFT-even, denominator `length`, as `torch.hann_window(n)` and for spectral analysis) or
   * symmetric (denominator `length − 1`, as Kaldi and `periodic=False`). Defaults to `false` (symmetric).
   * Ignored for `rectangular`.
   */
  periodic?: boolean;
}

/**
 * The coefficients of a window function.
 *
 * - `hann`: 0.5 − 0.5·cos(2πn/D)
 * - `hamming`: 0.54 − 0.46·cos(2πn/D)
 * - `povey`: Kaldi's window, `hann^0.85`
 * - `rectangular`: all ones
 *
 * with D = length − 1 (symmetric) or length (periodic). A symmetric window of length 1 is `[1]`.
 *
 * @param name - The window: `hann`, `hamming`, `povey` or `rectangular`.
 * @param length - Number of coefficients (samples), ≥ 1.
 * @returns A new `Float32Array` of `length` coefficients.
 * @throws {@link SpectrogramOptionsError} on an unknown name or a length below 1.
 *
 * @example
 * ```ts
 * import { windowFunction } from '@tsc/spectrogram';
 *
 * console.log(windowFunction('hann', 4, { periodic: true })); // Float32Array [0, 0.5, 1, 0.5]
 * ```
 */
export function windowFunction(name: WindowName, length: number, { periodic = false }: WindowFunctionOptions = {}) {
  return computeWindow(name, length, periodic, Float32Array);
}

/** Same as {@link windowFunction}, in double precision (used internally by the transforms). @internal */
export function windowFunction64(name: WindowName, length: number, periodic: boolean): Float64Array {
  return computeWindow(name, length, periodic, Float64Array);
}

function computeWindow<T extends Float32Array | Float64Array>(
  name: WindowName,
  length: number,
  periodic: boolean,
  Type: { new (length: number): T },
): T {
  checkOneOf('window', name, WINDOW_NAMES);
  checkInteger('length', length, 1);
  const out = new Type(length);
  const denominator = periodic ? length : length - 1;
  if (name === 'rectangular' || denominator === 0) {
    out.fill(1);
    return out;
  }
  const step = (2 * Math.PI) / denominator;
  for (let n = 0; n < length; n++) {
    const c = Math.cos(step * n);
    if (name === 'hamming') out[n] = 0.54 - 0.46 * c;
    else {
      const hann = 0.5 - 0.5 * c;
      out[n] = name === 'povey' ? hann ** 0.85 : hann;
    }
  }
  return out;
}
