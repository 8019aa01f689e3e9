import { describe, expect, it } from 'vitest';
import { removeDcOffset } from './dc-offset.js';
import { logWithFloor } from './log-with-floor.js';
import { preEmphasis } from './pre-emphasis.js';
import { RealFftPlan } from './real-fft.js';

describe('signal operations', () => {
  it('removes the DC offset', () => {
    const x = new Float64Array([1, 2, 3, 6]);
    expect(removeDcOffset(x)).toBe(3);
    expect(Array.from(x)).toEqual([-2, -1, 0, 3]);
  });

  it('pre-emphasises with the replicated first sample (Kaldi)', () => {
    const x = new Float64Array([1, 2, 4]);
    preEmphasis(x, 0.5);
    expect(Array.from(x)).toEqual([0.5, 1.5, 3]);
  });

  it('takes logs with a floor', () => {
    const x = logWithFloor(new Float64Array([0, 1, Math.E, 100]), { floor: 1e-10 });
    expect(x[0]).toBeCloseTo(Math.log(1e-10), 9);
    expect(Array.from(x.subarray(1, 3))).toEqual([0, 1]);
    expect(logWithFloor(new Float64Array([100]), { base: '10' })[0]).toBeCloseTo(20, 9);
  });
});

describe('RealFftPlan', () => {
  it('computes power and magnitude spectra of a cosine', () => {
    const plan = new RealFftPlan(8);
    const power = new Float64Array(5);
    plan.powerSpectrum(new Float32Array([1, 0, -1, 0, 1, 0, -1, 0]), power);
    expect(Array.from(power).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0, 0, 16, 0, 0]);
    const magnitude = new Float64Array(5);
    plan.magnitudeSpectrum(new Float32Array([1, 1, 1, 1]), magnitude);
    expect(magnitude[0]).toBeCloseTo(4, 12);
  });

  it('transforms two real signals in one complex FFT', () => {
    const plan = new RealFftPlan(16);
    const a = new Float64Array(16).map((_, n) => Math.sin(n * 0.7) + 0.2);
    const b = new Float64Array(16).map((_, n) => Math.cos(n * 1.9) - n / 16);
    for (let n = 0; n < 16; n++) {
      plan.pairInput[2 * n] = a[n]!;
      plan.pairInput[2 * n + 1] = b[n]!;
    }
    plan.runPair();
    const pa = new Float64Array(9);
    const pb = new Float64Array(9);
    plan.writePowerPair(pa, 0, pb, 0);
    const ra = new Float64Array(9);
    const rb = new Float64Array(9);
    plan.powerSpectrum(a, ra);
    plan.powerSpectrum(b, rb);
    for (let k = 0; k < 9; k++) {
      expect(pa[k]).toBeCloseTo(ra[k]!, 9);
      expect(pb[k]).toBeCloseTo(rb[k]!, 9);
    }
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFftPlan(12)).toThrow(/size: expected a power of two/);
  });
});
