import { STRENGTH_BANDS } from '../physics/distortion-strength.js';
import type { DistortionLevel } from '../plan/plan-types.js';
import type { SegmentLabelRun } from './segment-summary.js';

/**
 * Largest relative deviation ‖Δm‖/‖B‖ labelled `none` inside a ramp or pass: 5 % of the field, about the ±2 µT
 * (4–5 % of 44 µT) a calibrated real magnetometer's |m| swings by with orientation and noise, and far from `low`'s 15 %.
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
  const builder = new LabelRunBuilder(firstSample);
  for (const value of deviation) builder.add(value, 0n);
  return builder.finish(0n)?.map(({ startTimeNs: _start, endTimeNs: _end, ...run }) => run);
}

/**
 * {@link labelRuns} one sample at a time, for a segment too long to hold: keeps only the runs so far and the
 * smallest and largest deviation, and decides at {@link LabelRunBuilder.finish} whether the segment is cut.
 * @internal
 */
export class LabelRunBuilder {
  readonly #firstSample: number;
  readonly #starts: { sample: number; level: DistortionLevel | undefined; timeNs: bigint; largest: number }[] = [];
  #count = 0;
  #smallest = Number.POSITIVE_INFINITY;
  #largest = 0;

  /** @param firstSample - Index of the segment's first sample in the recording. */
  constructor(firstSample: number) {
    this.#firstSample = firstSample;
  }

  /**
   * Adds the segment's next sample.
   *
   * @param deviation - Its ‖Δm‖/‖B‖.
   * @param timeNs - Its log time (ns).
   */
  add(deviation: number, timeNs: bigint): void {
    this.#smallest = Math.min(this.#smallest, deviation);
    this.#largest = Math.max(this.#largest, deviation);
    const level = levelOfDeviation(deviation);
    const open = this.#starts.at(-1);
    if (open === undefined || open.level !== level) {
      this.#starts.push({ sample: this.#count, level, timeNs, largest: deviation });
    } else open.largest = Math.max(open.largest, deviation);
    this.#count++;
  }

  /**
   * The runs, or `undefined` when the segment keeps one label (no samples, or a smallest deviation of at least
   * {@link RAMP_LABEL_RATIO} times the largest).
   *
   * @param endTimeNs - The time of the sample after the segment (ns).
   */
  finish(endTimeNs: bigint): SegmentLabelRun[] | undefined {
    if (this.#count === 0 || this.#smallest >= RAMP_LABEL_RATIO * this.#largest) return undefined;
    return this.#starts.map((run, i) => {
      const next = this.#starts[i + 1];
      return {
        firstSample: this.#firstSample + run.sample,
        sampleCount: (next?.sample ?? this.#count) - run.sample,
        level: run.level,
        largestDeviation: run.largest,
        startTimeNs: run.timeNs,
        endTimeNs: next?.timeNs ?? endTimeNs,
      };
    });
  }
}
