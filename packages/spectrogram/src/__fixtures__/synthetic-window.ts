/**
 * A small deterministic IMU window generator for tests, the README figure and the benchmark (not part of the
 * package API): a device rotating smoothly in Earth's field (50 µT, dip 60°) and gravity, with an optional
 * world-fixed magnetic disturbance and seeded white noise.
 */
export interface SyntheticWindowOptions {
  /** Sample rate (Hz). */
  sampleRateHz?: number;
  /** Duration (s). */
  durationSec?: number;
  /** World-frame disturbance added to the field (µT), ENU. */
  disturbanceMicroTesla?: [number, number, number];
  /** Seed of the noise. */
  seed?: number;
  /** Noise standard deviations: mag (µT), acc (m/s²), gyro (rad/s). */
  noise?: [number, number, number];
  /** Peak angular rate of the motion (rad/s). */
  motionRadPerSec?: number;
}

/** Earth's field used here (µT, ENU): 50 µT, dipping 60° below the horizon towards north. */
export const EARTH_FIELD_ENU: [number, number, number] = [0, 50 * Math.cos(Math.PI / 3), -50 * Math.sin(Math.PI / 3)];

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticWindow({
  sampleRateHz = 100,
  durationSec = 3,
  disturbanceMicroTesla = [0, 0, 0],
  seed = 1,
  noise = [0.3, 0.02, 0.005],
  motionRadPerSec = 0.8,
}: SyntheticWindowOptions = {}) {
  const n = Math.round(sampleRateHz * durationSec);
  const random = mulberry32(seed);
  const gaussian = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const mag = new Float64Array(3 * n);
  const acc = new Float64Array(3 * n);
  const gyro = new Float64Array(3 * n);
  const field = EARTH_FIELD_ENU.map((v, i) => v + disturbanceMicroTesla[i]!);
  const gravity = [0, 0, 9.80665];
  // Orientation as a quaternion (w, x, y, z), body → world; body rate ω(t) integrated exactly per step.
  let q = [1, 0, 0, 0];
  const dt = 1 / sampleRateHz;
  for (let i = 0; i < n; i++) {
    const t = i * dt;
    const w = [
      motionRadPerSec * 0.6 * Math.sin(2 * Math.PI * 0.7 * t),
      motionRadPerSec * 0.4 * Math.sin(2 * Math.PI * 1.3 * t + 1),
      motionRadPerSec * Math.sin(2 * Math.PI * 0.4 * t + 2),
    ];
    // world → body: v_b = q* · v_w · q
    const toBody = (v: number[]) => rotate(conjugate(q), v);
    const m = toBody(field);
    const a = toBody(gravity);
    for (let k = 0; k < 3; k++) {
      mag[3 * i + k] = m[k]! + noise[0] * gaussian();
      acc[3 * i + k] = a[k]! + noise[1] * gaussian();
      gyro[3 * i + k] = w[k]! + noise[2] * gaussian();
    }
    const angle = Math.hypot(w[0]!, w[1]!, w[2]!) * dt;
    if (angle > 0) {
      const s = Math.sin(angle / 2) / (angle / dt);
      q = normalize(multiply(q, [Math.cos(angle / 2), w[0]! * s, w[1]! * s, w[2]! * s]));
    }
  }
  return { sampleRateHz, mag, acc, gyro };
}

function multiply(a: number[], b: number[]): number[] {
  const [aw, ax, ay, az] = a as [number, number, number, number];
  const [bw, bx, by, bz] = b as [number, number, number, number];
  return [
    aw * bw - ax * bx - ay * by - az * bz,
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
  ];
}
function conjugate(q: number[]): number[] {
  return [q[0]!, -q[1]!, -q[2]!, -q[3]!];
}
function normalize(q: number[]): number[] {
  const s = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!);
  return q.map((v) => v / s);
}
function rotate(q: number[], v: number[]): number[] {
  const r = multiply(multiply(q, [0, v[0]!, v[1]!, v[2]!]), conjugate(q));
  return [r[1]!, r[2]!, r[3]!];
}
