import type { ImuRecording, SensorCalibration, TopicSeries } from '@tsc/mcap-utils';
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

/**
 * Wraps a generator's arrays into an {@link ImuRecording} with the reference's seven topics (in its channel
 * order), the plan's calibrations, units and generator metadata.
 */
export function assembleRecording(
  arrays: GeneratedArrays,
  init: PlanInitialization,
  { magTruthUnit, accTruthUnit, extra }: { magTruthUnit: string; accTruthUnit: string; extra: Record<string, string> },
): ImuRecording {
  const series = (topic: string, values: Float64Array, width: number): [string, TopicSeries] => [
    topic,
    { topic, timestampsNs: arrays.timestampsNs, values, width },
  ];
  return {
    topics: new Map([
      series('pose_truth', arrays.pose, 10),
      series('mag_truth', arrays.magTruth, 3),
      series('acc_truth', arrays.accTruth, 3),
      series('gyro_truth', arrays.gyroTruth, 3),
      series('mag_raw', arrays.magRaw, 3),
      series('acc_raw', arrays.accRaw, 3),
      series('gyro_raw', arrays.gyroRaw, 3),
    ]),
    metadata: {
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
    },
  };
}
