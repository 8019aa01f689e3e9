import { AstInputError } from '../errors.js';

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
  /** Disturbed (any class but the first) against none (the first class). */
  binary: BinaryMetrics;
}

/**
 * Disturbed-vs-none figures: a window is called disturbed when its most probable class is not the none class, and
 * its disturbance score is `1 − P(none)`.
 */
export interface BinaryMetrics {
  /** Disturbed windows (true class other than none). */
  positives: number;
  /** Undisturbed windows. */
  negatives: number;
  /** Share of disturbed windows called disturbed (recall, sensitivity); 0 when there are none. */
  truePositiveRate: number;
  /** Share of undisturbed windows called none (specificity); 0 when there are none. */
  trueNegativeRate: number;
  /** `(TPR + TNR) / 2`; the rate that is defined when only one class is present. */
  balancedAccuracy: number;
  /** ROC-AUC of the score `1 − P(none)`; `null` when one of the two classes is absent. */
  rocAuc: number | null;
}

/**
 * {@link BinaryMetrics} from true class ids and class probabilities (row-major `[windows, classes]`), with class
 * `noneClassId` as the undisturbed class.
 */
export function binaryMetrics(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: number,
  noneClassId = 0,
): BinaryMetrics {
  const count = labels.length;
  const scores = new Float64Array(count);
  const positive = new Array<boolean>(count);
  let positives = 0;
  let truePositives = 0;
  let trueNegatives = 0;
  for (let i = 0; i < count; i++) {
    let predicted = 0;
    for (let c = 1; c < classes; c++)
      if (probabilities[i * classes + c]! > probabilities[i * classes + predicted]!) predicted = c;
    positive[i] = labels[i] !== noneClassId;
    scores[i] = 1 - probabilities[i * classes + noneClassId]!;
    if (positive[i]) {
      positives++;
      if (predicted !== noneClassId) truePositives++;
    } else if (predicted === noneClassId) trueNegatives++;
  }
  const negatives = count - positives;
  const truePositiveRate = positives === 0 ? 0 : truePositives / positives;
  const trueNegativeRate = negatives === 0 ? 0 : trueNegatives / negatives;
  const balancedAccuracy =
    positives === 0 ? trueNegativeRate : negatives === 0 ? truePositiveRate : (truePositiveRate + trueNegativeRate) / 2;
  return {
    positives,
    negatives,
    truePositiveRate,
    trueNegativeRate,
    balancedAccuracy,
    rocAuc: rocAuc(scores, positive),
  };
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
    binary: binaryMetrics(labels, probabilities, classes),
  };
}

/** The classified windows of one recording with their truth, as `classifyRecording` returns them with `labels`. */
export interface ScoredWindows {
  /** Per window, the class probabilities. */
  messages: readonly { probabilities: readonly number[] }[];
  /** Per window, the true label, or `undefined` to leave the window out. */
  truth: readonly (string | undefined)[] | undefined;
}

/**
 * Metrics over the labelled windows of several classified recordings (windows whose truth is `undefined`, such as
 * ambiguous stretches of real data, are left out).
 *
 * @throws {@link AstInputError} when a truth label is not one of `labelNames`.
 */
export function recordingMetrics(
  results: readonly ScoredWindows[],
  labelNames: readonly string[],
): ClassificationMetrics {
  const labels: number[] = [];
  const probabilities: number[] = [];
  for (const { messages, truth } of results) {
    messages.forEach((message, i) => {
      const label = truth?.[i];
      if (label === undefined) return;
      const id = labelNames.indexOf(label);
      if (id < 0) throw new AstInputError('truth label', `one of ${JSON.stringify(labelNames)}`, label);
      labels.push(id);
      probabilities.push(...message.probabilities);
    });
  }
  return classificationMetrics(labels, probabilities, labelNames);
}
