import { SeededRandom } from '@tsc/shared';
import { MODERATE_STRENGTH_MAX, STRENGTH_BANDS } from '../physics/distortion-strength.js';
import type { DistortionKind, DistortionLevel, Plan, PlanSegment } from '../plan/plan-types.js';
import { scaledCalibration } from './scaled-calibration.js';
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
  for (let start = 0, index = 0; start < durationSec - 1e-9; start += segmentSec, index++) {
    const { rotation_rpy_degrees, translation_m } = segmentMotion(motion, random);
    const segment: PlanSegment = {
      name: `${motion}_${index}`,
      duration_s: Math.min(segmentSec, durationSec - start),
      rotation_rpy_degrees,
      mag_distortion: { level, kind },
      magnetic_distortion: segmentStrength(level, random),
    };
    if (translation_m !== undefined) {
      const closest_approach_m = Math.max(0.3, Math.hypot(translation_m.x, translation_m.y));
      if (kind === 'dipole') segment.mag_distortion = { level, kind, closest_approach_m };
      segment.translation_m = translation_m;
    }
    segments.push(segment);
  }
  return {
    initialization: {
      pose: {
        origin: { lat: 38.446421508551126, lng: -122.6870156573012, height: 0 },
        position: { x: 0, y: 0, z: 0 },
        rotation: randomOrientation(random),
      },
      start_time_ns: 0,
      sample_rate: sampleRateHz,
      mag: { calibration: scaledCalibration(0.00053) },
      acc: { calibration: scaledCalibration(0.000185) },
      gyro: { calibration: scaledCalibration(0.00001) },
      seed: random.nextUint32(),
    },
    segments,
  };
}

/** A segment's random rotation for a motion (degrees) and, for `carry`, its slow 0.3–1 m translation. */
function segmentMotion(
  motion: DatasetMotion,
  random: SeededRandom,
): Pick<PlanSegment, 'rotation_rpy_degrees' | 'translation_m'> {
  const still = { roll: 0, pitch: 0, yaw: 0 };
  switch (motion) {
    case 'roll':
      return { rotation_rpy_degrees: { ...still, roll: signed(random, 20, 90) } };
    case 'pitch':
      return { rotation_rpy_degrees: { ...still, pitch: signed(random, 20, 90) } };
    case 'yaw':
      return { rotation_rpy_degrees: { ...still, yaw: signed(random, 30, 180) } };
    case 'tumble': {
      const roll = random.uniform(-90, 90);
      const pitch = random.uniform(-90, 90);
      return { rotation_rpy_degrees: { roll, pitch, yaw: random.uniform(-180, 180) } };
    }
    case 'carry': {
      const heading = random.uniform(0, 2 * Math.PI);
      const distance = random.uniform(0.3, 1);
      const z = random.uniform(-0.1, 0.1);
      const translation_m = { x: distance * Math.cos(heading), y: distance * Math.sin(heading), z };
      return { rotation_rpy_degrees: { ...still, yaw: random.uniform(-45, 45) }, translation_m };
    }
    default:
      return { rotation_rpy_degrees: still };
  }
}

/** A segment's distortion strength: 0 for level none, else uniform in the level's band (capped at the moderate top). */
function segmentStrength(level: DistortionLevel, random: SeededRandom): number {
  const band = STRENGTH_BANDS[level];
  return level === 'none' ? 0 : random.uniform(band.min, Math.min(band.max, MODERATE_STRENGTH_MAX));
}

/** A uniformly random orientation: a normalised 4-D Gaussian. */
function randomOrientation(random: SeededRandom): { w: number; x: number; y: number; z: number } {
  const q = [random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()];
  const norm = Math.hypot(...q);
  return { w: q[0]! / norm, x: q[1]! / norm, y: q[2]! / norm, z: q[3]! / norm };
}
