import type { ImuRecording, RecordingMetadata, SensorCalibration, TopicSeries } from '@tsc/mcap-utils';
import type { PlanInitialization, PlanSensor } from '../plan/plan-types.js';

/** The per-sample arrays a generator fills, all sharing one time base. */
export interface GeneratedArrays {
  /** Sample times (ns), shared by every topic. */
  readonly timestampsNs: BigInt64Array;
  /** `pose_truth`, row-major `[n, 10]`. */
  readonly pose: Float64Array;
  /** `mag_truth`, row-major `[n, 3]`. */
  readonly magTruth: Float64Array;
  /** `acc_truth`, row-major `[n, 3]`. */
  readonly accTruth: Float64Array;
  /** `gyro_truth`, row-major `[n, 3]`. */
  readonly gyroTruth: Float64Array;
  /** `mag_raw`, row-major `[n, 3]`. */
  readonly magRaw: Float64Array;
  /** `acc_raw`, row-major `[n, 3]`. */
  readonly accRaw: Float64Array;
  /** `gyro_raw`, row-major `[n, 3]`. */
  readonly gyroRaw: Float64Array;
}

function calibrationOf(sensor: PlanSensor): SensorCalibration {
  const { bias, matrix } = sensor.calibration;
  return { bias: [bias.x, bias.y, bias.z], matrix: matrix.flat() };
}

/** The topics of a generated recording, in the reference's channel order, and their widths. */
export const RECORDING_TOPICS: readonly (readonly [topic: string, width: number, field: keyof GeneratedArrays])[] = [
  ['pose_truth', 10, 'pose'],
  ['mag_truth', 3, 'magTruth'],
  ['acc_truth', 3, 'accTruth'],
  ['gyro_truth', 3, 'gyroTruth'],
  ['mag_raw', 3, 'magRaw'],
  ['acc_raw', 3, 'accRaw'],
  ['gyro_raw', 3, 'gyroRaw'],
];

/** The topic series of a generator's arrays (a whole recording or one block of it), in {@link RECORDING_TOPICS} order. */
export function recordingTopics(arrays: GeneratedArrays): Map<string, TopicSeries> {
  return new Map(
    RECORDING_TOPICS.map(([topic, width, field]) => [
      topic,
      { topic, timestampsNs: arrays.timestampsNs, values: arrays[field] as Float64Array, width },
    ]),
  );
}

/** What {@link recordingMetadata} adds besides the plan's calibrations. */
export interface GeneratorMetadata {
  /** Unit of `mag_truth`, e.g. `uT`. */
  magTruthUnit: string;
  /** Unit of `acc_truth`, e.g. `m/s^2`. */
  accTruthUnit: string;
  /** Generator details stored under `extra`. */
  extra: Record<string, string>;
}

/** The metadata of a generated recording: units, the plan's calibrations, sample rate and generator details. */
export function recordingMetadata(
  init: PlanInitialization,
  { magTruthUnit, accTruthUnit, extra }: GeneratorMetadata,
): RecordingMetadata {
  return {
    units: {
      mag_truth: magTruthUnit,
      acc_truth: accTruthUnit,
      gyro_truth: 'rad/s',
      mag_raw: 'counts',
      acc_raw: 'counts',
      gyro_raw: 'counts',
      pose_truth: 'deg,deg,m,m,m,m,1,1,1,1',
    },
    calibration: { mag: calibrationOf(init.mag), acc: calibrationOf(init.acc), gyro: calibrationOf(init.gyro) },
    sampleRateHz: init.sample_rate,
    extra: { generator: '@tsc/synthetic', ...extra },
  };
}

/**
 * Wraps a generator's arrays into an {@link ImuRecording} with the reference's seven topics (in its channel
 * order), the plan's calibrations, units and generator metadata.
 */
export function assembleRecording(
  arrays: GeneratedArrays,
  init: PlanInitialization,
  metadata: GeneratorMetadata,
): ImuRecording {
  return { topics: recordingTopics(arrays), metadata: recordingMetadata(init, metadata) };
}
