import { describe, expect, it } from 'vitest';
import { medianStepNs, sameTimes } from './timestamps.js';

describe('medianStepNs', () => {
  it('is the median step of jittered times, from a typed array or a list', () => {
    const times = [0n, 10n, 19n, 31n, 40n, 52n]; // steps 10, 9, 12, 9, 12
    expect(medianStepNs(times)).toBe(10);
    expect(medianStepNs(BigInt64Array.from(times))).toBe(10);
  });

  it('is 0 with fewer than two times', () => {
    expect(medianStepNs([])).toBe(0);
    expect(medianStepNs([5n])).toBe(0);
  });

  it('looks at every stride-th step only when asked to sample', () => {
    // steps alternate 1 and 3: all steps have median 3 (upper middle of [1, 1, 3, 3]); every 2nd step is a 3
    const times = BigInt64Array.from([0n, 1n, 4n, 5n, 8n]);
    expect(medianStepNs(times)).toBe(3);
    expect(medianStepNs(times, 2)).toBe(3);
    const ones = BigInt64Array.from([0n, 3n, 4n, 7n, 8n, 11n, 12n]); // steps 3, 1, 3, 1, 3, 1
    expect(medianStepNs(ones)).toBe(3);
    expect(medianStepNs(ones, 3)).toBe(1); // stride 2: steps at 2, 4, 6 are 1, 1, 1
  });
});

describe('sameTimes', () => {
  it('compares element by element', () => {
    const a = BigInt64Array.from([1n, 2n, 3n]);
    expect(sameTimes(a, a)).toBe(true);
    expect(sameTimes(a, BigInt64Array.from([1n, 2n, 3n]))).toBe(true);
    expect(sameTimes(a, BigInt64Array.from([1n, 2n, 4n]))).toBe(false);
    expect(sameTimes(a, BigInt64Array.from([1n, 2n]))).toBe(false);
  });
});
