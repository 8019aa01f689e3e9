import { AstInputError } from './errors.js';

/** Precision, recall, F1, support and ROC-AUC of one class. */
export interface ClassMetrics {
  /** The class name. */
  label: string;
  /** TP / (TP + FP); 0 when nothing was predicted as this class. */
  precision: number;
  /** TP / (TP + FN); 0 when the class is absent. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
  /** Windows whose true class this is. */
  support: number;
  /** One-vs-rest ROC-AUC of this class's probability; `null` when the class is absent or the only one present. */
  rocAuc: number | null;
}

/** Classification metrics, JSON-serialisable (written to `metrics.json`). */
export interface ClassificationMetrics {
  /** Windows evaluated. */
  count: number;
  /** Fraction of windows whose most probable class is the true one. */
  accuracy: number;
  /** Unweighted mean of the per-class precision. */
  macroPrecision: number;
  /** Unweighted mean of the per-class recall. */
  macroRecall: number;
  /** Unweighted mean of the per-class F1 (sklearn `average='macro'`). */
  macroF1: number;
  /** Mean of the defined per-class one-vs-rest ROC-AUCs; `null` when none is defined. */
  macroRocAuc: number | null;
  /** Mean cross-entropy of the true class (natural log). */
  loss: number;
  /** Per-class metrics, by class id. */
  perClass: ClassMetrics[];
  /** `confusionMatrix[true][predicted]` window counts. */
  confusionMatrix: number[][];
}

/** One-vs-rest ROC-AUC by the rank statistic (Mann–Whitney U, ties averaged). */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (positive[order[k]!]) {
        positives++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Accuracy, per-class and macro precision/recall/F1, one-vs-rest ROC-AUC, mean cross-entropy and the confusion
 * matrix, from true labels and predicted class probabilities (row-major `[windows, classes]`).
 */
export function classificationMetrics(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  labelNames: readonly string[],
): ClassificationMetrics {
  const classes = labelNames.length;
  const count = labels.length;
  if (probabilities.length !== count * classes) {
    throw new AstInputError('probabilities.length', `${count * classes} (windows × classes)`, probabilities.length);
  }
  const confusionMatrix = labelNames.map(() => new Array<number>(classes).fill(0));
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < count; i++) {
    let predicted = 0;
    for (let c = 1; c < classes; c++)
      if (probabilities[i * classes + c]! > probabilities[i * classes + predicted]!) predicted = c;
    const truth = labels[i]!;
    confusionMatrix[truth]![predicted]!++;
    if (predicted === truth) correct++;
    loss -= Math.log(Math.max(1e-12, probabilities[i * classes + truth]!));
  }
  const perClass = labelNames.map((label, c) => {
    const tp = confusionMatrix[c]![c]!;
    const support = confusionMatrix[c]!.reduce((a, b) => a + b, 0);
    const predictedCount = confusionMatrix.reduce((a, row) => a + row[c]!, 0);
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    const scores = Array.from({ length: count }, (_, i) => probabilities[i * classes + c]!);
    const positive = Array.from({ length: count }, (_, i) => labels[i] === c);
    return { label, precision, recall, f1, support, rocAuc: rocAuc(scores, positive) };
  });
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  const aucs = perClass.map((m) => m.rocAuc).filter((v): v is number => v !== null);
  return {
    count,
    accuracy: count === 0 ? 0 : correct / count,
    macroPrecision: mean(perClass.map((m) => m.precision)),
    macroRecall: mean(perClass.map((m) => m.recall)),
    macroF1: mean(perClass.map((m) => m.f1)),
    macroRocAuc: aucs.length === 0 ? null : mean(aucs),
    loss: count === 0 ? 0 : loss / count,
    perClass,
    confusionMatrix,
  };
}
