import type { SeededRandom } from '@tsc/shared';
import type { PlanSegment } from '../plan/plan-types.js';
import type { ResolvedDistortion } from './distortion-strength.js';

/** Default closest approach of the dipole kinds (m). */
export const DEFAULT_DIPOLE_CLOSEST_APPROACH_M = 0.3;

/** Default start (end) distance of an `approach` (`departure`) envelope, as a multiple of the closest one. */
export const DEFAULT_FAR_DISTANCE_RATIO = 2.5;

/** Largest tilt of a hard-iron offset away from (anti)parallel to the field (degrees). */
const MAX_TILT_DEG = 25;

type Vector = [number, number, number];

/** The distortion of one segment, ready to add per sample (see {@link distortionFieldAt}). */
export interface SegmentDistortion {
  /** Constant world-frame offset (µT). */
  readonly worldOffset: Vector;
  /** Constant body-frame offset (µT). */
  readonly bodyOffset: Vector;
  /** Soft-iron matrix K (row-major), added as K·(Rᵀ B); `undefined` for none. */
  readonly softIron: Float64Array | undefined;
  /** The dipole of the `dipole` and `ferrous_object` kinds, evaluated per sample; `undefined` for none. */
  readonly dipole: DipoleGeometry | undefined;
  /** The strength envelope over the segment; `undefined` for a step (constant strength). */
  readonly envelope: EnvelopeShape | undefined;
}

/** Where a segment's samples are, visited in order without holding them: device positions and progress. */
export interface SegmentPath {
  /** Device position at the segment start (without oscillations), ENU (m). */
  readonly start: readonly number[];
  /**
   * Calls `visit` for every sample of the segment, in order, with the device position (ENU, m, oscillations
   * included; the array is reused between calls) and the progress u = τ/T.
   */
  forEachSample(visit: (position: Float64Array, progress: number) => void): void;
}

/** A segment's dipole: where it sits, its moment, and the scale that makes its largest field `magnitude`. */
export interface DipoleGeometry {
  /** Distance of the dipole from the device's mid-segment path (m). */
  readonly closest: number;
  /** The segment's planned translation (ENU, m); zero when the dipole is carried past the device instead. */
  readonly translation: readonly number[];
  /** Unit vector from the device's path to the dipole. */
  readonly normal: readonly number[];
  /** Unit direction the dipole moves along over the segment when there is no translation, else zero. */
  readonly along: readonly number[];
  /** Its moment before scaling (unit-free). */
  readonly moment: readonly number[];
  /** Device position at the segment start (ENU, m). */
  readonly start: readonly number[];
  /** Multiplies the unit-moment field (µT per unit). */
  readonly scale: number;
}

/** An `approach` or `departure` envelope: distance ratio from `far` to 1 (or back) over the segment. */
export interface EnvelopeShape {
  readonly approach: boolean;
  readonly far: number;
}

function randomUnit(random: SeededRandom): Vector {
  for (;;) {
    const x = random.nextGaussian();
    const y = random.nextGaussian();
    const z = random.nextGaussian();
    const n = Math.hypot(x, y, z);
    if (n > 1e-6) return [x / n, y / n, z / n];
  }
}

function randomPerpendicular(v: readonly number[], random: SeededRandom): Vector {
  const [vx = 0, vy = 0, vz = 0] = v;
  for (;;) {
    const [x, y, z] = randomUnit(random);
    const dot = x * vx + y * vy + z * vz;
    const px = x - dot * vx;
    const py = y - dot * vy;
    const pz = z - dot * vz;
    const n = Math.hypot(px, py, pz);
    if (n > 1e-3) return [px / n, py / n, pz / n];
  }
}

/** A unit vector ±v̂ tilted by up to {@link MAX_TILT_DEG} in a random direction (random sign). */
function tiltedDirection(v: readonly number[], random: SeededRandom): Vector {
  const [vx = 0, vy = 0, vz = 0] = v;
  const e = randomPerpendicular(v, random);
  const sign = random.nextFloat() < 0.5 ? -1 : 1;
  const tilt = random.uniform(0, (MAX_TILT_DEG * Math.PI) / 180);
  const c = Math.cos(tilt) * sign;
  const s = Math.sin(tilt) * sign;
  return [c * vx + s * e[0], c * vy + s * e[1], c * vz + s * e[2]];
}

/** K = ±s·Σ cᵢ eᵢeᵢᵀ with e₁ along the body field at the segment start, c₁ = 1, c₂, c₃ ∈ [0.8, 1]. */
function softIronMatrix(strength: number, bodyUnit: readonly number[], random: SeededRandom): Float64Array {
  const e1 = bodyUnit;
  const e2 = randomPerpendicular(e1, random);
  const e3 = [e1[1]! * e2[2] - e1[2]! * e2[1], e1[2]! * e2[0] - e1[0]! * e2[2], e1[0]! * e2[1] - e1[1]! * e2[0]];
  const sign = random.nextFloat() < 0.5 ? -1 : 1;
  const c2 = random.uniform(0.8, 1);
  const c3 = random.uniform(0.8, 1);
  const k = strength * sign;
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) out[i * 3 + j] = k * (e1[i]! * e1[j]! + c2 * e2[i]! * e2[j]! + c3 * e3[i]! * e3[j]!);
  }
  return out;
}

interface DipoleInputs {
  magnitude: number;
  fieldUnit: readonly number[];
  path: SegmentPath;
  random: SeededRandom;
  induced: boolean;
}

/**
 * The dipole of a segment: fixed in the world (or, without a translation, carried past the device), `closest`
 * metres from the device's mid-segment position, perpendicular to the translation, scaled so its largest norm
 * over the segment's samples (the device's real positions, oscillations included) is `magnitude`. A permanent
 * magnet's moment makes the field at closest approach lie along ±B (tilted); a ferrous object's moment is
 * induced along B.
 */
function dipoleGeometry(
  segment: PlanSegment,
  { magnitude, fieldUnit, path, random, induced }: DipoleInputs,
): DipoleGeometry {
  const closest = segment.mag_distortion?.closest_approach_m ?? DEFAULT_DIPOLE_CLOSEST_APPROACH_M;
  const d = [segment.translation_m?.x ?? 0, segment.translation_m?.y ?? 0, segment.translation_m?.z ?? 0];
  const length = Math.hypot(d[0]!, d[1]!, d[2]!);
  const normal =
    length > 0
      ? randomPerpendicular(
          d.map((value) => value / length),
          random,
        )
      : randomUnit(random);
  const along = length > 0 ? [0, 0, 0] : randomPerpendicular(normal, random);
  const target = tiltedDirection(fieldUnit, random);
  const tn = target[0] * normal[0] + target[1] * normal[1] + target[2] * normal[2];
  // m = (3/2·n̂n̂ᵀ − I)·t̂ inverts t̂ = (3n̂n̂ᵀ − I)·m: the field at closest approach lies along t̂
  const moment = induced
    ? fieldUnit
    : [1.5 * tn * normal[0] - target[0], 1.5 * tn * normal[1] - target[1], 1.5 * tn * normal[2] - target[2]];
  const unit: DipoleGeometry = { closest, translation: d, normal, along, moment, start: path.start, scale: 1 };
  const field = new Float64Array(3);
  let largest = 0;
  path.forEachSample((position, progress) => {
    dipoleFieldAt(unit, position, progress, field, 0);
    largest = Math.max(largest, Math.hypot(field[0]!, field[1]!, field[2]!));
  });
  return { ...unit, scale: largest > 0 ? magnitude / largest : 0 };
}

/**
 * The world-frame field of a segment's dipole (µT) at a device position and progress u = τ/T, into
 * `out[o..o+2]`: (3(m·r̂)r̂ − m)/‖r‖³ times the segment's scale.
 */
export function dipoleFieldAt(
  dipole: DipoleGeometry,
  position: ArrayLike<number>,
  progress: number,
  out: Float64Array,
  o: number,
): void {
  const { closest, translation: d, normal, along, moment, start } = dipole;
  const r = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const at = start[i]! + d[i]! / 2 + closest * normal[i]! + (progress - 0.5) * 0.5 * closest * along[i]!;
    r[i] = at - position[i]!;
  }
  const distance = Math.hypot(r[0]!, r[1]!, r[2]!);
  const ux = r[0]! / distance;
  const uy = r[1]! / distance;
  const uz = r[2]! / distance;
  const dot = moment[0]! * ux + moment[1]! * uy + moment[2]! * uz;
  const inv3 = 1 / (distance * distance * distance);
  out[o] = (3 * dot * ux - moment[0]!) * inv3 * dipole.scale;
  out[o + 1] = (3 * dot * uy - moment[1]!) * inv3 * dipole.scale;
  out[o + 2] = (3 * dot * uz - moment[2]!) * inv3 * dipole.scale;
}

/** The envelope of a segment: `undefined` for a step, else its direction and far distance ratio. */
function envelopeShape(segment: PlanSegment): EnvelopeShape | undefined {
  const envelope = segment.mag_distortion?.envelope ?? 'step';
  if (envelope === 'step') return undefined;
  return {
    approach: envelope === 'approach',
    far: segment.mag_distortion?.far_distance_ratio ?? DEFAULT_FAR_DISTANCE_RATIO,
  };
}

/**
 * The strength factor at progress u = τ/T: 1 for a step; for `approach` (1/ρ(u))³ with the distance ratio ρ
 * falling linearly from `far_distance_ratio` to 1 over the segment, for `departure` the reverse.
 */
export function envelopeAt(envelope: EnvelopeShape | undefined, progress: number): number {
  if (envelope === undefined) return 1;
  const u = Math.min(1, Math.max(0, progress));
  const ratio = 1 + (envelope.far - 1) * (envelope.approach ? 1 - u : u);
  return 1 / (ratio * ratio * ratio);
}

/**
 * Sets up one segment's distortion (physical mode), scaled so its largest deviation ‖Δm‖ is strength·‖B‖. Draws
 * the segment's geometry from `random`; a dipole visits the segment's path once (`path.forEachSample`) for its scale.
 *
 * @param bodyUnit - The unit Earth field in the body frame at the segment start.
 */
export function segmentDistortion(
  segment: PlanSegment,
  resolved: ResolvedDistortion,
  {
    fieldNorm,
    fieldUnit,
    bodyUnit,
    path,
    random,
  }: {
    fieldNorm: number;
    fieldUnit: readonly number[];
    bodyUnit: readonly number[];
    path: SegmentPath;
    random: SeededRandom;
  },
): SegmentDistortion {
  const magnitude = resolved.strength * fieldNorm;
  const result = {
    worldOffset: [0, 0, 0] as Vector,
    bodyOffset: [0, 0, 0] as Vector,
    softIron: undefined as Float64Array | undefined,
    dipole: undefined as DipoleGeometry | undefined,
    envelope: resolved.kind === undefined ? undefined : envelopeShape(segment),
  };
  switch (resolved.kind) {
    case 'world_hard_iron': {
      const info = segment.mag_distortion;
      const given = [info?.world_x ?? 0, info?.world_y ?? 0, info?.world_z ?? 0];
      const givenNorm = Math.hypot(given[0]!, given[1]!, given[2]!);
      const direction = givenNorm > 0 ? given.map((value) => value / givenNorm) : tiltedDirection(fieldUnit, random);
      result.worldOffset = direction.map((value) => magnitude * value) as Vector;
      break;
    }
    case 'body_hard_iron':
      result.bodyOffset = tiltedDirection(bodyUnit, random).map((value) => magnitude * value) as Vector;
      break;
    case 'soft_iron':
      result.softIron = softIronMatrix(resolved.strength, bodyUnit, random);
      break;
    case 'dipole':
    case 'ferrous_object':
      result.dipole = dipoleGeometry(segment, {
        magnitude,
        fieldUnit,
        path,
        random,
        induced: resolved.kind === 'ferrous_object',
      });
      break;
    default:
      break;
  }
  return result;
}
