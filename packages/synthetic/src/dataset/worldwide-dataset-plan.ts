import { SeededRandom } from '@tsc/shared';
import { MODERATE_STRENGTH_MAX, STRENGTH_BANDS } from '../physics/distortion-strength.js';
import type { DistortionEnvelope, DistortionKind, Plan, PlanMagDistortion, PlanSegment } from '../plan/plan-types.js';
import { drawMotion, WORLDWIDE_MOTIONS, type WorldwideMotion } from './worldwide-motions.js';
import { drawSensors } from './worldwide-sensors.js';

/** A disturbed level of a worldwide recording. */
export type DisturbedLevel = 'low' | 'high';

/** Distortion kinds of worldwide recordings, most frequent first (a uniform world offset is the rarest). */
export const WORLDWIDE_DISTORTION_KINDS: readonly DistortionKind[] = [
  'body_hard_iron',
  'dipole',
  'ferrous_object',
  'soft_iron',
  'world_hard_iron',
];

const KIND_WEIGHTS: Readonly<Record<DistortionKind, number>> = {
  body_hard_iron: 0.3,
  dipole: 0.25,
  ferrous_object: 0.2,
  soft_iron: 0.15,
  world_hard_iron: 0.1,
};

/** Common device sample rates (Hz); 95.238 Hz is a phone's 10.5 ms period. */
export const COMMON_SAMPLE_RATES_HZ: readonly number[] = [50, 60, 1e3 / 10.5, 100, 104, 200, 208, 400];

/** First day of WMM2025's validity, and its length in days (2024-11-13 to 2029-11-12). */
const WMM_START_MS = Date.UTC(2024, 10, 13);
const WMM_DAYS = 1825;

/** Options of {@link createWorldwideDatasetPlan}. */
export interface WorldwideDatasetPlanOptions {
  /** Seed of every choice (place, date, sensors, rate, jitter, motions, disturbances) and of the noise. */
  seed: number;
  /** Recording length (s). Defaults to 60. */
  durationSec?: number;
  /** Sample rate (Hz). Defaults to a draw: half from {@link COMMON_SAMPLE_RATES_HZ}, half log-uniform in 50–400. */
  sampleRateHz?: number;
  /** Range of the share of the recording planned clean (undisturbed). Defaults to `[0.5, 0.8]`. */
  cleanShare?: readonly [number, number];
  /** Disturbed levels, alternated over the disturbed segments. Defaults to `['low', 'high']`. */
  disturbedLevels?: readonly DisturbedLevel[];
  /** Level of the first disturbed segment. Defaults to a draw from `disturbedLevels`. */
  firstDisturbedLevel?: DisturbedLevel;
  /** Distortion kinds to draw from (weighted). Defaults to {@link WORLDWIDE_DISTORTION_KINDS}. */
  kinds?: readonly DistortionKind[];
  /** Motions to draw from (uniformly). Defaults to {@link WORLDWIDE_MOTIONS}. */
  motions?: readonly WorldwideMotion[];
  /** Range of segment lengths (s). Defaults to `[3, 10]`. */
  segmentSecRange?: readonly [number, number];
  /**
   * Jitter the timestamps (none for a third of the recordings, else 0.5–5 % of a period). With false every
   * recording has an exact clock (the other draws stay the same). Defaults to true.
   */
  timestampJitter?: boolean;
}

function pick<T>(items: readonly T[], random: SeededRandom): T {
  return items[Math.floor(random.nextFloat() * items.length)]!;
}

function pickWeighted(kinds: readonly DistortionKind[], random: SeededRandom): DistortionKind {
  const total = kinds.reduce((sum, kind) => sum + KIND_WEIGHTS[kind], 0);
  let x = random.nextFloat() * total;
  for (const kind of kinds) {
    x -= KIND_WEIGHTS[kind];
    if (x < 0) return kind;
  }
  return kinds[kinds.length - 1]!;
}

/** A place uniform on the sphere (latitude = asin of a uniform), 0–2000 m high, and a day inside WMM2025. */
function drawPlace(random: SeededRandom) {
  const lat = (Math.asin(random.uniform(-1, 1)) * 180) / Math.PI;
  const lng = random.uniform(-180, 180);
  const height = random.uniform(0, 2000);
  const day = Math.floor(random.nextFloat() * WMM_DAYS);
  const date = new Date(WMM_START_MS + day * 86_400_000).toISOString().slice(0, 10);
  return { origin: { lat, lng, height }, date };
}

function drawSampleRate(random: SeededRandom): number {
  if (random.nextFloat() < 0.5) return pick(COMMON_SAMPLE_RATES_HZ, random);
  return Math.round(50 * 8 ** random.nextFloat() * 1000) / 1000;
}

/** No jitter for a third of the recordings (hardware timestamps), else 0.5–5 % of a period. */
function drawJitter(rate: number, random: SeededRandom): number {
  return random.nextFloat() < 1 / 3 ? 0 : random.uniform(0.005, 0.05) / rate;
}

/** Segment lengths filling the recording; a remainder shorter than the minimum joins the last segment. */
function segmentLengths(durationSec: number, [min, max]: readonly [number, number], random: SeededRandom): number[] {
  const lengths: number[] = [];
  let left = durationSec;
  while (left > 1e-9) {
    const length = Math.min(left, random.uniform(min, max));
    if (left - length < min && lengths.length > 0 && left - length > 1e-9) {
      lengths.push(left);
      break;
    }
    lengths.push(length);
    left -= length;
  }
  return lengths;
}

/**
 * Which segments are disturbed: in a random order, each segment that still fits under the disturbed-time target
 * (so the clean share is never below plan); at least one, the shortest, when none fits.
 */
function disturbedSegments(lengths: readonly number[], targetSec: number, random: SeededRandom): Set<number> {
  const order = lengths.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextFloat() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const chosen = new Set<number>();
  let time = 0;
  for (const index of order) {
    if (time + lengths[index]! > targetSec + 1e-9) continue;
    chosen.add(index);
    time += lengths[index]!;
  }
  if (chosen.size === 0) chosen.add(lengths.indexOf(Math.min(...lengths)));
  return chosen;
}

/** The distortion of a disturbed segment: kind (weighted), envelope, strength inside the level's band, geometry. */
function drawDistortion(level: DisturbedLevel, kind: DistortionKind, random: SeededRandom) {
  const band = STRENGTH_BANDS[level];
  const info: PlanMagDistortion = { level, kind };
  if (kind === 'dipole' || kind === 'ferrous_object') {
    info.closest_approach_m = random.uniform(0.1, 0.6);
  } else {
    const x = random.nextFloat();
    const envelope: DistortionEnvelope = x < 0.5 ? 'step' : x < 0.75 ? 'approach' : 'departure';
    if (envelope !== 'step') {
      info.envelope = envelope;
      info.far_distance_ratio = random.uniform(1.8, 3.5);
    }
  }
  // high: half moderate (0.6–1× the field), half strong (a near magnet, 1–3×, log-uniform)
  const strong = level === 'high' && random.nextFloat() < 0.5;
  const strength = strong
    ? MODERATE_STRENGTH_MAX * (band.max / MODERATE_STRENGTH_MAX) ** random.nextFloat()
    : random.uniform(band.min, Math.min(band.max, MODERATE_STRENGTH_MAX));
  return { mag_distortion: info, magnetic_distortion: strength };
}

/**
 * A plan for one worldwide dataset recording: a random place on Earth and date inside WMM2025 (so a field of about
 * 22–67 µT and any dip), a magnetometer and an IMU drawn from real parts with residual calibration error, bias
 * instability and warm-up drift, a sample rate of 50–400 Hz with timestamp jitter, segments of varied motion, and
 * disturbances (a magnet on the device, magnets and ferrous objects passed, soft iron, rarely a uniform offset;
 * steps, approaches and departures) on `1 − cleanShare` of the time, so the recording's median field stays the
 * undisturbed one. Pure and deterministic: the same options give the same plan.
 */
export function createWorldwideDatasetPlan({
  seed,
  durationSec = 60,
  sampleRateHz,
  cleanShare = [0.5, 0.8],
  disturbedLevels = ['low', 'high'],
  firstDisturbedLevel,
  kinds = WORLDWIDE_DISTORTION_KINDS,
  motions = WORLDWIDE_MOTIONS,
  segmentSecRange = [3, 10],
  timestampJitter = true,
}: WorldwideDatasetPlanOptions): Plan {
  const random = new SeededRandom(seed);
  const { origin, date } = drawPlace(random);
  const rate = sampleRateHz ?? drawSampleRate(random);
  const jitter = drawJitter(rate, random) * (timestampJitter ? 1 : 0);
  const sensors = drawSensors(rate, random);
  const lengths = segmentLengths(durationSec, segmentSecRange, random);
  const clean = random.uniform(cleanShare[0], cleanShare[1]);
  const disturbed =
    disturbedLevels.length === 0 ? new Set<number>() : disturbedSegments(lengths, (1 - clean) * durationSec, random);
  let levelIndex = Math.max(0, disturbedLevels.indexOf(firstDisturbedLevel ?? pick(disturbedLevels, random)));
  const segments: PlanSegment[] = lengths.map((length, index) => {
    const motion = pick(motions, random);
    const segment: PlanSegment = {
      name: `${motion}_${index}`,
      duration_s: length,
      ...drawMotion(motion, length, random),
    };
    if (!disturbed.has(index)) return { ...segment, mag_distortion: { level: 'none' }, magnetic_distortion: 0 };
    const level = disturbedLevels[levelIndex++ % disturbedLevels.length]!;
    return { ...segment, ...drawDistortion(level, pickWeighted(kinds, random), random) };
  });
  const q = [random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()];
  const norm = Math.hypot(...q);
  return {
    initialization: {
      pose: {
        origin,
        position: { x: 0, y: 0, z: 0 },
        rotation: { w: q[0]! / norm, x: q[1]! / norm, y: q[2]! / norm, z: q[3]! / norm },
      },
      start_time_ns: 0,
      sample_rate: rate,
      ...sensors,
      seed: random.nextUint32(),
      date,
      gravity_m_s2: 'wgs84',
      timestamp_jitter_s: jitter,
    },
    segments,
  };
}
