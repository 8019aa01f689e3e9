import { checkInteger, checkOneOf, checkSignal, SpectrogramOptionsError } from '../errors.js';
import { frameCount, readFrame } from './framing.js';
import { nextPowerOfTwo, RealFftPlan } from './real-fft.js';
import type { Spectrogram } from './spectrogram.js';
import { WINDOW_NAMES, type WindowName, windowFunction64 } from './window-function.js';

/** Options of {@link stft}. */
export interface StftOptions {
  /** Samples per frame. Defaults to 400. */
  frameLength?: number;
  /** Samples between frames. Defaults to 160. */
  hopLength?: number;
  /** FFT length (power of two ≥ frameLength). Defaults to the next power of two of `frameLength`. */
  fftLength?: number;
  /** Window function. Defaults to `hann`. */
  window?: WindowName;
  /** Periodic window (spectral analysis) or symmetric (Kaldi). Defaults to `true`. */
  periodic?: boolean;
  /** Centred frames with reflect padding (`torch.stft(center=True)`) or snip edges. Defaults to `false`. */
  center?: boolean;
  /** `power` (`|X|²`) or `magnitude` (`|X|`). Defaults to `power`. */
  output?: 'power' | 'magnitude';
}

/**
 * Short-time Fourier transform of a real signal: power or magnitude spectra of windowed frames,
 * `[frames, fftLength/2 + 1]`, unnormalised (`X_k = Σ w_n x_n e^{−2πikn/N}`). One FFT plan, no per-frame
 * allocation.
 *
 * @param signal - The samples.
 * @returns The spectrogram.
 * @throws {@link SpectrogramOptionsError} on invalid options.
 *
 * @example
 * ```ts
 * import { stft } from '@tsc/spectrogram';
 *
 * const signal = new Float32Array(512).map((_, n) => Math.sin(n / 3));
 * const spec = stft(signal, { frameLength: 64, hopLength: 8 });
 * console.log(spec.shape); // [57, 33]
 * ```
 */
export function stft(
  signal: Float32Array | Float64Array,
  {
    frameLength = 400,
    hopLength = 160,
    fftLength = nextPowerOfTwo(frameLength),
    window = 'hann',
    periodic = true,
    center = false,
    output = 'power',
  }: StftOptions = {},
): Spectrogram {
  checkSignal('signal', signal);
  checkInteger('frameLength', frameLength, 1);
  checkInteger('hopLength', hopLength, 1);
  checkInteger('fftLength', fftLength, Math.max(2, frameLength));
  if ((fftLength & (fftLength - 1)) !== 0) {
    throw new SpectrogramOptionsError('fftLength', `a power of two ≥ frameLength (${frameLength})`, fftLength);
  }
  checkOneOf('window', window, WINDOW_NAMES);
  checkOneOf('output', output, ['power', 'magnitude'] as const);
  const framing = { frameLength, hopLength, center };
  const frames = frameCount(signal.length, framing);
  const plan = new RealFftPlan(fftLength);
  const coefficients = windowFunction64(window, frameLength, periodic);
  const bins = plan.binCount;
  const data = new Float32Array(frames * bins);
  const input = plan.input;
  for (let t = 0; t < frames; t++) {
    readFrame(signal, t, input, framing);
    for (let i = 0; i < frameLength; i++) input[i] = input[i]! * coefficients[i]!;
    input.fill(0, frameLength);
    plan.run();
    if (output === 'power') plan.writePower(data, t * bins);
    else plan.writeMagnitude(data, t * bins);
  }
  return { data, shape: [frames, bins] };
}
