import { describe, expect, it } from 'vitest';
import { modelVerdicts } from './model-verdict.js';

const row = (dataset: string, detector: string, balancedAccuracy: number, macroF1: number) => ({
  dataset,
  detector,
  balancedAccuracy,
  macroF1,
});

describe('modelVerdicts', () => {
  it('compares the model with the best rule of each figure, per data set', () => {
    const verdicts = modelVerdicts([
      row('synthetic', 'model', 0.971, 0.934),
      row('synthetic', 'norm-dip', 0.956, 0.924),
      row('synthetic', 'deviation-bound', 0.983, 0.966),
      row('real', 'model', 0.999, 0.651),
      row('real', 'field-consistency', 0.98, 0.651),
      row('real', 'norm-dip', 0.934, 0.45),
      row('level', 'model', 0.99906, 0.5),
      row('level', 'deviation-bound', 0.99953, 0.5004),
    ]);
    expect(verdicts).toEqual([
      "synthetic: balanced accuracy 0.971, behind (by 0.012) deviation-bound's 0.983; macro-F1 0.934, behind (by 0.032) deviation-bound's 0.966",
      "real: balanced accuracy 0.999, ahead of (by 0.019) field-consistency's 0.980; macro-F1 0.651, level with field-consistency's 0.651",
      // as the figures read: 0.999 against 1.000 is behind, 0.500 against 0.500 level
      "level: balanced accuracy 0.999, behind (by 0.001) deviation-bound's 1.000; macro-F1 0.500, level with deviation-bound's 0.500",
    ]);
  });

  it('leaves out data sets without a model or without rules', () => {
    expect(modelVerdicts([row('a', 'model', 0.9, 0.8), row('b', 'norm-dip', 0.9, 0.8)])).toEqual([]);
  });
});
