import { AstInputError } from '../errors.js';

/** A batch of spectrogram windows: `data` row-major `[windows, frames, bins]`. */
export interface AstFeatures {
  /** The values, row-major. */
  data: Float32Array;
  /** `[windows, frames, bins]`. */
  shape: readonly [number, number, number];
}

/**
 * Per-bin input standardisation `(x − mean[bin]) / std[bin]` applied before the model (a single-element `mean`/`std`
 * applies to every bin). The trainer computes it from the training set and saves it with the model.
 */
export interface FeatureNormalization {
  /** Mean per bin (or one value for all bins). */
  mean: number[];
  /** Standard deviation per bin (or one value for all bins), each > 0. */
  std: number[];
}

/** Checks that `features.data.length` matches its shape. */
export function checkFeatures(features: AstFeatures, field = 'features'): void {
  const { data, shape } = features;
  if (shape.length !== 3 || shape.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new AstInputError(`${field}.shape`, '[windows, frames, bins] of non-negative integers', shape);
  }
  const expected = shape[0] * shape[1] * shape[2];
  if (data.length !== expected)
    throw new AstInputError(`${field}.data.length`, `${expected} (product of shape)`, data.length);
}

/**
 * Copies windows into a `[windows, maxLength, bins]` buffer: zero-padded or truncated along time as the HF feature
 * extractor does, and standardised when `normalization` is given.
 */
export function prepareFeatures(
  features: AstFeatures,
  maxLength: number,
  numMelBins: number,
  normalization: FeatureNormalization | undefined,
): Float32Array {
  checkFeatures(features);
  const [windows, frames, bins] = features.shape;
  if (bins !== numMelBins) throw new AstInputError('features.shape[2]', `${numMelBins} bins (numMelBins)`, bins);
  const out = new Float32Array(windows * maxLength * bins);
  const copyFrames = Math.min(frames, maxLength);
  const mean = normalization?.mean;
  const std = normalization?.std;
  for (let w = 0; w < windows; w++) {
    for (let t = 0; t < copyFrames; t++) {
      const from = (w * frames + t) * bins;
      const to = (w * maxLength + t) * bins;
      if (mean === undefined || std === undefined) {
        out.set(features.data.subarray(from, from + bins), to);
      } else {
        for (let b = 0; b < bins; b++) {
          const m = mean.length === 1 ? mean[0]! : mean[b]!;
          const s = std.length === 1 ? std[0]! : std[b]!;
          out[to + b] = (features.data[from + b]! - m) / s;
        }
      }
    }
  }
  return out;
}

/** Mean and standard deviation per bin over every window and frame (std floored at 1e-6). */
export function computeNormalization(features: AstFeatures): FeatureNormalization {
  checkFeatures(features);
  const [windows, frames, bins] = features.shape;
  const sum = new Float64Array(bins);
  const sumSquares = new Float64Array(bins);
  const { data } = features;
  for (let row = 0; row < windows * frames; row++) {
    for (let b = 0; b < bins; b++) {
      const v = data[row * bins + b]!;
      sum[b]! += v;
      sumSquares[b]! += v * v;
    }
  }
  const count = Math.max(1, windows * frames);
  const mean: number[] = [];
  const std: number[] = [];
  for (let b = 0; b < bins; b++) {
    const m = sum[b]! / count;
    mean.push(m);
    std.push(Math.max(1e-6, Math.sqrt(Math.max(0, sumSquares[b]! / count - m * m))));
  }
  return { mean, std };
}
