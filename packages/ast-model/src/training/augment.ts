import type { SeededRandom } from '@tsc/shared';

/** SpecAugment masking (Park et al. 2019): stripes of frames and bins set to 0 (the mean after standardisation). */
export interface SpecAugmentOptions {
  /** Time masks per window. Defaults to 2. */
  timeMasks?: number;
  /** Longest time mask in frames. Defaults to 8. */
  maxTimeMaskFrames?: number;
  /** Frequency masks per window. Defaults to 2. */
  frequencyMasks?: number;
  /** Longest frequency mask in bins. Defaults to 8. */
  maxFrequencyMaskBins?: number;
}

/** Applies SpecAugment masks in place to every window of a `[windows, frames, bins]` batch. */
export function applySpecAugment(
  batch: Float32Array,
  shape: readonly [number, number, number],
  random: SeededRandom,
  { timeMasks = 2, maxTimeMaskFrames = 8, frequencyMasks = 2, maxFrequencyMaskBins = 8 }: SpecAugmentOptions = {},
): void {
  const [windows, frames, bins] = shape;
  for (let w = 0; w < windows; w++) {
    const base = w * frames * bins;
    for (let m = 0; m < timeMasks; m++) {
      const width = random.nextInt(Math.min(maxTimeMaskFrames, frames) + 1);
      const start = random.nextInt(frames - width + 1);
      batch.fill(0, base + start * bins, base + (start + width) * bins);
    }
    for (let m = 0; m < frequencyMasks; m++) {
      const width = random.nextInt(Math.min(maxFrequencyMaskBins, bins) + 1);
      const start = random.nextInt(bins - width + 1);
      for (let t = 0; t < frames; t++) batch.fill(0, base + t * bins + start, base + t * bins + start + width);
    }
  }
}

/** Mixup (Zhang et al. 2018): convex combinations of window pairs and of their label distributions. */
export interface MixupOptions {
  /** Beta(α, α) parameter of the mixing weight. Defaults to 0.2. */
  alpha?: number;
  /** Probability that a batch is mixed. Defaults to 1. */
  probability?: number;
}

/**
 * Mixes each window with a random partner of the same batch, in place: `x = λ·x + (1 − λ)·x_partner`, and the same for
 * the row-major `[windows, classes]` targets, with one λ ~ Beta(α, α) per batch.
 */
export function applyMixup(
  batch: Float32Array,
  targets: Float32Array,
  windows: number,
  classes: number,
  random: SeededRandom,
  { alpha = 0.2, probability = 1 }: MixupOptions = {},
): void {
  if (windows < 2 || random.nextFloat() >= probability) return;
  const lambda = random.nextBeta(alpha, alpha);
  const size = batch.length / windows;
  const partners = random.shuffle(Int32Array.from({ length: windows }, (_, i) => i));
  const x = batch.slice();
  const y = targets.slice();
  for (let w = 0; w < windows; w++) {
    const p = partners[w]!;
    for (let i = 0; i < size; i++) batch[w * size + i] = lambda * x[w * size + i]! + (1 - lambda) * x[p * size + i]!;
    for (let c = 0; c < classes; c++)
      targets[w * classes + c] = lambda * y[w * classes + c]! + (1 - lambda) * y[p * classes + c]!;
  }
}
