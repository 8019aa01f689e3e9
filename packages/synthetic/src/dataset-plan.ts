import { SeededRandom } from '@tsc/shared';
import { MODERATE_STRENGTH_MAX, STRENGTH_BANDS } from './distortion-strength.js';
import type { DistortionKind, DistortionLevel, Plan, PlanSegment } from './plan-types.js';
import { createWorldwideDatasetPlan, type WorldwideDatasetPlanOptions } from './worldwide-dataset-plan.js';

/** Motions of dataset recordings. */
export type DatasetMotion = 'stationary' | 'roll' | 'pitch' | 'yaw' | 'tumble' | 'carry';

/** Every {@link DatasetMotion}. */
export const DATASET_MOTIONS: readonly DatasetMotion[] = ['stationary', 'roll', 'pitch', 'yaw', 'tumble', 'carry'];

/** Every distortion kind. */
export const DISTORTION_KINDS: readonly DistortionKind[] = ['world_hard_iron', 'body_hard_iron', 'soft_iron', 'dipole'];

/** Every distortion level, in class-id order (the table of `@tsc/mcap-utils`). */
export { DISTORTION_LEVELS } from '@tsc/mcap-utils';

/** Options of a fixed (single-place, single-level) dataset recording: the behaviour before worldwide datasets. */
export interface FixedDatasetPlanOptions {
  /** Recording length (s). Defaults to 60. */
  durationSec?: number;
  /** Sample rate (Hz). Defaults to 100. */
  sampleRateHz?: number;
  /** Length of each motion segment (s); the last one may be shorter. Defaults to 10. */
  segmentSec?: number;
  /** Distortion level of the whole recording. */
  level: DistortionLevel;
  /** Distortion model (ignored for level none). */
  kind: DistortionKind;
  /** Motion of the device. */
  motion: DatasetMotion;
  /** Seed of the plan's random choices (angles, strengths, initial orientation) and of its noise. */
  seed: number;
}

const signed = (random: SeededRandom, min: number, max: number): number =>
  (random.nextFloat() < 0.5 ? -1 : 1) * random.uniform(min, max);

/**
 * Options of {@link createDatasetPlan}: with `level`, `kind` and `motion` a fixed recording (one place, ideal
 * sensors, one level throughout), otherwise a worldwide one ({@link WorldwideDatasetPlanOptions}).
 */
export type DatasetPlanOptions = FixedDatasetPlanOptions | WorldwideDatasetPlanOptions;

/**
 * A plan for one dataset recording. By default a worldwide recording drawn from the seed (place, date, sensors,
 * rate, jitter, motions, mixed clean and disturbed segments: {@link createWorldwideDatasetPlan}). Given `level`,
 * `kind` and `motion`, the fixed recording of earlier versions: segments of `segmentSec` with motion-specific random rotations (and, for
 * `carry`, a slow 0.3–1 m translation), a random initial orientation, the reference's calibrations, one level for
 * the whole recording with a strength drawn uniformly from the level's band per segment, and `seed` stored in the
 * plan. Pure and deterministic.
 */
export function createDatasetPlan(options: DatasetPlanOptions): Plan {
  return 'level' in options ? createFixedDatasetPlan(options) : createWorldwideDatasetPlan(options);
}

function createFixedDatasetPlan({
  durationSec = 60,
  sampleRateHz = 100,
  segmentSec = 10,
  level,
  kind,
  motion,
  seed,
}: FixedDatasetPlanOptions): Plan {
  const random = new SeededRandom(seed);
  const segments: PlanSegment[] = [];
  const band = STRENGTH_BANDS[level];
  for (let start = 0, index = 0; start < durationSec - 1e-9; start += segmentSec, index++) {
    const duration = Math.min(segmentSec, durationSec - start);
    let roll = 0;
    let pitch = 0;
    let yaw = 0;
    let translation: PlanSegment['translation_m'];
    switch (motion) {
      case 'roll':
        roll = signed(random, 20, 90);
        break;
      case 'pitch':
        pitch = signed(random, 20, 90);
        break;
      case 'yaw':
        yaw = signed(random, 30, 180);
        break;
      case 'tumble':
        roll = random.uniform(-90, 90);
        pitch = random.uniform(-90, 90);
        yaw = random.uniform(-180, 180);
        break;
      case 'carry': {
        const heading = random.uniform(0, 2 * Math.PI);
        const distance = random.uniform(0.3, 1);
        translation = {
          x: distance * Math.cos(heading),
          y: distance * Math.sin(heading),
          z: random.uniform(-0.1, 0.1),
        };
        yaw = random.uniform(-45, 45);
        break;
      }
      default:
        break;
    }
    const segment: PlanSegment = {
      name: `${motion}_${index}`,
      duration_s: duration,
      rotation_rpy_degrees: { roll, pitch, yaw },
      mag_distortion: { level, kind },
      magnetic_distortion: level === 'none' ? 0 : random.uniform(band.min, Math.min(band.max, MODERATE_STRENGTH_MAX)),
    };
    if (kind === 'dipole' && translation !== undefined) {
      segment.mag_distortion = {
        level,
        kind,
        closest_approach_m: Math.max(0.3, Math.hypot(translation.x, translation.y)),
      };
    }
    if (translation !== undefined) segment.translation_m = translation;
    segments.push(segment);
  }
  // a uniformly random initial orientation (normalised 4-D Gaussian)
  const q = [random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()];
  const norm = Math.hypot(...q);
  const calibration = (scale: number) => ({
    calibration: {
      bias: { x: 0, y: 0, z: 0 },
      matrix: [
        [scale, 0, 0],
        [0, scale, 0],
        [0, 0, scale],
      ],
    },
  });
  return {
    initialization: {
      pose: {
        origin: { lat: 38.446421508551126, lng: -122.6870156573012, height: 0 },
        position: { x: 0, y: 0, z: 0 },
        rotation: { w: q[0]! / norm, x: q[1]! / norm, y: q[2]! / norm, z: q[3]! / norm },
      },
      start_time_ns: 0,
      sample_rate: sampleRateHz,
      mag: calibration(0.00053),
      acc: calibration(0.000185),
      gyro: calibration(0.00001),
      seed: random.nextUint32(),
    },
    segments,
  };
}
