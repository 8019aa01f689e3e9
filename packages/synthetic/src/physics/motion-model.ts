import type { PlanSegment, PlanVector3 } from '../plan/plan-types.js';
import { multiplyQuaternion, rotateBy } from './rotation.js';

/** Taper length of an oscillation at each segment end when the plan gives no `ramp_s` (s). */
export const DEFAULT_OSCILLATION_RAMP_SEC = 0.5;

const DEG = Math.PI / 180;
const TWO_PI = 2 * Math.PI;

interface Oscillation {
  readonly axis: readonly [number, number, number];
  /** rad for rotations, m/s² for accelerations */
  readonly amplitude: number;
  /** angular frequency (rad/s) */
  readonly omega: number;
  readonly phase: number;
  readonly ramp: number;
}

interface Tap {
  readonly axis: readonly [number, number, number];
  readonly start: number;
  readonly duration: number;
  readonly peak: number;
}

/** A segment's motion, prepared once: constant body rate, translation, oscillations and taps. */
export interface SegmentMotion {
  readonly duration: number;
  readonly rate: readonly [number, number, number];
  readonly rateNorm: number;
  readonly translation: readonly [number, number, number];
  readonly rotations: readonly Oscillation[];
  readonly accelerations: readonly Oscillation[];
  readonly taps: readonly Tap[];
}

/** One sample of motion: orientation, body rate, position, world acceleration and body-frame extra acceleration. */
export interface MotionSample {
  /** Orientation quaternion body → world [w, x, y, z]. */
  readonly q: Float64Array;
  /** Body angular rate (rad/s). */
  readonly rate: Float64Array;
  /** Position (ENU, m). */
  readonly position: Float64Array;
  /** Linear acceleration (ENU, m/s²). */
  readonly worldAcceleration: Float64Array;
  /** Acceleration added in the body frame (taps, m/s²). */
  readonly bodyAcceleration: Float64Array;
}

/** A fresh {@link MotionSample} buffer. */
export function motionSample(): MotionSample {
  return {
    q: new Float64Array(4),
    rate: new Float64Array(3),
    position: new Float64Array(3),
    worldAcceleration: new Float64Array(3),
    bodyAcceleration: new Float64Array(3),
  };
}

function unit({ x, y, z }: PlanVector3): [number, number, number] {
  const n = Math.hypot(x, y, z);
  return [x / n, y / n, z / n];
}

/** Prepares a plan segment's motion (rates in rad/s, amplitudes in rad or m/s², unit axes). */
export function prepareMotion(segment: PlanSegment): SegmentMotion {
  const duration = segment.duration_s;
  const { roll, pitch, yaw } = segment.rotation_rpy_degrees;
  const rate = [(roll * DEG) / duration, (pitch * DEG) / duration, (yaw * DEG) / duration] as const;
  const ramp = (value: number | undefined) => Math.min(value ?? DEFAULT_OSCILLATION_RAMP_SEC, duration / 4);
  return {
    duration,
    rate,
    rateNorm: Math.hypot(...rate),
    translation: [segment.translation_m?.x ?? 0, segment.translation_m?.y ?? 0, segment.translation_m?.z ?? 0],
    rotations: (segment.rotation_oscillations ?? []).map((item) => ({
      axis: unit(item.axis),
      amplitude: item.amplitude_deg * DEG,
      omega: TWO_PI * item.frequency_hz,
      phase: item.phase_rad ?? 0,
      ramp: ramp(item.ramp_s),
    })),
    accelerations: (segment.acceleration_oscillations ?? []).map((item) => ({
      axis: unit(item.axis),
      amplitude: item.amplitude_m_s2,
      omega: TWO_PI * item.frequency_hz,
      phase: item.phase_rad ?? 0,
      ramp: ramp(item.ramp_s),
    })),
    taps: (segment.taps ?? []).map((tap) => ({
      axis: unit(tap.axis),
      start: tap.time_s,
      duration: tap.duration_s,
      peak: tap.peak_m_s2,
    })),
  };
}

const taper = new Float64Array(3);

/**
 * The taper w(τ) and its first two derivatives into `taper`: 1 in the middle of the segment, rising from 0 over
 * `ramp` seconds at the start and falling to 0 at the end along 6x⁵ − 15x⁴ + 10x³ (C² smooth).
 */
function taperAt(tau: number, duration: number, ramp: number): void {
  taper[0] = 1;
  taper[1] = 0;
  taper[2] = 0;
  if (ramp <= 0) return;
  const fromStart = tau / ramp;
  const fromEnd = (duration - tau) / ramp;
  const sign = fromStart < 1 ? 1 : fromEnd < 1 ? -1 : 0;
  if (sign === 0) return;
  const x = Math.max(0, sign > 0 ? fromStart : fromEnd);
  const x2 = x * x;
  taper[0] = x2 * x * (10 - 15 * x + 6 * x2);
  taper[1] = (sign * 30 * x2 * (1 - x) * (1 - x)) / ramp;
  taper[2] = (60 * x * (1 - 3 * x + 2 * x2)) / (ramp * ramp);
}

const phi = new Float64Array(3);
const so3 = new Float64Array(3);
const phiRate = new Float64Array(3);

/** Rotation vector φ(τ) = Σ âθ(τ) and its derivative into `phi`, `phiRate`. */
function rotationVector(motion: SegmentMotion, tau: number): void {
  phi.fill(0);
  phiRate.fill(0);
  for (const { axis, amplitude, omega, phase, ramp } of motion.rotations) {
    taperAt(tau, motion.duration, ramp);
    const s = Math.sin(omega * tau + phase);
    const c = Math.cos(omega * tau + phase);
    const angle = amplitude * taper[0]! * s;
    const angleRate = amplitude * (taper[1]! * s + taper[0]! * omega * c);
    for (let i = 0; i < 3; i++) {
      phi[i] = phi[i]! + axis[i]! * angle;
      phiRate[i] = phiRate[i]! + axis[i]! * angleRate;
    }
  }
}

/**
 * Adds the oscillation exp(φ) to `out.q` (q ⊗ exp(φ)) and sets the body rate to R(exp φ)ᵀ·ω_base + J_r(φ)·φ̇,
 * J_r the right Jacobian of SO(3): the gyroscope then reads exactly the derivative of the orientation.
 */
function addRotationOscillation(motion: SegmentMotion, tau: number, out: MotionSample): void {
  rotationVector(motion, tau);
  const [px = 0, py = 0, pz = 0] = phi;
  const angle = Math.hypot(px, py, pz);
  const half = Math.sin(angle / 2);
  const k = angle > 1e-12 ? half / angle : 0.5;
  const ew = Math.cos(angle / 2);
  multiplyQuaternion(out.q, ew, px * k, py * k, pz * k, out.q);
  // base rate in the oscillated frame: Rᵀ(exp φ)·ω, with R(exp φ) = I + a[φ]× + b[φ]×², a = sin θ/θ, b = (1 − cos θ)/θ²
  const small = angle < 1e-4;
  const a = small ? 1 - (angle * angle) / 6 : Math.sin(angle) / angle;
  const b = small ? 0.5 - (angle * angle) / 24 : (1 - Math.cos(angle)) / (angle * angle);
  const c = small ? 1 / 6 - (angle * angle) / 120 : (angle - Math.sin(angle)) / (angle * angle * angle);
  const [wx, wy, wz] = motion.rate;
  applySo3(px, py, pz, wx, wy, wz, -a, b);
  out.rate.set(so3);
  const [vx = 0, vy = 0, vz = 0] = phiRate;
  applySo3(px, py, pz, vx, vy, vz, -b, c);
  for (let i = 0; i < 3; i++) out.rate[i] = out.rate[i]! + so3[i]!;
}

/** (I + k1[φ]× + k2[φ]×²)·v into `so3`. */
function applySo3(
  px: number,
  py: number,
  pz: number,
  vx: number,
  vy: number,
  vz: number,
  k1: number,
  k2: number,
): void {
  const cx = py * vz - pz * vy;
  const cy = pz * vx - px * vz;
  const cz = px * vy - py * vx;
  so3[0] = vx + k1 * cx + k2 * (py * cz - pz * cy);
  so3[1] = vy + k1 * cy + k2 * (pz * cx - px * cz);
  so3[2] = vz + k1 * cz + k2 * (px * cy - py * cx);
}

/** Adds the acceleration oscillations' displacement and acceleration (world frame). */
function addAccelerationOscillations(motion: SegmentMotion, tau: number, out: MotionSample): void {
  for (const { axis, amplitude, omega, phase, ramp } of motion.accelerations) {
    taperAt(tau, motion.duration, ramp);
    const s = Math.sin(omega * tau + phase);
    const c = Math.cos(omega * tau + phase);
    const scale = amplitude / (omega * omega);
    // d = −(A/Ω²)·w·sin, a = d″ = A·w·sin − (A/Ω²)(w″·sin + 2Ω·w′·cos)
    const displacement = -scale * taper[0]! * s;
    const acceleration = amplitude * taper[0]! * s - scale * (taper[2]! * s + 2 * omega * taper[1]! * c);
    for (let i = 0; i < 3; i++) {
      out.position[i] = out.position[i]! + axis[i]! * displacement;
      out.worldAcceleration[i] = out.worldAcceleration[i]! + axis[i]! * acceleration;
    }
  }
}

function tapAcceleration(motion: SegmentMotion, tau: number, out: MotionSample): void {
  out.bodyAcceleration.fill(0);
  for (const { axis, start, duration, peak } of motion.taps) {
    const x = (tau - start) / duration;
    if (x < 0 || x >= 1) continue;
    const value = peak * Math.sin(TWO_PI * x);
    for (let i = 0; i < 3; i++) out.bodyAcceleration[i] = out.bodyAcceleration[i]! + axis[i]! * value;
  }
}

/**
 * The motion at τ seconds into the segment, from the segment's start orientation and position: base rotation
 * q₀ ⊗ exp(ω·τ), translation p₀ + D·(u − sin 2πu / 2π) (u = τ/T), then oscillations and taps.
 */
export function motionAt(
  motion: SegmentMotion,
  tau: number,
  qStart: Float64Array,
  pStart: Float64Array,
  out: MotionSample,
): void {
  const [wx, wy, wz] = motion.rate;
  rotateBy(qStart, wx, wy, wz, motion.rateNorm, tau, out.q);
  out.rate[0] = wx;
  out.rate[1] = wy;
  out.rate[2] = wz;
  if (motion.rotations.length > 0) addRotationOscillation(motion, tau, out);
  const u = tau / motion.duration;
  const f = u - Math.sin(TWO_PI * u) / TWO_PI;
  const a = (TWO_PI / (motion.duration * motion.duration)) * Math.sin(TWO_PI * u);
  for (let i = 0; i < 3; i++) {
    out.position[i] = pStart[i]! + motion.translation[i]! * f;
    out.worldAcceleration[i] = motion.translation[i]! * a;
  }
  if (motion.accelerations.length > 0) addAccelerationOscillations(motion, tau, out);
  tapAcceleration(motion, tau, out);
}
