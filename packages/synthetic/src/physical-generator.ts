import type { ImuRecording } from '@tsc/mcap-utils';
import { assembleRecording } from './assemble-recording.js';
import { resolveDistortion } from './distortion-strength.js';
import { DEFAULT_FIELD_DATE, type EarthField, earthField } from './earth-field.js';
import { invert3x3 } from './matrix3.js';
import { type NoiseParameters, resolveNoise } from './noise-model.js';
import type { Plan, PlanSensor } from './plan-types.js';
import { SeededRandom } from './random.js';
import type { SegmentSummary } from './segment-summary.js';

/** Standard gravity (m/s²), used when the plan gives no `gravity_m_s2`. */
export const STANDARD_GRAVITY = 9.80665;

/**
 * WGS84 normal gravity (m/s²) at a geodetic latitude and height: Somigliana's formula with the free-air
 * correction −3.086e-6 s⁻²·h (NIMA TR8350.2, WGS84 constants).
 */
export function normalGravity(latitudeDeg: number, heightM = 0): number {
  const s2 = Math.sin((latitudeDeg * Math.PI) / 180) ** 2;
  return (9.7803253359 * (1 + 0.00193185265241 * s2)) / Math.sqrt(1 - 0.00669437999013 * s2) - 3.086e-6 * heightM;
}

/** Default closest approach of the dipole kind (m). */
export const DEFAULT_DIPOLE_CLOSEST_APPROACH_M = 0.3;

/** Largest tilt of a hard-iron offset away from (anti)parallel to the field (degrees). */
const MAX_TILT_DEG = 25;

/** Output of {@link generatePhysical}. */
export interface PhysicalOutput {
  /** The recording (µT, m/s², rad/s truth; raw counts). */
  readonly recording: ImuRecording;
  /** One entry per plan segment. */
  readonly segments: readonly SegmentSummary[];
  /** Notes about plan values that were adjusted (e.g. a strength clamped into its level's band). */
  readonly warnings: readonly string[];
  /** The Earth field used. */
  readonly earthField: EarthField;
}

interface NoiseState {
  readonly white: number;
  readonly walkStep: number;
  readonly bias: Float64Array;
}

function noiseState(parameters: NoiseParameters, rate: number, random: SeededRandom): NoiseState {
  const bias = new Float64Array(3);
  if (parameters.turnOnBiasSigma > 0) {
    for (let axis = 0; axis < 3; axis++) bias[axis] = parameters.turnOnBiasSigma * random.nextGaussian();
  }
  return {
    white: parameters.whiteNoiseDensity * Math.sqrt(rate),
    walkStep: parameters.biasRandomWalk / Math.sqrt(rate),
    bias,
  };
}

/**
 * measured = truth + bias + white noise, with the bias taking a random-walk step after each sample;
 * raw = inverse(M)·measured + calibration bias. Gaussian draws come in bulk (white, then walk) for speed.
 */
function measureAll(
  state: NoiseState,
  random: SeededRandom,
  inv: Float64Array,
  calibrationBias: PlanSensor['calibration']['bias'],
  truth: Float64Array,
  raw: Float64Array,
  white: Float64Array,
  walk: Float64Array,
): void {
  const { bias, walkStep } = state;
  const sigma = state.white;
  if (sigma > 0) random.fillGaussian(white);
  else white.fill(0);
  if (walkStep > 0) random.fillGaussian(walk);
  else walk.fill(0);
  let b0 = bias[0]!;
  let b1 = bias[1]!;
  let b2 = bias[2]!;
  const i0 = inv[0]!;
  const i1 = inv[1]!;
  const i2 = inv[2]!;
  const i3 = inv[3]!;
  const i4 = inv[4]!;
  const i5 = inv[5]!;
  const i6 = inv[6]!;
  const i7 = inv[7]!;
  const i8 = inv[8]!;
  const { x: cx, y: cy, z: cz } = calibrationBias;
  for (let o = 0; o < truth.length; o += 3) {
    const x = truth[o]! + b0 + sigma * white[o]!;
    const y = truth[o + 1]! + b1 + sigma * white[o + 1]!;
    const z = truth[o + 2]! + b2 + sigma * white[o + 2]!;
    b0 += walkStep * walk[o]!;
    b1 += walkStep * walk[o + 1]!;
    b2 += walkStep * walk[o + 2]!;
    raw[o] = i0 * x + i1 * y + i2 * z + cx;
    raw[o + 1] = i3 * x + i4 * y + i5 * z + cy;
    raw[o + 2] = i6 * x + i7 * y + i8 * z + cz;
  }
  bias[0] = b0;
  bias[1] = b1;
  bias[2] = b2;
}

function randomUnit(random: SeededRandom): [number, number, number] {
  for (;;) {
    const x = random.nextGaussian();
    const y = random.nextGaussian();
    const z = random.nextGaussian();
    const n = Math.hypot(x, y, z);
    if (n > 1e-6) return [x / n, y / n, z / n];
  }
}

function randomPerpendicular(v: readonly number[], random: SeededRandom): [number, number, number] {
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
function tiltedDirection(v: readonly number[], random: SeededRandom): [number, number, number] {
  const [vx = 0, vy = 0, vz = 0] = v;
  const e = randomPerpendicular(v, random);
  const sign = random.nextFloat() < 0.5 ? -1 : 1;
  const tilt = random.uniform(0, (MAX_TILT_DEG * Math.PI) / 180);
  const c = Math.cos(tilt) * sign;
  const s = Math.sin(tilt) * sign;
  return [c * vx + s * e[0], c * vy + s * e[1], c * vz + s * e[2]];
}

/** Body-frame vector of world vector (wx, wy, wz) under rotation matrix R (row-major, body → world): Rᵀ·w. */
function toBody(r: Float64Array, wx: number, wy: number, wz: number, out: Float64Array, o: number): void {
  out[o] = r[0]! * wx + r[3]! * wy + r[6]! * wz;
  out[o + 1] = r[1]! * wx + r[4]! * wy + r[7]! * wz;
  out[o + 2] = r[2]! * wx + r[5]! * wy + r[8]! * wz;
}

/** Rotation matrix (row-major, body → world) of a unit quaternion. */
function rotationMatrix(w: number, x: number, y: number, z: number, r: Float64Array): void {
  const xx = x * x;
  const yy = y * y;
  const zz = z * z;
  const xy = x * y;
  const xz = x * z;
  const yz = y * z;
  const wx = w * x;
  const wy = w * y;
  const wz = w * z;
  r[0] = 1 - 2 * (yy + zz);
  r[1] = 2 * (xy - wz);
  r[2] = 2 * (xz + wy);
  r[3] = 2 * (xy + wz);
  r[4] = 1 - 2 * (xx + zz);
  r[5] = 2 * (yz - wx);
  r[6] = 2 * (xz - wy);
  r[7] = 2 * (yz + wx);
  r[8] = 1 - 2 * (xx + yy);
}

/** q ⊗ exp(ω·τ) for a body rate ω (rad/s), renormalised; writes [w, x, y, z] into out. */
function rotateBy(
  q: Float64Array,
  wx: number,
  wy: number,
  wz: number,
  rate: number,
  tau: number,
  out: Float64Array,
): void {
  const half = 0.5 * rate * tau;
  const c = Math.cos(half);
  const s = rate > 0 ? Math.sin(half) / rate : 0;
  const ew = c;
  const ex = wx * s;
  const ey = wy * s;
  const ez = wz * s;
  const qw = q[0]!;
  const qx = q[1]!;
  const qy = q[2]!;
  const qz = q[3]!;
  const nw = qw * ew - qx * ex - qy * ey - qz * ez;
  const nx = qw * ex + qx * ew + qy * ez - qz * ey;
  const ny = qw * ey - qx * ez + qy * ew + qz * ex;
  const nz = qw * ez + qx * ey - qy * ex + qz * ew;
  const n = Math.sqrt(nw * nw + nx * nx + ny * ny + nz * nz);
  out[0] = nw / n;
  out[1] = nx / n;
  out[2] = ny / n;
  out[3] = nz / n;
}

/**
 * Physical mode: exact orientation (q(t) = q_segmentStart ⊗ exp(ω·t), evaluated per sample, renormalised, no
 * drift), the World Magnetic Model field in µT, specific force in m/s² (gravity plus the linear acceleration of
 * `translation_m`), the exact body rate in rad/s, seeded sensor noise, magnetic distortion per segment, and
 * raw = inverse(M)·measured + bias. Samples sit at `start_time_ns + round(n·1e9/rate)`; segment boundaries are
 * placed on the cumulative plan time, so a segment of duration·rate samples gets exactly that many.
 *
 * @param plan - A validated plan.
 * @param seed - The PRNG seed (noise, distortion geometry).
 */
export function generatePhysical(plan: Plan, seed: number): PhysicalOutput {
  const init = plan.initialization;
  const rate = init.sample_rate;
  const gravity =
    init.gravity_m_s2 === 'wgs84'
      ? normalGravity(init.pose.origin.lat, init.pose.origin.height)
      : (init.gravity_m_s2 ?? STANDARD_GRAVITY);
  const date = init.date ?? DEFAULT_FIELD_DATE;
  const field = earthField({
    latitudeDeg: init.pose.origin.lat,
    longitudeDeg: init.pose.origin.lng,
    heightM: init.pose.origin.height,
    date,
  });
  const [bx, by, bz] = field.enuMicroTesla;
  const bNorm = Math.hypot(bx, by, bz);
  const fieldUnit = [bx / bNorm, by / bNorm, bz / bNorm];

  const master = new SeededRandom(seed);
  const distortionRandom = master.fork();
  const noiseRandom = master.fork();
  const noiseEnabled = init.noise_enabled ?? true;
  const magNoise = noiseState(resolveNoise('mag', init.mag, noiseEnabled), rate, noiseRandom);
  const accNoise = noiseState(resolveNoise('acc', init.acc, noiseEnabled), rate, noiseRandom);
  const gyroNoise = noiseState(resolveNoise('gyro', init.gyro, noiseEnabled), rate, noiseRandom);

  // Segment boundaries on the cumulative plan time: no drift, duration·rate samples per segment.
  const segmentCount = plan.segments.length;
  const startSec = new Float64Array(segmentCount + 1);
  const firstSample = new Int32Array(segmentCount + 1);
  for (let s = 0; s < segmentCount; s++) {
    startSec[s + 1] = startSec[s]! + plan.segments[s]!.duration_s;
    const exact = startSec[s + 1]! * rate;
    firstSample[s + 1] = Math.max(firstSample[s]!, Math.ceil(exact - 1e-9 * Math.max(1, exact)));
  }
  const total = firstSample[segmentCount]!;

  const timestamps = new BigInt64Array(total);
  const startNs = init.start_time_ns;
  const nsPerSample = 1e9 / rate;
  const startBig = BigInt(startNs);
  for (let n = 0; n < total; n++) timestamps[n] = startBig + BigInt(Math.round(n * nsPerSample));
  const timeAt = (n: number): bigint => startBig + BigInt(Math.round(n * nsPerSample));

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
  const { origin, position, rotation } = init.pose;

  const qStart = new Float64Array(4);
  {
    const n = Math.hypot(rotation.w, rotation.x, rotation.y, rotation.z);
    qStart.set([rotation.w / n, rotation.x / n, rotation.y / n, rotation.z / n]);
  }
  const pStart = Float64Array.of(position.x, position.y, position.z);
  const q = new Float64Array(4);
  const r = new Float64Array(9);
  const bodyField = new Float64Array(3);
  const worldOffset = new Float64Array(3);
  const bodyOffset = new Float64Array(3);
  const softIron = new Float64Array(9);
  const summaries: SegmentSummary[] = [];
  const warnings: string[] = [];
  const twoPi = 2 * Math.PI;
  const deg = Math.PI / 180;

  for (let s = 0; s < segmentCount; s++) {
    const segment = plan.segments[s]!;
    const duration = segment.duration_s;
    const { roll, pitch, yaw } = segment.rotation_rpy_degrees;
    const wx = (roll * deg) / duration;
    const wy = (pitch * deg) / duration;
    const wz = (yaw * deg) / duration;
    const wNorm = Math.hypot(wx, wy, wz);
    const dx = segment.translation_m?.x ?? 0;
    const dy = segment.translation_m?.y ?? 0;
    const dz = segment.translation_m?.z ?? 0;
    const first = firstSample[s]!;
    const end = firstSample[s + 1]!;
    const count = end - first;
    const segmentStartSec = startSec[s]!;

    // Distortion set-up for this segment.
    const resolved = resolveDistortion(segment, s);
    if (resolved.warning !== undefined) warnings.push(resolved.warning);
    worldOffset.fill(0);
    bodyOffset.fill(0);
    softIron.fill(0);
    let dipoleSeries: Float64Array | undefined;
    const magnitude = resolved.strength * bNorm;
    rotationMatrix(qStart[0]!, qStart[1]!, qStart[2]!, qStart[3]!, r);
    toBody(r, fieldUnit[0]!, fieldUnit[1]!, fieldUnit[2]!, bodyField, 0);
    const bodyUnit = [bodyField[0]!, bodyField[1]!, bodyField[2]!];
    switch (resolved.kind) {
      case 'world_hard_iron': {
        const info = segment.mag_distortion;
        const given = [info?.world_x ?? 0, info?.world_y ?? 0, info?.world_z ?? 0];
        const givenNorm = Math.hypot(given[0]!, given[1]!, given[2]!);
        const direction =
          givenNorm > 0 ? given.map((value) => value / givenNorm) : tiltedDirection(fieldUnit, distortionRandom);
        for (let axis = 0; axis < 3; axis++) worldOffset[axis] = magnitude * direction[axis]!;
        break;
      }
      case 'body_hard_iron': {
        const direction = tiltedDirection(bodyUnit, distortionRandom);
        for (let axis = 0; axis < 3; axis++) bodyOffset[axis] = magnitude * direction[axis]!;
        break;
      }
      case 'soft_iron': {
        // K = s·σ·Σ cᵢ eᵢeᵢᵀ with e₁ along the body field at the segment start, c₁ = 1, c₂,c₃ ∈ [0.8, 1].
        const e1 = bodyUnit;
        const e2 = randomPerpendicular(e1, distortionRandom);
        const e3 = [e1[1]! * e2[2] - e1[2]! * e2[1], e1[2]! * e2[0] - e1[0]! * e2[2], e1[0]! * e2[1] - e1[1]! * e2[0]];
        const sign = distortionRandom.nextFloat() < 0.5 ? -1 : 1;
        const c2 = distortionRandom.uniform(0.8, 1);
        const c3 = distortionRandom.uniform(0.8, 1);
        const k = resolved.strength * sign;
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 3; j++) {
            softIron[i * 3 + j] = k * (e1[i]! * e1[j]! + c2 * e2[i]! * e2[j]! + c3 * e3[i]! * e3[j]!);
          }
        }
        break;
      }
      case 'dipole': {
        const closest = segment.mag_distortion?.closest_approach_m ?? DEFAULT_DIPOLE_CLOSEST_APPROACH_M;
        const translationNorm = Math.hypot(dx, dy, dz);
        // Relative position dipole − device: the device moves along its translation, or (without one) the dipole
        // passes the device on a straight path of half the closest-approach distance, nearest at mid-segment.
        const normal =
          translationNorm > 0
            ? randomPerpendicular([dx / translationNorm, dy / translationNorm, dz / translationNorm], distortionRandom)
            : randomUnit(distortionRandom);
        const along = translationNorm > 0 ? [0, 0, 0] : randomPerpendicular(normal, distortionRandom);
        // Moment chosen so the dipole's field at closest approach lies along ±B (tilted): m = (3/2·n̂n̂ᵀ − I)·t̂
        // inverts t̂ = (3n̂n̂ᵀ − I)·m, so the field norm, not only the direction, deviates.
        const target = tiltedDirection(fieldUnit, distortionRandom);
        const tn = target[0] * normal[0] + target[1] * normal[1] + target[2] * normal[2];
        const moment = [
          1.5 * tn * normal[0] - target[0],
          1.5 * tn * normal[1] - target[1],
          1.5 * tn * normal[2] - target[2],
        ] as const;
        dipoleSeries = new Float64Array(count * 3);
        let largest = 0;
        for (let k = 0; k < count; k++) {
          const u = ((first + k) / rate - segmentStartSec) / duration;
          const f = u - Math.sin(twoPi * u) / twoPi;
          // device displacement from the segment start
          const px = dx * f;
          const py = dy * f;
          const pz = dz * f;
          const rx = closest * normal[0] + (translationNorm > 0 ? dx / 2 - px : (u - 0.5) * 0.5 * closest * along[0]!);
          const ry = closest * normal[1] + (translationNorm > 0 ? dy / 2 - py : (u - 0.5) * 0.5 * closest * along[1]!);
          const rz = closest * normal[2] + (translationNorm > 0 ? dz / 2 - pz : (u - 0.5) * 0.5 * closest * along[2]!);
          // field at the device of a dipole at r from it: B ∝ (3(m·r̂)r̂ − m)/|r|³ (r̂ sign-symmetric)
          const distance = Math.hypot(rx, ry, rz);
          const ux = rx / distance;
          const uy = ry / distance;
          const uz = rz / distance;
          const dot = moment[0] * ux + moment[1] * uy + moment[2] * uz;
          const inv3 = 1 / (distance * distance * distance);
          const fx = (3 * dot * ux - moment[0]) * inv3;
          const fy = (3 * dot * uy - moment[1]) * inv3;
          const fz = (3 * dot * uz - moment[2]) * inv3;
          dipoleSeries[k * 3] = fx;
          dipoleSeries[k * 3 + 1] = fy;
          dipoleSeries[k * 3 + 2] = fz;
          largest = Math.max(largest, Math.hypot(fx, fy, fz));
        }
        const scale = largest > 0 ? magnitude / largest : 0;
        for (let i = 0; i < dipoleSeries.length; i++) dipoleSeries[i] = dipoleSeries[i]! * scale;
        break;
      }
      default:
        break;
    }

    const ox = worldOffset[0]!;
    const oy = worldOffset[1]!;
    const oz = worldOffset[2]!;
    const hasSoftIron = resolved.kind === 'soft_iron';
    const accelerationScale = (twoPi / (duration * duration)) as number;
    for (let n = first; n < end; n++) {
      const tau = n / rate - segmentStartSec;
      const u = tau / duration;
      rotateBy(qStart, wx, wy, wz, wNorm, tau, q);
      rotationMatrix(q[0]!, q[1]!, q[2]!, q[3]!, r);
      const o = n * 3;
      // magnetometer: Rᵀ(B + world offset or dipole) + body offset + K·(Rᵀ B)
      let fx = bx + ox;
      let fy = by + oy;
      let fz = bz + oz;
      if (dipoleSeries !== undefined) {
        const k = (n - first) * 3;
        fx += dipoleSeries[k]!;
        fy += dipoleSeries[k + 1]!;
        fz += dipoleSeries[k + 2]!;
      }
      toBody(r, fx, fy, fz, magTruth, o);
      if (hasSoftIron) {
        toBody(r, bx, by, bz, bodyField, 0);
        const mx = bodyField[0]!;
        const my = bodyField[1]!;
        const mz = bodyField[2]!;
        magTruth[o] = magTruth[o]! + softIron[0]! * mx + softIron[1]! * my + softIron[2]! * mz;
        magTruth[o + 1] = magTruth[o + 1]! + softIron[3]! * mx + softIron[4]! * my + softIron[5]! * mz;
        magTruth[o + 2] = magTruth[o + 2]! + softIron[6]! * mx + softIron[7]! * my + softIron[8]! * mz;
      }
      magTruth[o] = magTruth[o]! + bodyOffset[0]!;
      magTruth[o + 1] = magTruth[o + 1]! + bodyOffset[1]!;
      magTruth[o + 2] = magTruth[o + 2]! + bodyOffset[2]!;
      // accelerometer: specific force = linear acceleration − gravity vector (ENU: +g on up)
      const a = accelerationScale * Math.sin(twoPi * u);
      toBody(r, dx * a, dy * a, dz * a + gravity, accTruth, o);
      gyroTruth[o] = wx;
      gyroTruth[o + 1] = wy;
      gyroTruth[o + 2] = wz;
      const f = u - Math.sin(twoPi * u) / twoPi;
      const po = n * 10;
      pose[po] = origin.lat;
      pose[po + 1] = origin.lng;
      pose[po + 2] = origin.height;
      pose[po + 3] = pStart[0]! + dx * f;
      pose[po + 4] = pStart[1]! + dy * f;
      pose[po + 5] = pStart[2]! + dz * f;
      pose[po + 6] = q[0]!;
      pose[po + 7] = q[1]!;
      pose[po + 8] = q[2]!;
      pose[po + 9] = q[3]!;
    }

    summaries.push({
      name: segment.name,
      firstSample: first,
      sampleCount: count,
      startTimeNs: timeAt(first),
      endTimeNs: timeAt(end),
      level: resolved.level,
      strength: resolved.strength,
      kind: resolved.kind,
      hasDistortionInfo: segment.mag_distortion !== undefined || segment.magnetic_distortion !== undefined,
    });
    // Advance the segment start state exactly: q ⊗ exp(ω·T), p + translation.
    rotateBy(qStart, wx, wy, wz, wNorm, duration, q);
    qStart.set(q);
    pStart[0] = pStart[0]! + dx;
    pStart[1] = pStart[1]! + dy;
    pStart[2] = pStart[2]! + dz;
  }

  const white = new Float64Array(total * 3);
  const walk = new Float64Array(total * 3);
  measureAll(magNoise, noiseRandom, magInv, init.mag.calibration.bias, magTruth, magRaw, white, walk);
  measureAll(accNoise, noiseRandom, accInv, init.acc.calibration.bias, accTruth, accRaw, white, walk);
  measureAll(gyroNoise, noiseRandom, gyroInv, init.gyro.calibration.bias, gyroTruth, gyroRaw, white, walk);

  const recording = assembleRecording(
    { timestampsNs: timestamps, pose, magTruth, accTruth, gyroTruth, magRaw, accRaw, gyroRaw },
    init,
    {
      magTruthUnit: 'uT',
      accTruthUnit: 'm/s^2',
      extra: {
        mode: 'physical',
        seed: String(seed),
        frame: 'ENU world, body → world quaternion',
        field_model: field.modelName,
        field_date: date,
        earth_field_enu_uT: field.enuMicroTesla.join(','),
        earth_field_total_uT: String(field.totalMicroTesla),
        earth_field_inclination_deg: String(field.inclinationDeg),
        earth_field_declination_deg: String(field.declinationDeg),
        gravity_m_s2: String(gravity),
        noise_enabled: String(noiseEnabled),
      },
    },
  );
  return { recording, segments: summaries, warnings, earthField: field };
}
