/** The topics the reference pipeline writes, in its channel registration order. */
export const REFERENCE_TOPICS = [
  'pose_truth',
  'mag_truth',
  'acc_truth',
  'gyro_truth',
  'mag_raw',
  'acc_raw',
  'gyro_raw',
] as const;

/** A topic name the library knows: one of {@link REFERENCE_TOPICS}. Other topic names are kept as plain strings. */
export type KnownTopic = (typeof REFERENCE_TOPICS)[number];

/**
 * One topic of a recording, columnar: sample `i` has time `timestampsNs[i]` and values
 * `values[i * width]` … `values[i * width + width - 1]`.
 */
export interface TopicSeries {
  /** The topic name, e.g. `mag_raw`. */
  readonly topic: string;
  /** Sample times in nanoseconds (the MCAP log time), non-decreasing. */
  readonly timestampsNs: BigInt64Array;
  /** Values, row-major `[samples, width]`. */
  readonly values: Float64Array;
  /** Values per sample: 3 for a vector sensor, 10 for `pose_truth`. */
  readonly width: number;
}

/** A sensor's calibration as the reference models it: `truth = matrix · (raw − bias)`. */
export interface SensorCalibration {
  /** Bias in raw counts, `[x, y, z]`. */
  readonly bias: readonly [number, number, number];
  /** The 3×3 calibration matrix, row-major (9 numbers), physical units per raw count. */
  readonly matrix: readonly number[];
}

/** What a recording knows about itself besides the samples. */
export interface RecordingMetadata {
  /** Physical unit per topic, e.g. `{ mag_truth: 'uT', acc_truth: 'm/s^2', gyro_truth: 'rad/s', mag_raw: 'counts' }`. */
  readonly units?: Readonly<Record<string, string>>;
  /** Calibration per sensor (`mag`, `acc`, `gyro`), as in the plan's `initialization`. */
  readonly calibration?: Readonly<Record<string, SensorCalibration>>;
  /** Nominal sample rate in Hz, when the producer knows it. */
  readonly sampleRateHz?: number;
  /** Free-form string metadata, written as an MCAP metadata record. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** An IMU recording in memory: one {@link TopicSeries} per topic, plus metadata. */
export interface ImuRecording {
  /** Series by topic name, in the order they were registered. */
  readonly topics: ReadonlyMap<string, TopicSeries>;
  /** Units, calibration and other metadata. */
  readonly metadata: RecordingMetadata;
  /** The file the recording was read from, for error messages (`<memory>` for bytes). Defaults to none. */
  readonly source?: string;
}

/** The number of samples in a series. */
export function sampleCount(series: TopicSeries): number {
  return series.timestampsNs.length;
}
