import { describe, expect, it } from 'vitest';
import { concatDatasets, recordingSplit, stratifiedSplit, subsetDataset } from './dataset.js';

describe('stratifiedSplit', () => {
  const labels = Int32Array.from({ length: 100 }, (_, i) => (i < 50 ? 0 : i < 80 ? 1 : 2));

  it('keeps class proportions, covers every index once and is deterministic', () => {
    const split = stratifiedSplit(labels, { seed: 4, validationFraction: 0.2, testFraction: 0.1 });
    const count = (indices: Int32Array, c: number) => Array.from(indices).filter((i) => labels[i] === c).length;
    expect([0, 1, 2].map((c) => count(split.validation, c))).toEqual([10, 6, 4]);
    expect([0, 1, 2].map((c) => count(split.test, c))).toEqual([5, 3, 2]);
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(stratifiedSplit(labels, { seed: 4, validationFraction: 0.2, testFraction: 0.1 })).toEqual(split);
    expect(stratifiedSplit(labels, { seed: 5, validationFraction: 0.2, testFraction: 0.1 }).validation).not.toEqual(
      split.validation,
    );
  });

  it('rejects fractions that leave nothing to train on', () => {
    expect(() => stratifiedSplit(labels, { validationFraction: 0.6, testFraction: 0.4 })).toThrow(/fractions/);
  });
});

describe('subsetDataset', () => {
  it('copies the windows and labels at the indices', () => {
    const dataset = {
      features: Float32Array.from({ length: 12 }, (_, i) => i),
      shape: [3, 2, 2] as const,
      labels: Int32Array.from([0, 1, 0]),
      labelNames: ['x', 'y'],
    };
    const subset = subsetDataset(dataset, [2, 0]);
    expect(Array.from(subset.features)).toEqual([8, 9, 10, 11, 0, 1, 2, 3]);
    expect(Array.from(subset.labels)).toEqual([0, 0]);
    expect(subset.shape).toEqual([2, 2, 2]);
    const joined = concatDatasets([subset, dataset]);
    expect(joined.shape).toEqual([5, 2, 2]);
    expect(Array.from(joined.labels)).toEqual([0, 0, 0, 1, 0]);
    expect(Array.from(joined.features.subarray(8, 12))).toEqual([0, 1, 2, 3]);
    expect(() => concatDatasets([dataset, { ...dataset, labelNames: ['x'] }])).toThrow(/datasets\[1\].labelNames/);
  });
});

describe('recordingSplit', () => {
  it('keeps every recording on one side, stratified by its highest class', () => {
    // 12 recordings of 5 windows: 4 clean, 4 with low windows, 4 with high windows (after clean ones)
    const recordingOfWindow: number[] = [];
    const labels: number[] = [];
    for (let r = 0; r < 12; r++) {
      for (let w = 0; w < 5; w++) {
        recordingOfWindow.push(r);
        labels.push(w < 3 ? 0 : r % 3);
      }
    }
    const split = recordingSplit(recordingOfWindow, labels, { seed: 4, validationFraction: 0.25, testFraction: 0.25 });
    const sides = new Map<number, string>();
    for (const [part, indices] of Object.entries(split)) {
      for (const i of indices) {
        const r = recordingOfWindow[i]!;
        expect(sides.get(r) ?? part).toBe(part);
        sides.set(r, part);
      }
    }
    expect(split.train.length + split.validation.length + split.test.length).toBe(60);
    for (const part of ['validation', 'test'] as const) {
      const highest = new Set([...split[part]].map((i) => recordingOfWindow[i]! % 3));
      expect(highest).toEqual(new Set([0, 1, 2]));
    }
  });
});
