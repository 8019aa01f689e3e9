import FFT from 'fft.js';
import { checkInteger, SpectrogramOptionsError } from '../errors.js';

/**
 * A reusable real-input FFT of one power-of-two size over `fft.js`, with preallocated buffers:
 * after construction no call allocates.
 *
 * `transform` leaves the spectrum of bins `0 … size/2` in {@link RealFftPlan.spectrum} as interleaved
 * `(re, im)` pairs (`spectrum[2k]`, `spectrum[2k + 1]`), unnormalised (`X_k = Σ x_n e^{−2πikn/N}`).
 *
 * @example
 * ```ts
 * import { RealFftPlan } from '@tsc/spectrogram';
 *
 * const plan = new RealFftPlan(8);
 * const power = new Float64Array(plan.binCount);
 * plan.powerSpectrum(new Float32Array([1, 0, -1, 0, 1, 0, -1, 0]), power);
 * console.log(power); // Float64Array [0, 0, 16, 0, 0]: the cosine at bin 2 has |X_2|² = (N/2)² = 16
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
  /**
   * Input of {@link RealFftPlan.runPair}: two real signals packed as one complex signal, interleaved
   * `(first[n], second[n])`, `2 · size` doubles (zero-padded by the caller).
   */
  readonly pairInput: Float64Array;
  /** Output of {@link RealFftPlan.runPair}: the complex spectrum of `pairInput`, `2 · size` doubles. */
  readonly pairSpectrum: Float64Array;
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
    this.pairInput = new Float64Array(2 * size);
    this.pairSpectrum = new Float64Array(2 * size);
    this.#fft = new FFT(size);
  }

  /**
   * Transforms two real signals at once with one complex FFT (the classic packing trick, ~40% cheaper than two
   * real transforms): fill {@link RealFftPlan.pairInput}, call this, then {@link RealFftPlan.writePowerPair}.
   */
  runPair(): Float64Array {
    this.#fft.transform(this.pairSpectrum, this.pairInput);
    return this.pairSpectrum;
  }

  /**
   * Writes the power spectra `|X_k|²` (bins `0 … size/2`) of both signals of the last {@link RealFftPlan.runPair}:
   * with `Z = FFT(a + i·b)`, `A_k = (Z_k + conj Z_{N−k})/2` and `B_k = (Z_k − conj Z_{N−k})/(2i)`.
   *
   * @param first - Receives the power of the first signal from `firstOffset`.
   * @param firstOffset - Offset in `first`.
   * @param second - Receives the power of the second signal from `secondOffset`.
   * @param secondOffset - Offset in `second`.
   */
  writePowerPair(
    first: Float32Array | Float64Array,
    firstOffset: number,
    second: Float32Array | Float64Array,
    secondOffset: number,
  ): void {
    const z = this.pairSpectrum;
    const n = this.size;
    for (let k = 0, bins = this.binCount; k < bins; k++) {
      const j = k === 0 ? 0 : n - k;
      const zr = z[2 * k]!;
      const zi = z[2 * k + 1]!;
      const nr = z[2 * j]!;
      const ni = z[2 * j + 1]!;
      const ar = zr + nr;
      const ai = zi - ni;
      const br = zi + ni;
      const bi = zr - nr;
      first[firstOffset + k] = 0.25 * (ar * ar + ai * ai);
      second[secondOffset + k] = 0.25 * (br * br + bi * bi);
    }
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

/** The smallest power of two ≥ `n` (n ≥ 1). @internal */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
