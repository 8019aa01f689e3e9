import { describe, expect, it } from 'vitest';
import { SeededRandom } from './random.js';

describe('SeededRandom', () => {
  it('matches the xoshiro128** reference outputs for state [1, 2, 3, 4]', () => {
    const random = SeededRandom.fromState([1, 2, 3, 4]);
    expect([random.nextUint32(), random.nextUint32(), random.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('repeats its sequence for the same seed and differs for another', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('draws uniform floats in [0, 1) and standard normals with mean 0 and variance 1', () => {
    const random = new SeededRandom(7);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 10_000; i++) {
      const value = random.nextFloat();
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    let beyondThree = 0;
    for (let i = 0; i < n; i++) {
      const value = random.nextGaussian();
      sum += value;
      sumSquares += value * value;
      if (Math.abs(value) > 3) beyondThree++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.02);
    expect(beyondThree / n).toBeCloseTo(0.0027, 2);
  });

  it('makes RFC 4122 version-4 UUIDs', () => {
    const id = new SeededRandom(1).uuid4();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new SeededRandom(1).uuid4()).toBe(id);
  });
});
