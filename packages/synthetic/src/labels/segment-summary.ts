import type { DistortionKind, DistortionLevel } from '../plan/plan-types.js';
import type { LabelRun } from './deviation-labels.js';

/** What the generator did in one plan segment: its samples and the distortion it applied. */
export interface SegmentSummary {
  /** The segment's `name` in the plan. */
  readonly name: string;
  /** Index of the segment's first sample in the recording. */
  readonly firstSample: number;
  /** Number of samples in the segment (may be 0 for a segment shorter than one sample period). */
  readonly sampleCount: number;
  /** Time of the segment's first sample (ns); for an empty segment, the time the next sample would have. */
  readonly startTimeNs: bigint;
  /** End of the segment (ns, exclusive): the time of the next segment's first sample. */
  readonly endTimeNs: bigint;
  /** Distortion level, as labelled. */
  readonly level: DistortionLevel;
  /** Distortion strength actually applied: the largest relative field deviation ‖Δm‖/‖B‖ (0 for none). */
  readonly strength: number;
  /** Distortion model applied (`undefined` when the level is none). */
  readonly kind: DistortionKind | undefined;
  /** Whether the plan segment carried distortion information (`mag_distortion` or `magnetic_distortion`). */
  readonly hasDistortionInfo: boolean;
  /**
   * Runs of one label inside the segment, when its deviation varies too much for one label (an approach,
   * departure or pass): each run is labelled by the deviation of its samples, `level: undefined` runs (between
   * the bands) stay unlabelled. Absent when the segment has one label.
   */
  readonly labelRuns?: readonly SegmentLabelRun[];
}

/** A run of samples of one label inside a segment (see {@link SegmentSummary.labelRuns}). */
export interface SegmentLabelRun extends LabelRun {
  /** Time of the run's first sample (ns). */
  readonly startTimeNs: bigint;
  /** Time of the sample after the run (ns, exclusive). */
  readonly endTimeNs: bigint;
}
