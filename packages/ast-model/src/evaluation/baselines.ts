import {
  type ClassificationMessage,
  DISTORTION_LABEL_KEY,
  DISTORTION_LABELS,
  type ImuRecording,
  type RecordingWindow,
} from '@tsc/mcap-utils';
import { type DerivedChannelName, derivedChannelSeries, type SensorSpectrogramOptions } from '@tsc/spectrogram';
import { AstInputError } from '../errors.js';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import { prepareRecording, recordingWindows } from '../features/sensor-features.js';
import {
  type ClassifyRecordingOptions,
  type ClassifyRecordingResult,
  classificationResult,
} from '../inference/classify-recording.js';

/**
 * The physics rules a model is measured against:
 * - `norm-dip`: a window is disturbed when the median field norm is off the recording's median by more than
 *   `normThreshold` (relative) or the median dip by more than `dipThresholdDeg`;
 * - `field-consistency`: a window is disturbed when the 90th percentile of the gyro-consistency residual (the change
 *   of the field over `consistencyHorizonSec` that the gyroscope does not explain) exceeds `consistencyThreshold`
 *   of the field;
 * - `deviation-bound`: a window is disturbed when the median of the smallest field deviation its norm and stable dip
 *   allow together (the `deviationBound` channel of `@tsc/spectrogram`, against the recording's median field, with
 *   gravity from the gyro-stabilised specific force over the window and `contextSec` each side) exceeds
 *   `deviationThreshold` of the field: the quantity a disturbance's level is defined by, as far as the norm and the
 *   dip see it.
 */
export type BaselineName = 'norm-dip' | 'field-consistency' | 'deviation-bound';

/** Every {@link BaselineName}. */
export const BASELINE_NAMES: readonly BaselineName[] = ['norm-dip', 'field-consistency', 'deviation-bound'];

/** Options of {@link classifyRecordingWithBaseline}. */
export interface BaselineOptions extends Pick<ClassifyRecordingOptions, 'labelKey' | 'collection' | 'labels'> {
  /** Window length (s). Defaults to 2. */
  windowSec?: number;
  /** Step between windows (s). Defaults to 1. */
  hopSec?: number;
  /** Rate the recording is resampled to first (Hz). Defaults to 100. */
  sampleRateHz?: number;
  /** `norm-dip`: largest relative deviation of the median norm still called none. Defaults to 0.1 (10 %). */
  normThreshold?: number;
  /** `norm-dip`: largest deviation of the median dip still called none (degrees). Defaults to 10. */
  dipThresholdDeg?: number;
  /** `field-consistency`: largest residual (relative to the field) still called none. Defaults to 0.2. */
  consistencyThreshold?: number;
  /** `field-consistency`: horizon of the residual (s). Defaults to 0.5. */
  consistencyHorizonSec?: number;
  /**
   * `deviation-bound`: largest median deviation bound (relative to the field) still called none. Defaults to 0.1,
   * halfway between the 5 % a clean field may swing by and the 15 % where the `low` level starts.
   */
  deviationThreshold?: number;
  /**
   * Samples around each window that the rule's channels read (s, each side; as a model's `contextSec`). Defaults to
   * 1 for `deviation-bound` (its stable dip's gravity) and 0 for the others.
   */
  contextSec?: number;
  /**
   * The class names of the output, none first, then low and high deviation (as a model's `labelNames`). Defaults to
   * `['0', '1', '2']`, the reference's label values.
   */
  labelNames?: readonly [string, string, string];
}

/** A relative deviation of the field at or above this is the high class (as the synthetic levels define it). */
const HIGH_DEVIATION = 0.45;

/**
 * Classifies a recording with a physics rule, window by window, with the same windows, preprocessing (calibration,
 * resampling, the recording's own reference field) and output as `classifyRecording` gives for a model: per window a
 * class and three probabilities (none, low, high). The rule's score `s` is 1 at its threshold; `P(disturbed) =
 * s²/(1 + s²)` (so `1 − P(none)` ranks windows by the score, for ROC-AUC), split between low and high by the
 * deviation the rule measures (high from a relative deviation of 0.45).
 *
 * @example
 * ```ts
 * import { classifyRecordingWithBaseline } from '@tsc/ast-model';
 * import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
 *
 * const { recording } = generateRecording(createDatasetPlan({ level: 'none', kind: 'dipole', motion: 'yaw', durationSec: 10, seed: 1 }), { seed: 1 });
 * const { messages } = classifyRecordingWithBaseline(recording, 'field-consistency');
 * console.log(messages[0]?.probabilities); // [0.98, 0.02, 0] for an undisturbed window
 * ```
 */
export function classifyRecordingWithBaseline(
  recording: ImuRecording,
  baseline: BaselineName,
  options: BaselineOptions = {},
): ClassifyRecordingResult {
  const {
    windowSec = 2,
    hopSec = 1,
    sampleRateHz = 100,
    normThreshold = 0.1,
    dipThresholdDeg = 10,
    consistencyThreshold = 0.2,
    consistencyHorizonSec = 0.5,
    deviationThreshold = 0.1,
    contextSec = baseline === 'deviation-bound' ? 1 : 0,
    labelNames = DISTORTION_LABELS,
    labelKey = DISTORTION_LABEL_KEY,
    collection = '',
    labels,
  } = options;
  if (!BASELINE_NAMES.includes(baseline)) throw new AstInputError('baseline', BASELINE_NAMES.join(' or '), baseline);
  const settings: SensorFeatureSettings = {
    windowSec,
    hopSec,
    contextSec,
    reference: 'recording',
    spectrogram: { sampleRateHz, sensors: [], derived: RULE_CHANNELS[baseline], consistencyHorizonSec },
  };
  const prepared = prepareRecording(recording, settings);
  // cut once: every window, each with its truth when labels are given
  const list = recordingWindows(prepared, settings, {
    ...(labels === undefined ? {} : { labels }),
    labelKey,
    keepMixedWindows: true,
  });
  const messages = list.map((window): ClassificationMessage => {
    const { score, deviation } =
      baseline === 'norm-dip'
        ? normDipScore(window, prepared.spectrogram, normThreshold, dipThresholdDeg)
        : baseline === 'field-consistency'
          ? quantileScore(window, prepared.spectrogram, 'fieldConsistency', 0.9, consistencyThreshold)
          : quantileScore(window, prepared.spectrogram, 'deviationBound', 0.5, deviationThreshold);
    const probabilities = baselineProbabilities(score, deviation);
    const predictedClassId = probabilities.indexOf(Math.max(...probabilities));
    return {
      logTimeNs: window.endTimeNs,
      predictedClassId,
      label: labelNames[predictedClassId]!,
      probabilities,
      windowStartNs: window.startTimeNs,
      windowEndNs: window.endTimeNs,
    };
  });
  const truth = labels === undefined ? undefined : list.map((window) => window.label);
  return classificationResult(prepared, messages, truth, { labelKey, collection });
}

/** The channels each rule reads (what its windows' spectrogram options name, so that the right topics are read). */
const RULE_CHANNELS: Readonly<Record<BaselineName, DerivedChannelName[]>> = {
  'norm-dip': ['magNormRatio', 'dip'],
  'field-consistency': ['fieldConsistency'],
  'deviation-bound': ['deviationBound'],
};

/** One derived channel over a window's own samples, computed with its context when it has one. */
function channel(window: RecordingWindow, name: DerivedChannelName, options: SensorSpectrogramOptions): Float64Array {
  const { context } = window;
  const values = (context ?? window).values;
  const sensors = {
    sampleRateHz: window.sampleRateHz,
    mag: values.get('mag_raw'),
    acc: values.get('acc_raw'),
    gyro: values.get('gyro_raw'),
    ...(context === undefined
      ? {}
      : { contextBeforeSamples: context.beforeSamples, contextAfterSamples: context.afterSamples }),
  };
  return derivedChannelSeries(sensors as Parameters<typeof derivedChannelSeries>[0], name, options);
}

function normDipScore(
  window: RecordingWindow,
  options: SensorSpectrogramOptions,
  normThreshold: number,
  dipThresholdDeg: number,
): { score: number; deviation: number } {
  const norm = Math.abs(quantile(channel(window, 'magNormRatio', options), 0.5)) / 100;
  const dipDeg = Math.abs(quantile(channel(window, 'dip', options), 0.5));
  // the field vector's relative deviation implied by a norm change and a rotation by the dip change
  const deviation = Math.max(norm, 2 * Math.sin((Math.min(dipDeg, 180) * Math.PI) / 360));
  return { score: Math.max(norm / normThreshold, dipDeg / dipThresholdDeg), deviation };
}

/**
 * A rule on one relative channel (% of the field): its `q`-quantile over the window is the measured deviation, and the
 * score is that deviation over the threshold.
 */
function quantileScore(
  window: RecordingWindow,
  options: SensorSpectrogramOptions,
  name: DerivedChannelName,
  q: number,
  threshold: number,
): { score: number; deviation: number } {
  const deviation = quantile(channel(window, name, options), q) / 100;
  return { score: deviation / threshold, deviation };
}

/** `[P(none), P(low), P(high)]` from a rule's score (1 at its threshold) and measured deviation. */
function baselineProbabilities(score: number, deviation: number): number[] {
  const disturbed = (score * score) / (1 + score * score);
  const high = 1 / (1 + Math.exp(-(deviation - HIGH_DEVIATION) / 0.05));
  return [1 - disturbed, disturbed * (1 - high), disturbed * high];
}

/** The q-quantile of the values (nearest rank). */
function quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
