import { checkInteger, SpectrogramOptionsError } from '../errors.js';
import type { Spectrogram } from './spectrogram.js';

/** Options of {@link frameCount}, {@link readFrame} and {@link frameSignal}. */
export interface FramingOptions {
  /** Samples per frame. */
  frameLength: number;
  /** Samples between frame starts. */
  hopLength: number;
  /**
   * `false` (snip edges, Kaldi): frames lie entirely inside the signal, `1 + ⌊(n − frameLength)/hop⌋` of them.
   * `true` (centred, librosa/torch.stft): frame `t` is centred on sample `t·hop`, the signal is reflect-padded by
   * `⌊frameLength/2⌋`, giving `1 + ⌊n/hop⌋` frames. Defaults to `false`.
   */
  center?: boolean;
}

/**
 * Number of frames of a signal of `signalLength` samples.
 *
 * @param signalLength - Samples in the signal.
 * @returns The frame count (0 when a snip-edges signal is shorter than one frame).
 */
export function frameCount(signalLength: number, { frameLength, hopLength, center = false }: FramingOptions): number {
  checkInteger('frameLength', frameLength, 1);
  checkInteger('hopLength', hopLength, 1);
  if (center) return signalLength > 0 ? 1 + Math.floor(signalLength / hopLength) : 0;
  return signalLength < frameLength ? 0 : 1 + Math.floor((signalLength - frameLength) / hopLength);
}

/**
 * Copies frame `frameIndex` of `signal` into `out[outOffset …]` (`frameLength` samples), without allocating.
 * Centred frames reflect the signal at its ends (`x[−1] = x[1]`), as `torch.stft(center=True)`.
 *
 * @param signal - The signal.
 * @param frameIndex - Which frame.
 * @param out - Receives `frameLength` samples.
 * @param options - Framing options.
 * @param outOffset - Where to write in `out`. Defaults to 0.
 */
export function readFrame(
  signal: ArrayLike<number>,
  frameIndex: number,
  out: Float32Array | Float64Array,
  { frameLength, hopLength, center = false }: FramingOptions,
  outOffset = 0,
): void {
  const n = signal.length;
  if (!center) {
    const start = frameIndex * hopLength;
    for (let i = 0; i < frameLength; i++) out[outOffset + i] = signal[start + i]!;
    return;
  }
  const start = frameIndex * hopLength - Math.floor(frameLength / 2);
  for (let i = 0; i < frameLength; i++) out[outOffset + i] = signal[reflectIndex(start + i, n)]!;
}

/** Reflects an index into `[0, n)` without repeating the edge sample (`−1 → 1`, `n → n − 2`). @internal */
export function reflectIndex(index: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let i = index % period;
  if (i < 0) i += period;
  return i < n ? i : period - i;
}

/**
 * Splits a signal into frames, `[frames, frameLength]` row-major.
 *
 * @param signal - The signal.
 * @returns The frames as a {@link Spectrogram}-shaped array.
 * @throws {@link SpectrogramOptionsError} on a non-integer or non-positive length.
 */
export function frameSignal(signal: Float32Array | Float64Array, options: FramingOptions): Spectrogram {
  if (!(signal instanceof Float32Array || signal instanceof Float64Array)) {
    throw new SpectrogramOptionsError('signal', 'a Float32Array or Float64Array', signal);
  }
  const frames = frameCount(signal.length, options);
  const data = new Float32Array(frames * options.frameLength);
  for (let t = 0; t < frames; t++) readFrame(signal, t, data, options, t * options.frameLength);
  return { data, shape: [frames, options.frameLength] };
}
