import type { Spectrogram } from '../building-blocks/spectrogram.js';
import { checkInteger, SpectrogramOptionsError } from '../errors.js';
import { type AstFeaturesOptions, astFeatures } from './ast-features.js';
import { resample } from './resample.js';

/** A three-axis sensor window as separate axes, each `[samples]`. */
export interface XyzAxes {
  /** The x axis. */
  x: ArrayLike<number>;
  /** The y axis. */
  y: ArrayLike<number>;
  /** The z axis. */
  z: ArrayLike<number>;
}

/** Options of {@link referencePipelineFeatures}. */
export interface ReferencePipelineOptions extends AstFeaturesOptions {
  /**
   * The rate the reference assumed for every recording (Hz), whatever the true rate. Defaults to 140,
   * the reference's hard-coded `sampling_rate`.
   */
  assumedRateHz?: number;
  /** The audio rate the waveform is resampled to (Hz). Defaults to 16000. */
  audioRateHz?: number;
}

/**
 * **Compatibility mode**, not the default: the window features of the Python reference pipeline
 * ("time-series-classifier" `spectrogram_from_timeseries`), for feeding models trained by it.
 *
 * It reproduces the reference's choices, flaws included: the x, y and z axes are **concatenated end to end**
 * (x… then y… then z…, with steps at the joins), the result is treated as **140 Hz** whatever the true rate,
 * resampled to 16 kHz (torchaudio `Resample`), and turned into HF AST features ({@link astFeatures}:
 * Kaldi fbank, pad to 1024 frames, AudioSet normalisation). Values are fed unscaled (raw counts in the
 * reference). For new models use {@link sensorSpectrogram}.
 *
 * @param magXyz - The window's magnetometer samples: `{x, y, z}` arrays, or interleaved `[x0, y0, z0, x1, …]`.
 * @returns `[1024, 128]` features (time-major; the reference stores the transpose `[128, 1024]`).
 * @throws {@link SpectrogramOptionsError} on mismatched axis lengths or an interleaved length not divisible by 3.
 *
 * @example
 * ```ts
 * import { referencePipelineFeatures } from '@tsc/spectrogram';
 *
 * // 3 s of raw magnetometer counts at the reference's 140 Hz
 * const x = new Float32Array(420).map((_, n) => 400 * Math.cos(n / 40));
 * const y = new Float32Array(420).map((_, n) => 400 * Math.sin(n / 40));
 * const z = new Float32Array(420).fill(-800);
 * const features = referencePipelineFeatures({ x, y, z }); // what the reference's AST saw for this window
 * console.log(features.shape); // [1024, 128]
 * ```
 */
export function referencePipelineFeatures(
  magXyz: XyzAxes | Float32Array | Float64Array,
  { assumedRateHz = 140, audioRateHz = 16000, ...astOptions }: ReferencePipelineOptions = {},
): Spectrogram {
  checkInteger('assumedRateHz', assumedRateHz, 1);
  checkInteger('audioRateHz', audioRateHz, 1);
  const waveform = concatenateAxes(magXyz);
  const audio = resample(waveform, { fromHz: assumedRateHz, toHz: audioRateHz });
  return astFeatures(audio, { sampleRateHz: audioRateHz, ...astOptions });
}

function concatenateAxes(magXyz: XyzAxes | Float32Array | Float64Array): Float32Array {
  if (magXyz instanceof Float32Array || magXyz instanceof Float64Array) {
    if (magXyz.length % 3 !== 0) {
      throw new SpectrogramOptionsError('magXyz.length', 'a multiple of 3 (interleaved x, y, z)', magXyz.length);
    }
    const n = magXyz.length / 3;
    const out = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) {
      out[i] = magXyz[3 * i]!;
      out[n + i] = magXyz[3 * i + 1]!;
      out[2 * n + i] = magXyz[3 * i + 2]!;
    }
    return out;
  }
  if (typeof magXyz !== 'object' || magXyz === null || !magXyz.x || !magXyz.y || !magXyz.z) {
    throw new SpectrogramOptionsError('magXyz', '{x, y, z} arrays or an interleaved Float32Array', magXyz);
  }
  const { x, y, z } = magXyz;
  if (y.length !== x.length || z.length !== x.length) {
    throw new SpectrogramOptionsError('magXyz', 'x, y and z of equal length', [x.length, y.length, z.length]);
  }
  const n = x.length;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    out[i] = x[i]!;
    out[n + i] = y[i]!;
    out[2 * n + i] = z[i]!;
  }
  return out;
}
