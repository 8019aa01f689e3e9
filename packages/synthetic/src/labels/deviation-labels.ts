import { STRENGTH_BANDS } from '../physics/distortion-strength.js';
import type { DistortionLevel } from '../plan/plan-types.js';

/**
 * Largest relative deviation ‖Δm‖/‖B‖ labelled `none` inside a ramp or pass: 5 % of the field, below the ±2.5 µT
 * (about ±5 %) a calibrated real magnetometer shows with orientation, and far from `low`'s 15 %.
 */
export const NONE_DEVIATION_TOLERANCE = 0.05;

/**
 * A segment whose smallest per-sample deviation is below this share of its largest is labelled by deviation
 * (ramps and passes); otherwise it keeps one label event, by its largest deviation.
 */
export const RAMP_LABEL_RATIO = 0.5;

/** A run of consecutive samples of one segment with one label, or `undefined` level where no level fits. */
export interface LabelRun {
  /** Index of the run's first sample in the recording. */
  readonly firstSample: number;
  /** Number of samples. */
  readonly sampleCount: number;
  /** The level of every sample of the run; `undefined` between the bands (left unlabelled). */
  readonly level: DistortionLevel | undefined;
  /** Largest deviation in the run. */
  readonly largestDeviation: number;
}

/** The level of one sample's relative deviation: ≤ 5 % none, a band's range that level, else none fits. */
export function levelOfDeviation(deviation: number): DistortionLevel | undefined {
  if (deviation <= NONE_DEVIATION_TOLERANCE) return 'none';
  for (const level of ['low', 'high'] as const) {
    const band = STRENGTH_BANDS[level];
    if (deviation >= band.min && deviation <= band.max + 1e-9) return level;
  }
  return undefined;
}

/**
 * Splits a segment into runs of one level by its per-sample deviation, when the deviation varies by more than
 * {@link RAMP_LABEL_RATIO} (an approach, departure or pass); `undefined` when the segment keeps one label.
 *
 * @param deviation - ‖Δm‖/‖B‖ per sample of the segment.
 * @param firstSample - Index of the segment's first sample in the recording.
 */
export function labelRuns(deviation: Float64Array, firstSample: number): LabelRun[] | undefined {
  let smallest = Number.POSITIVE_INFINITY;
  let largest = 0;
  for (const value of deviation) {
    smallest = Math.min(smallest, value);
    largest = Math.max(largest, value);
  }
  if (deviation.length === 0 || smallest >= RAMP_LABEL_RATIO * largest) return undefined;
  const runs: LabelRun[] = [];
  let start = 0;
  let level = levelOfDeviation(deviation[0]!);
  let runLargest = 0;
  const close = (end: number) =>
    runs.push({ firstSample: firstSample + start, sampleCount: end - start, level, largestDeviation: runLargest });
  for (let k = 0; k < deviation.length; k++) {
    const sampleLevel = levelOfDeviation(deviation[k]!);
    if (sampleLevel !== level) {
      close(k);
      start = k;
      level = sampleLevel;
      runLargest = 0;
    }
    runLargest = Math.max(runLargest, deviation[k]!);
  }
  close(deviation.length);
  return runs;
}
