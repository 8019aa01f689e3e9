/** Options of {@link logWithFloor}. */
export interface LogWithFloorOptions {
  /** Values below the floor are raised to it before the logarithm. Defaults to float32 epsilon, 1.1920928955078125e-7. */
  floor?: number;
  /** Natural log (`e`, Kaldi), `10` (`10·log10`, decibels of a power) or `2`. Defaults to `e`. */
  base?: 'e' | '10' | '2';
}

/** float32 machine epsilon, the log floor of Kaldi fbank and the HF AST extractor. */
export const FLOAT32_EPSILON = 1.1920928955078125e-7;

/**
 * Logarithm with a floor, in place: `data[i] ← log(max(data[i], floor))`; with `base: '10'` decibels
 * (`10·log10`).
 *
 * @param data - Values (power or magnitude), replaced by their logarithm.
 * @returns `data`.
 */
export function logWithFloor<T extends Float32Array | Float64Array>(
  data: T,
  { floor = FLOAT32_EPSILON, base = 'e' }: LogWithFloorOptions = {},
): T {
  const factor = base === '10' ? 10 / Math.LN10 : base === '2' ? 1 / Math.LN2 : 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    data[i] = factor * Math.log(v > floor ? v : floor);
  }
  return data;
}
