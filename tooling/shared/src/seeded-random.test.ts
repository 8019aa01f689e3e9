import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.js';

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

  it('draws integers in [0, n), each about equally often', () => {
    const random = new SeededRandom(11);
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < 50_000; i++) counts[random.nextInt(5)]! += 1;
    for (const count of counts) expect(count / 50_000).toBeCloseTo(0.2, 2);
  });

  it('draws Gamma and Beta variates with their means', () => {
    const random = new SeededRandom(5);
    const n = 40_000;
    let gammaSum = 0;
    let smallShapeSum = 0;
    let betaSum = 0;
    for (let i = 0; i < n; i++) {
      gammaSum += random.nextGamma(3);
      smallShapeSum += random.nextGamma(0.5);
      betaSum += random.nextBeta(2, 6);
    }
    expect(gammaSum / n).toBeCloseTo(3, 1);
    expect(smallShapeSum / n).toBeCloseTo(0.5, 1);
    expect(betaSum / n).toBeCloseTo(0.25, 2);
  });

  it('shuffles in place to a permutation, the same one for the same seed', () => {
    const shuffled = new SeededRandom(3).shuffle(Int32Array.from({ length: 20 }, (_, i) => i));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect([...shuffled]).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(new SeededRandom(3).shuffle(Array.from({ length: 20 }, (_, i) => i))).toEqual([...shuffled]);
  });
});
