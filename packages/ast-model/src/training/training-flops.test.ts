import { describe, expect, it } from 'vitest';
import { astConfig } from '../model/ast-config.js';
import { astStepFlops } from './training-flops.js';

describe('astStepFlops', () => {
  it('counts the dense products of the sensor preset by hand', () => {
    // 32 windows; 5 × 3 patches of 32 × 10 → width 64; 17 tokens; 2 blocks of 4 projections 64 × 64, MLP 128.
    const patchEmbedding = 2 * 32 * 15 * 320 * 64;
    const rows = 32 * 17;
    const block = 4 * 2 * rows * 64 * 64 + 2 * 2 * rows * 64 * 128 + 2 * 2 * 32 * 17 * 17 * 64;
    const forward = patchEmbedding + 2 * block + 2 * 32 * 64 * 3;
    expect(astStepFlops(astConfig({ preset: 'sensor' }), 32)).toEqual({
      forward,
      training: 3 * forward - patchEmbedding,
    });
  });

  it('grows linearly with the windows', () => {
    const config = astConfig({ preset: 'tiny', maxLength: 128, numMelBins: 128, numLabels: 3 });
    expect(astStepFlops(config, 16).training).toBe(2 * astStepFlops(config, 8).training);
  });
});
