import { describe, expect, it } from 'vitest';
import { classificationMetrics, rocAuc } from './metrics.js';

describe('classificationMetrics', () => {
  it('matches hand-computed precision, recall, F1, confusion matrix and accuracy', () => {
    // truth:     0 0 1 1 2 2
    // predicted: 0 1 1 1 2 0
    const labels = [0, 0, 1, 1, 2, 2];
    const predicted = [0, 1, 1, 1, 2, 0];
    const probabilities = predicted.flatMap((p) => [0, 1, 2].map((c) => (c === p ? 0.8 : 0.1)));
    const m = classificationMetrics(labels, probabilities, ['a', 'b', 'c']);
    expect(m.confusionMatrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(m.accuracy).toBeCloseTo(4 / 6);
    expect(m.perClass.map((c) => c.precision)).toEqual([0.5, 2 / 3, 1]);
    expect(m.perClass.map((c) => c.recall)).toEqual([0.5, 1, 0.5]);
    expect(m.perClass[1]!.f1).toBeCloseTo(0.8);
    expect(m.macroF1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3);
    expect(m.loss).toBeCloseTo((-4 * Math.log(0.8) - 2 * Math.log(0.1)) / 6);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('computes ROC-AUC by ranks with ties', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75);
    expect(rocAuc([0.5, 0.5], [true, false])).toBe(0.5);
    expect(rocAuc([0.5, 0.5], [true, true])).toBeNull();
  });
});
