import FFT from 'fft.js';
import { checkInteger, SpectrogramOptionsError } from './errors.js';

/**
 * A reusable real-input FFT of one power-of-two size over `fft.js`, with preallocated buffers:
 * after construction no call allocates.
 *
 * `transform` leaves the spectrum of bins `0 … size/2` in {@link RealFftPlan.spectrum} as interleaved
 * `(re, im)` pairs (`spectrum[2k]`, `spectrum[2k + 1]`), unnormalised (`X_k = Σ x_n e^{−2πikn/N}`).
 *
 * @example
 * ```ts
 * const plan = new RealFftPlan(8);
 * const power = new Float64Array(plan.binCount);
 * plan.powerSpectrum(new Float32Array([1, 0, -1, 0, 1, 0, -1, 0]), power);
 * // power = [0, 0, 16, 0, 0]: the cosine at bin 2 has |X_2|² = (N/2)² = 16
 * ```
 */
export class RealFftPlan {
  /** The transform length (a power of two, ≥ 2). */
  readonly size: number;
  /** Number of non-redundant bins, `size / 2 + 1`. */
  readonly binCount: number;
  /** The last spectrum: `2 · size` doubles, bins `0 … size/2` as interleaved `(re, im)`. */
  readonly spectrum: Float64Array;
  /** The zero-padded input buffer the next transform reads; fill it and call {@link RealFftPlan.run}. */
  readonly input: Float64Array;
  readonly #fft: FFT;

  /**
   * @param size - The transform length: a power of two ≥ 2.
   * @throws {@link SpectrogramOptionsError} if `size` is not a power of two ≥ 2.
   */
  constructor(size: number) {
    checkInteger('size', size, 2);
    if ((size & (size - 1)) !== 0) throw new SpectrogramOptionsError('size', 'a power of two ≥ 2', size);
    this.size = size;
    this.binCount = size / 2 + 1;
    this.spectrum = new Float64Array(2 * size);
    this.input = new Float64Array(size);
    this.#fft = new FFT(size);
  }

  /** Transforms the current contents of {@link RealFftPlan.input} into {@link RealFftPlan.spectrum}. */
  run(): Float64Array {
    this.#fft.realTransform(this.spectrum, this.input);
    return this.spectrum;
  }

  /**
   * Copies `length` samples of `signal` from `offset` into the input buffer (zero-padding the rest) and
   * transforms them.
   *
   * @param signal - The samples.
   * @param offset - First sample to read. Defaults to 0.
   * @param length - Samples to read, ≤ `size`. Defaults to `min(size, signal.length − offset)`.
   * @returns {@link RealFftPlan.spectrum}.
   */
  transform(signal: ArrayLike<number>, offset = 0, length = Math.min(this.size, signal.length - offset)): Float64Array {
    const input = this.input;
    if (length > this.size) throw new SpectrogramOptionsError('length', `at most ${this.size}`, length);
    for (let i = 0; i < length; i++) input[i] = signal[offset + i]!;
    input.fill(0, length);
    return this.run();
  }

  /**
   * Power spectrum `|X_k|²` of `signal` (zero-padded to `size`) into `out[outOffset … outOffset + binCount)`.
   *
   * @param signal - The samples (at most `size` are read).
   * @param out - Receives `binCount` values.
   * @param outOffset - Where to write in `out`. Defaults to 0.
   */
  powerSpectrum(signal: ArrayLike<number>, out: Float32Array | Float64Array, outOffset = 0): void {
    this.transform(signal);
    this.writePower(out, outOffset);
  }

  /**
   * Magnitude spectrum `|X_k|` of `signal` (zero-padded to `size`) into `out[outOffset … outOffset + binCount)`.
   *
   * @param signal - The samples (at most `size` are read).
   * @param out - Receives `binCount` values.
   * @param outOffset - Where to write in `out`. Defaults to 0.
   */
  magnitudeSpectrum(signal: ArrayLike<number>, out: Float32Array | Float64Array, outOffset = 0): void {
    this.transform(signal);
    this.writeMagnitude(out, outOffset);
  }

  /** Writes `|X_k|²` of the last spectrum into `out` from `outOffset`. */
  writePower(out: Float32Array | Float64Array, outOffset = 0): void {
    const s = this.spectrum;
    for (let k = 0, n = this.binCount; k < n; k++) {
      const re = s[2 * k]!;
      const im = s[2 * k + 1]!;
      out[outOffset + k] = re * re + im * im;
    }
  }

  /** Writes `|X_k|` of the last spectrum into `out` from `outOffset`. */
  writeMagnitude(out: Float32Array | Float64Array, outOffset = 0): void {
    const s = this.spectrum;
    for (let k = 0, n = this.binCount; k < n; k++) {
      const re = s[2 * k]!;
      const im = s[2 * k + 1]!;
      out[outOffset + k] = Math.sqrt(re * re + im * im);
    }
  }
}

/** The smallest power of two ≥ `n` (n ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
