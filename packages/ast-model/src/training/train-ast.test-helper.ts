import { SeededRandom } from '@tsc/shared';
import type { AstDataset } from './dataset.js';

const FRAMES = 16;
const BINS = 16;

/** Three classes: a raised band of bins 0–4, 5–9 or 10–15, plus noise. */
export function bandDataset(windows: number, seed: number): AstDataset {
  const random = new SeededRandom(seed);
  const features = new Float32Array(windows * FRAMES * BINS);
  const labels = new Int32Array(windows);
  for (let w = 0; w < windows; w++) {
    const label = w % 3;
    labels[w] = label;
    for (let t = 0; t < FRAMES; t++) {
      for (let b = 0; b < BINS; b++) {
        const inBand = Math.min(2, Math.floor(b / 5.34)) === label;
        features[(w * FRAMES + t) * BINS + b] = (inBand ? 1.5 : 0) + random.nextGaussian() * 0.7;
      }
    }
  }
  return { features, shape: [windows, FRAMES, BINS], labels, labelNames: ['none', 'low', 'high'] };
}

/** A one-layer, 16-wide AST for 16 × 16 windows: trains in seconds. */
export const tinyConfig = {
  preset: 'sensor' as const,
  hiddenSize: 16,
  numHiddenLayers: 1,
  numAttentionHeads: 2,
  intermediateSize: 32,
  patchSize: 8,
  timePatchSize: 8,
  frequencyStride: 8,
  timeStride: 8,
};
