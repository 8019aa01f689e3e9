import { SeededRandom } from '@tsc/shared';
import { describe, expect, it } from 'vitest';
import { applyMixup, applySpecAugment } from './augment.js';

describe('applySpecAugment', () => {
  it('zeroes whole frame and bin stripes, deterministically for a seed', () => {
    const run = (seed: number) => {
      const batch = new Float32Array(2 * 10 * 6).fill(1);
      applySpecAugment(batch, [2, 10, 6], new SeededRandom(seed), {
        timeMasks: 1,
        maxTimeMaskFrames: 3,
        frequencyMasks: 1,
        maxFrequencyMaskBins: 2,
      });
      return batch;
    };
    const batch = run(3);
    expect(Array.from(run(3))).toEqual(Array.from(batch));
    const zeros = batch.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(0);
    expect(zeros).toBeLessThanOrEqual(2 * (3 * 6 + 2 * 10));
  });
});

describe('applyMixup', () => {
  it('mixes windows and targets with the same weight, keeping targets normalised', () => {
    const batch = Float32Array.from([0, 0, 10, 10]);
    const targets = Float32Array.from([1, 0, 0, 1]);
    applyMixup(batch, targets, 2, 2, new SeededRandom(1), { alpha: 1 });
    expect(targets[0]! + targets[1]!).toBeCloseTo(1);
    expect(batch[0]! / 10).toBeCloseTo(targets[1]!, 5);
  });
});
