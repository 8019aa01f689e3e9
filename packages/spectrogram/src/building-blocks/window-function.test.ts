import { describe, expect, it } from 'vitest';
import { SpectrogramOptionsError } from '../errors.js';
import { windowFunction } from './window-function.js';

describe('windowFunction', () => {
  it('computes periodic and symmetric Hann windows', () => {
    expect(Array.from(windowFunction('hann', 4, { periodic: true }))).toEqual([0, 0.5, 1, 0.5]);
    const symmetric = windowFunction('hann', 5);
    expect(Array.from(symmetric)).toEqual([0, 0.5, 1, 0.5, 0]);
  });

  it('computes Hamming, Povey and rectangular windows', () => {
    const hamming = windowFunction('hamming', 5);
    expect(hamming[0]).toBeCloseTo(0.08, 6);
    expect(hamming[2]).toBeCloseTo(1, 6);
    const povey = windowFunction('povey', 5);
    expect(povey[1]).toBeCloseTo(0.5 ** 0.85, 6);
    expect(Array.from(windowFunction('rectangular', 3))).toEqual([1, 1, 1]);
    expect(Array.from(windowFunction('hann', 1))).toEqual([1]);
  });

  it('rejects unknown names and empty windows', () => {
    expect(() => windowFunction('blackman' as never, 4)).toThrow(SpectrogramOptionsError);
    expect(() => windowFunction('hann', 0)).toThrow(/length: expected an integer ≥ 1, found 0/);
  });
});
