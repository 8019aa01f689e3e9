import type { ImuRecording, LabelEvent } from '@tsc/mcap-utils';
import type { ClassifyRecordingResult } from '../inference/classify-recording.js';
import { type ClassificationMetrics, recordingMetrics } from './metrics.js';

/** A recording with its true label events. */
export interface LabelledRecording {
  /** A name to report it by, e.g. the file stem. */
  readonly name: string;
  /** The recording. */
  readonly recording: ImuRecording;
  /** Its truth: windows outside every event (ambiguous stretches) are left out of the scores. */
  readonly labels: readonly LabelEvent[];
  /** Where the labels came from (e.g. the `.labels.json` file), named in errors about them. Defaults to `name`. */
  readonly labelsSource?: string;
}

/**
 * A detector: anything that classifies a recording window by window and returns each window's truth for the given
 * labels, as `classifyRecording` (a model) and `classifyRecordingWithBaseline` (a physics rule) do.
 */
export type Detector = (recording: ImuRecording, labels: readonly LabelEvent[]) => ClassifyRecordingResult;

/** The scores of one recording. */
export interface RecordingScores {
  /** The recording's name. */
  readonly name: string;
  /** Its figures. */
  readonly metrics: ClassificationMetrics;
}

/** What {@link scoreDetector} returns. */
export interface DetectorScores {
  /** Over every labelled window of every recording. */
  readonly metrics: ClassificationMetrics;
  /** Per recording, in input order. */
  readonly perRecording: readonly RecordingScores[];
}

/**
 * Runs a detector over labelled recordings and scores its windows against the truth, per recording and overall,
 * so that models and baselines are measured on exactly the same windows.
 *
 * @example
 * ```ts
 * import { classifyRecording, classifyRecordingWithBaseline, scoreDetector, DEFAULT_SENSOR_FEATURE_SETTINGS as settings, prepareRecording, recordingWindows, trainAst, windowsDataset } from '@tsc/ast-model';
 * import { DISTORTION_LABELS } from '@tsc/mcap-utils';
 * import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
 *
 * // a model trained for a few steps on one synthetic recording: enough to run, not to trust
 * const { recording, labels } = generateRecording(createDatasetPlan({ seed: 1, durationSec: 20 }), { seed: 1 });
 * const prepared = prepareRecording(recording, settings);
 * const windows = recordingWindows(prepared, settings, { labels: labels.events });
 * const result = await trainAst({
 *   train: windowsDataset(windows, DISTORTION_LABELS, prepared.spectrogram),
 *   options: { maxSteps: 3, featureSettings: { ...settings } },
 * });
 * const { classifier } = result;
 * const trials = [2, 3].map((seed) => {
 *   const generated = generateRecording(createDatasetPlan({ seed, durationSec: 20 }), { seed });
 *   return { name: `seed ${seed}`, recording: generated.recording, labels: generated.labels.events };
 * });
 * const model = scoreDetector(trials, (recording, labels) => classifyRecording(recording, classifier, { labels }), classifier.labelNames);
 * const rule = scoreDetector(trials, (recording, labels) => classifyRecordingWithBaseline(recording, 'norm-dip', { labels }), DISTORTION_LABELS);
 * console.log(model.metrics.binary.balancedAccuracy, rule.metrics.binary.balancedAccuracy);
 * ```
 */
export function scoreDetector(
  recordings: readonly LabelledRecording[],
  detect: Detector,
  labelNames: readonly string[],
): DetectorScores {
  const results = recordings.map(({ recording, labels }) => detect(recording, labels));
  return {
    metrics: recordingMetrics(results, labelNames),
    perRecording: recordings.map(({ name }, i) => ({ name, metrics: recordingMetrics([results[i]!], labelNames) })),
  };
}
