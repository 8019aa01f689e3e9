import type { Spectrogram } from '../building-blocks/spectrogram.js';
import { checkInteger, checkNumber, SpectrogramOptionsError } from '../errors.js';
import { fbankRows, type KaldiFbankOptions } from './kaldi-fbank.js';

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
 * import { astFeatures } from '@tsc/spectrogram';
 *
 * const waveform16k = new Float32Array(16000).map((_, n) => Math.sin((2 * Math.PI * 440 * n) / 16000)); // 1 s
 * const features = astFeatures(waveform16k);
 * console.log(features.shape); // [1024, 128]: 98 frames of the tone, padded to 1024
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
  // One pass: the fbank is computed straight into the padded array (frames past maxFrames are not computed)
  // and normalised as it is written, (x − mean)/(2·std) = x·(1/(2·std)) − mean/(2·std).
  const inverse = normalize ? 1 / (2 * std) : 1;
  return fbankRows(signal, fbankOptions, maxFrames, inverse, normalize ? -mean * inverse : 0);
}
