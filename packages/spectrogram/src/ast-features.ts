import { checkInteger, checkNumber, SpectrogramOptionsError } from './errors.js';
import { type KaldiFbankOptions, kaldiFbank } from './kaldi-fbank.js';
import type { Spectrogram } from './spectrogram.js';

/** The AudioSet mean of the HF AST feature extractor (`ASTFeatureExtractor.mean`). */
export const AST_MEAN = -4.2677393;
/** The AudioSet standard deviation of the HF AST feature extractor (`ASTFeatureExtractor.std`). */
export const AST_STD = 4.5689974;

/** Options of {@link astFeatures}: the fbank options plus padding and normalisation. */
export interface AstFeaturesOptions extends KaldiFbankOptions {
  /** Frames after zero-padding or truncation. Defaults to 1024. */
  maxFrames?: number;
  /** Normalise as `(x − mean) / (2·std)`. Defaults to `true`. */
  normalize?: boolean;
  /** Mean for the normalisation. Defaults to {@link AST_MEAN} (−4.2677393). */
  mean?: number;
  /** Standard deviation for the normalisation. Defaults to {@link AST_STD} (4.5689974). */
  std?: number;
}

/**
 * The HuggingFace `ASTFeatureExtractor` (torchaudio path): {@link kaldiFbank} → zero-pad or truncate to
 * `maxFrames` rows → `(x − mean) / (2·std)`. Padding rows are zeros before normalisation, so they become
 * `−mean / (2·std) ≈ 0.467`.
 *
 * @param signal - 16 kHz waveform (or at `sampleRateHz`).
 * @returns `[maxFrames, melBins]`, row-major (time-major; the Python reference stores the transpose).
 * @throws {@link SpectrogramOptionsError} on invalid options.
 *
 * @example
 * ```ts
 * const features = astFeatures(waveform16k); // shape [1024, 128]
 * ```
 */
export function astFeatures(
  signal: Float32Array | Float64Array,
  { maxFrames = 1024, normalize = true, mean = AST_MEAN, std = AST_STD, ...fbankOptions }: AstFeaturesOptions = {},
): Spectrogram {
  checkInteger('maxFrames', maxFrames, 1);
  checkNumber('mean', mean);
  checkNumber('std', std);
  if (std === 0) throw new SpectrogramOptionsError('std', 'a non-zero standard deviation', std);
  const fbank = kaldiFbank(signal, fbankOptions);
  return padAndNormalize(fbank, maxFrames, normalize ? mean : 0, normalize ? 2 * std : 1);
}

/** Zero-pads or truncates rows to `frames`, then maps `x → (x − mean) / divisor`. @internal */
export function padAndNormalize(fbank: Spectrogram, frames: number, mean: number, divisor: number): Spectrogram {
  const bins = fbank.shape[1];
  const data = new Float32Array(frames * bins);
  const copied = Math.min(frames, fbank.shape[0]) * bins;
  const source = fbank.data;
  const inverse = 1 / divisor;
  for (let i = 0; i < copied; i++) data[i] = (source[i]! - mean) * inverse;
  data.fill(-mean * inverse, copied);
  return { data, shape: [frames, bins] };
}
