import type { ImuRecording } from '@tsc/mcap-utils';
import type { SegmentSummary } from '../labels/segment-summary.js';
import { invert3x3 } from '../physics/matrix3.js';
import type { Plan, PlanSegment, PlanSensor } from '../plan/plan-types.js';
import { PlanValidationError } from '../plan/validate-plan.js';
import { assembleRecording } from './assemble-recording.js';

/** Output of {@link generateCompat}: the recording and what happened per segment. */
export interface CompatOutput {
  /** The recording, topics in the reference's channel order (without the never-written `pose`). */
  readonly recording: ImuRecording;
  /** One entry per plan segment. */
  readonly segments: readonly SegmentSummary[];
}

/** raw = inverse(M)·truth + bias, in the reference's operation order; writes `out[o..o+2]`. */
function toRaw(
  inv: Float64Array,
  bias: PlanSensor['calibration']['bias'],
  out: Float64Array,
  o: number,
  t: Float64Array,
  i: number,
): void {
  const x = t[i]!;
  const y = t[i + 1]!;
  const z = t[i + 2]!;
  out[o] = inv[0]! * x + inv[1]! * y + inv[2]! * z + bias.x;
  out[o + 1] = inv[3]! * x + inv[4]! * y + inv[5]! * z + bias.y;
  out[o + 2] = inv[6]! * x + inv[7]! * y + inv[8]! * z + bias.z;
}

/**
 * Rotates (vx, vy, vz) by the conjugate of (w, x, y, z) exactly as the reference does:
 * `qi·(0,v)·conj(qi)` with `qi = conj(q)`, two Hamilton products in its operation order.
 */
function rotateByConjugate(
  w: number,
  x: number,
  y: number,
  z: number,
  vx: number,
  vy: number,
  vz: number,
  out: Float64Array,
  o: number,
): void {
  // qi = (w, -x, -y, -z); first product p = qi ⊗ (0, v)
  const qx = -x;
  const qy = -y;
  const qz = -z;
  const pw = w * 0 - qx * vx - qy * vy - qz * vz;
  const px = w * vx + qx * 0 + qy * vz - qz * vy;
  const py = w * vy - qx * vz + qy * 0 + qz * vx;
  const pz = w * vz + qx * vy - qy * vx + qz * 0;
  // r = p ⊗ conj(qi) = p ⊗ (w, x, y, z)
  out[o] = pw * x + px * w + py * z - pz * y;
  out[o + 1] = pw * y - px * z + py * w + pz * x;
  out[o + 2] = pw * z + px * y - py * x + pz * w;
}

/**
 * Reproduces the reference generator (`generator.py` at 95a9317) bit for bit where floating point allows:
 * truncated interval `int(1e9/rate)`, `ceil(duration/interval)` samples per segment (duration·rate + 1 at 30 Hz),
 * the per-sample Euler increment right-multiplied before each sample, a unit-vector field along +y, gravity as
 * +z in g, the small-angle gyroscope `2·q_inc.xyz/dt`, distortion only from `world_x/y/z` scaled by 0.2 (low) or
 * 1.0 (high), and raw = inverse(M)·truth + bias. No noise.
 *
 * @param plan - A validated plan.
 * @throws {@link PlanValidationError} for a segment shorter than one sample period (the reference divides by zero).
 */
export function generateCompat(plan: Plan): CompatOutput {
  const init = plan.initialization;
  const rate = init.sample_rate;
  const interval = Math.trunc(1e9 / rate);
  if (interval < 1) {
    throw new PlanValidationError('initialization.sample_rate', 'a rate ≤ 1e9 Hz in compat mode', rate);
  }
  const counts = compatSampleCounts(plan, rate, interval); // first, so every array is allocated once
  const total = counts.reduce((sum, count) => sum + count, 0);
  const timestamps = new BigInt64Array(total);
  const magTruth = new Float64Array(total * 3);
  const magRaw = new Float64Array(total * 3);
  const accTruth = new Float64Array(total * 3);
  const accRaw = new Float64Array(total * 3);
  const gyroTruth = new Float64Array(total * 3);
  const gyroRaw = new Float64Array(total * 3);
  const pose = new Float64Array(total * 10);

  const magInv = invert3x3(init.mag.calibration.matrix);
  const accInv = invert3x3(init.acc.calibration.matrix);
  const gyroInv = invert3x3(init.gyro.calibration.matrix);
  const { rotation } = init.pose;
  let qw = rotation.w;
  let qx = rotation.x;
  let qy = rotation.y;
  let qz = rotation.z;
  const startNs = BigInt(init.start_time_ns);
  const scratch = new Float64Array(3);
  const summaries: SegmentSummary[] = [];

  let sample = 0;
  plan.segments.forEach((segment, index) => {
    const count = counts[index]!;
    const { iw, ix, iy, iz, gx, gy, gz } = compatIncrement(segment, rate);
    const { level, scale, distorted, wx, wy, wz } = compatDistortion(segment);
    const first = sample;
    for (let k = 0; k < count; k++, sample++) {
      // pose.rotation = pose.rotation ⊗ q_inc (Hamilton, reference order)
      const nw = qw * iw - qx * ix - qy * iy - qz * iz;
      const nx = qw * ix + qx * iw + qy * iz - qz * iy;
      const ny = qw * iy - qx * iz + qy * iw + qz * ix;
      const nz = qw * iz + qx * iy - qy * ix + qz * iw;
      qw = nw;
      qx = nx;
      qy = ny;
      qz = nz;
      const o = sample * 3;
      timestamps[sample] = startNs + BigInt(sample) * BigInt(interval);
      rotateByConjugate(qw, qx, qy, qz, 0.0, 1.0, 0.0, magTruth, o);
      if (distorted) {
        rotateByConjugate(qw, qx, qy, qz, wx, wy, wz, scratch, 0);
        magTruth[o] = magTruth[o]! + scratch[0]! * scale;
        magTruth[o + 1] = magTruth[o + 1]! + scratch[1]! * scale;
        magTruth[o + 2] = magTruth[o + 2]! + scratch[2]! * scale;
      }
      toRaw(magInv, init.mag.calibration.bias, magRaw, o, magTruth, o);
      rotateByConjugate(qw, qx, qy, qz, 0.0, 0.0, 1.0, accTruth, o);
      toRaw(accInv, init.acc.calibration.bias, accRaw, o, accTruth, o);
      gyroTruth[o] = gx;
      gyroTruth[o + 1] = gy;
      gyroTruth[o + 2] = gz;
      toRaw(gyroInv, init.gyro.calibration.bias, gyroRaw, o, gyroTruth, o);
      writePose(pose, sample * 10, init.pose, qw, qx, qy, qz);
    }
    summaries.push({
      name: segment.name,
      firstSample: first,
      sampleCount: count,
      startTimeNs: startNs + BigInt(first) * BigInt(interval),
      endTimeNs: startNs + BigInt(sample) * BigInt(interval),
      level,
      strength: distorted ? scale * Math.hypot(wx, wy, wz) : 0,
      kind: distorted ? 'world_hard_iron' : undefined,
      hasDistortionInfo: segment.mag_distortion !== undefined,
    });
  });
  const series = { timestampsNs: timestamps, pose, magTruth, accTruth, gyroTruth, magRaw, accRaw, gyroRaw };
  return { recording: assembleRecording(series, init, COMPAT_RECORDING_METADATA), segments: summaries };
}

/** The units and metadata of a compat recording: a unit field along +y, gravity in g. */
const COMPAT_RECORDING_METADATA = {
  magTruthUnit: 'earth_field',
  accTruthUnit: 'g',
  extra: {
    mode: 'compat-seed',
    earth_field_enu_uT: '0,1,0',
    earth_field_total_uT: '1',
    earth_field_inclination_deg: '0',
    earth_field_declination_deg: '0',
  },
} as const;

/** Samples per segment, `ceil(duration / interval)`; a segment shorter than one sample period is refused. */
function compatSampleCounts(plan: Plan, rate: number, interval: number): number[] {
  return plan.segments.map((segment, index) => {
    if (Math.trunc(segment.duration_s * rate) < 1) {
      throw new PlanValidationError(
        `segments[${index}].duration_s`,
        `at least one sample period (≥ ${1 / rate} s) in compat mode, where the reference divides by duration·rate`,
        segment.duration_s,
      );
    }
    return Math.ceil(Math.trunc(segment.duration_s * 1e9) / interval);
  });
}

/**
 * A segment's per-sample rotation increment `q_inc` (its roll, pitch and yaw over `n = trunc(duration·rate)`
 * samples, in the reference's Euler order) and the small-angle gyroscope `2·q_inc.xyz/dt`.
 */
function compatIncrement(segment: PlanSegment, rate: number) {
  const n = Math.trunc(segment.duration_s * rate);
  const dt = 1.0 / rate;
  const { roll, pitch, yaw } = segment.rotation_rpy_degrees;
  const r = ((roll / n) * Math.PI) / 180.0;
  const p = ((pitch / n) * Math.PI) / 180.0;
  const y = ((yaw / n) * Math.PI) / 180.0;
  const cr = Math.cos(r * 0.5);
  const sr = Math.sin(r * 0.5);
  const cp = Math.cos(p * 0.5);
  const sp = Math.sin(p * 0.5);
  const cy = Math.cos(y * 0.5);
  const sy = Math.sin(y * 0.5);
  const iw = cr * cp * cy + sr * sp * sy;
  const ix = sr * cp * cy - cr * sp * sy;
  const iy = cr * sp * cy + sr * cp * sy;
  const iz = cr * cp * sy - sr * sp * cy;
  return { iw, ix, iy, iz, gx: (2.0 * ix) / dt, gy: (2.0 * iy) / dt, gz: (2.0 * iz) / dt };
}

/** A segment's distortion as the reference applies it: `world_x/y/z` scaled by 0.2 (low) or 1.0 (high). */
function compatDistortion(segment: PlanSegment) {
  const distortion = segment.mag_distortion;
  const level = distortion?.level ?? 'none';
  return {
    level,
    scale: level === 'low' ? 0.2 : level === 'high' ? 1.0 : 0.0,
    distorted: distortion !== undefined && level !== 'none',
    wx: distortion?.world_x ?? 0.0,
    wy: distortion?.world_y ?? 0.0,
    wz: distortion?.world_z ?? 0.0,
  };
}

/** One pose row at `po`: origin (lat, lng, height), position, orientation. */
function writePose(
  pose: Float64Array,
  po: number,
  { origin, position }: Plan['initialization']['pose'],
  qw: number,
  qx: number,
  qy: number,
  qz: number,
): void {
  pose[po] = origin.lat;
  pose[po + 1] = origin.lng;
  pose[po + 2] = origin.height;
  pose[po + 3] = position.x;
  pose[po + 4] = position.y;
  pose[po + 5] = position.z;
  pose[po + 6] = qw;
  pose[po + 7] = qx;
  pose[po + 8] = qy;
  pose[po + 9] = qz;
}
