import { BASELINE_NAMES, classifyRecordingWithBaseline } from '../evaluation/baselines.js';
import type { ClassificationMetrics } from '../evaluation/metrics.js';
import { type DetectorScores, type LabelledRecording, scoreDetector } from '../evaluation/score-detector.js';
import type { AstClassifier } from '../inference/ast-classifier.js';
import { type ClassifyRecordingResult, classifyRecording } from '../inference/classify-recording.js';

/** The scores of one detector (the model or a physics baseline) on one set of recordings. */
export interface DetectorComparisonRow {
  /** `model` or a physics rule (`norm-dip`, `field-consistency`, `deviation-bound`). */
  readonly detector: string;
  /** What it was measured on, e.g. `synthetic held-out` or `real (broad-dev)`. */
  readonly dataset: string;
  /** Overall figures. */
  readonly metrics: ClassificationMetrics;
  /** Per recording. */
  readonly perRecording: DetectorScores['perRecording'];
}

/**
 * Scores the model and every physics baseline on the same labelled recordings and windows: the model's own window
 * and hop, the baselines' defaults otherwise.
 */
export function compareDetectors(
  classifier: AstClassifier,
  recordings: readonly LabelledRecording[],
  dataset: string,
): DetectorComparisonRow[] {
  const model = scoreDetector(
    recordings,
    (recording, labels) => classifyRecording(recording, classifier, { labels }),
    classifier.labelNames,
  );
  const rows: DetectorComparisonRow[] = [{ detector: 'model', dataset, ...model }];
  for (const baseline of BASELINE_NAMES) {
    const scores = scoreDetector(
      recordings,
      (recording, labels) => classifyRecordingWithBaseline(recording, baseline, { labels }),
      classifier.labelNames,
    );
    rows.push({ detector: baseline, dataset, ...scores });
  }
  return rows;
}

/**
 * The share of a classification's labelled windows (those inside one label event) predicted as their true label, 0
 * when none is labelled. Needs a result made with `labels`.
 */
export function truthAgreement({ messages, truth }: Pick<ClassifyRecordingResult, 'messages' | 'truth'>): number {
  let agree = 0;
  let total = 0;
  messages.forEach((message, i) => {
    const label = truth?.[i];
    if (label === undefined) return;
    total++;
    if (message.label === label) agree++;
  });
  return total === 0 ? 0 : agree / total;
}
