import type { BinaryMetrics, ClassificationMetrics } from '@tsc/ast-model';

/**
 * Metrics as plain text: accuracy and macro-F1, a per-class table and the confusion matrix (rows: truth).
 *
 * @param classNames - names to show, in class-id order.
 */
export function formatMetrics(metrics: ClassificationMetrics, classNames: readonly string[]): string {
  const width = Math.max(6, ...classNames.map((name) => name.length + 1));
  const lines = [
    `macro-F1 ${metrics.macroF1.toFixed(3)}  accuracy ${metrics.accuracy.toFixed(3)}  (${metrics.count} windows)`,
    `disturbed vs none: ${formatBinary(metrics.binary)}`,
    '',
    `${'class'.padEnd(width)} precision  recall      F1  support`,
  ];
  metrics.perClass.forEach((perClass, id) => {
    lines.push(
      `${(classNames[id] ?? perClass.label).padEnd(width)} ${perClass.precision.toFixed(3).padStart(9)} ${perClass.recall.toFixed(3).padStart(7)} ${perClass.f1.toFixed(3).padStart(7)} ${String(perClass.support).padStart(8)}`,
    );
  });
  lines.push('', `confusion matrix (rows: truth, columns: predicted)`);
  lines.push(`${''.padEnd(width)}${classNames.map((name) => name.padStart(7)).join('')}`);
  metrics.confusionMatrix.forEach((row, id) => {
    lines.push(
      `${(classNames[id] ?? String(id)).padEnd(width)}${row.map((count) => String(count).padStart(7)).join('')}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

/** Disturbed-vs-none figures in one line: balanced accuracy, TPR, TNR, ROC-AUC of 1 − P(none) and the counts. */
export function formatBinary(binary: BinaryMetrics): string {
  const auc = binary.rocAuc === null ? '—' : binary.rocAuc.toFixed(3);
  return `balanced accuracy ${binary.balancedAccuracy.toFixed(3)}  TPR ${binary.truePositiveRate.toFixed(3)}  TNR ${binary.trueNegativeRate.toFixed(3)}  ROC-AUC ${auc}  (${binary.positives} disturbed, ${binary.negatives} none)`;
}
