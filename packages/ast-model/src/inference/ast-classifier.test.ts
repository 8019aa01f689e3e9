import { beforeAll, expect, it } from 'vitest';
import { describeOnEachBackend } from '../backend/test-backends.test-helper.js';
import { AstInputError } from '../errors.js';
import { astConfig } from '../model/ast-config.js';
import { createAstModel } from '../model/create-ast-model.js';
import { tinyConfig } from '../training/train-ast.test-helper.js';
import { AstClassifier } from './ast-classifier.js';

const config = astConfig({ ...tinyConfig, maxLength: 16, numMelBins: 16, numLabels: 3 });
const windows = 5;
const features = {
  data: new Float32Array(windows * 16 * 16).map((_, i) => 3 * Math.sin(i / 5)),
  shape: [windows, 16, 16] as const,
};
const labelNames = ['none', 'low', 'high'];

describeOnEachBackend('AstClassifier class weights', () => {
  let model: ReturnType<typeof createAstModel>;
  beforeAll(() => {
    model = createAstModel(config, { seed: 7 });
  });
  const classifier = (classWeights?: number[]) => new AstClassifier({ model, config, labelNames, classWeights });

  it('undoes the skew of the training loss weights: p(c) ∝ softmax(c) / w(c), renormalised', () => {
    const plain = classifier().predictProbabilities(features);
    const weights = [0.4, 3, 2.5];
    const corrected = classifier(weights).predictProbabilities(features);
    for (let w = 0; w < windows; w++) {
      const row = [0, 1, 2].map((c) => plain[3 * w + c]! / weights[c]!);
      const sum = row[0]! + row[1]! + row[2]!;
      for (let c = 0; c < 3; c++) expect(corrected[3 * w + c]).toBeCloseTo(row[c]! / sum, 5);
    }
    // the weighted classes lose probability to the one trained with the smallest weight
    const meanOf = (p: Float32Array, c: number) => [0, 1, 2, 3, 4].reduce((s, w) => s + p[3 * w + c]!, 0) / windows;
    expect(meanOf(corrected, 0)).toBeGreaterThan(meanOf(plain, 0));
  });

  it('leaves the softmax as it is for equal weights, and never predicts a class of weight 0', () => {
    const plain = classifier().predictProbabilities(features);
    const equal = classifier([2, 2, 2]);
    expect(equal.classWeights).toBeUndefined();
    expect(Array.from(equal.predictProbabilities(features))).toEqual(Array.from(plain));
    const withoutLow = classifier([1, 0, 1]).predict(features);
    for (const prediction of withoutLow) {
      expect(prediction.probabilities[1]).toBe(0);
      expect(prediction.probabilities[0]! + prediction.probabilities[2]!).toBeCloseTo(1, 6);
      expect(prediction.classId).not.toBe(1);
    }
  });

  it('refuses class weights that do not fit the classes, naming classWeights', () => {
    for (const bad of [
      [1, 2],
      [1, -1, 1],
      [0, 0, 0],
      [1, Number.NaN, 1],
    ]) {
      expect(() => classifier(bad)).toThrow(AstInputError);
      expect(() => classifier(bad)).toThrow(/classWeights: expected 3 finite numbers ≥ 0/);
    }
  });
});
