import type { SensorName } from '@tsc/shared';
/** A three-axis series, row-major `[samples, 3]`. */
export type Vector3Series = Float64Array | Float32Array;

/**
 * Channels derived from several sensors. The first two are absolute (they need the local Earth field); the other
 * three are relative to the recording's own reference ({@link sensorReference}) and mean the same anywhere on Earth:
 * - `magNorm`: field-norm deviation `‖m‖ − referenceFieldMicroTesla` (µT);
 * - `dip`: dip-angle deviation `δ − referenceDipDeg` (degrees), with `δ = asin(−(m·a)/(‖m‖‖a‖))` the angle of the
 *   field below the horizontal plane (the accelerometer measures specific force, pointing up at rest); under linear
 *   acceleration the specific force is not gravity and this swings by tens of degrees;
 * - `stableDip`: the same deviation against a gravity direction that linear acceleration does not move: the
 *   specific force of the samples given (a window with its context, see `SensorWindow.contextBeforeSamples`)
 *   averaged in a gyro-stabilised frame (each sample rotated into the first sample's body frame by the integrated
 *   gyro rates). Over a span the mean linear acceleration is the change of velocity over the span's length (about
 *   1 m/s² for a hand that moves 2 m/s in 2 s, half that over 4 s), so the mean is gravity within a few degrees even
 *   while the hand shakes the sensor at several g;
 * - `magNormRatio`: `100·(‖m‖ / referenceFieldMicroTesla − 1)` (% of the reference field);
 * - `accNormRatio`: `100·(‖a‖ / referenceSpecificForceMs2 − 1)` (% of the reference specific force): large under
 *   linear acceleration, when the dip is unreliable;
 * - `fieldConsistency`: the gyro-consistency residual `100·‖C·m(t) − m(t − τ)‖ / referenceFieldMicroTesla` (%),
 *   with `C` the rotation the gyroscope measured over the horizon `τ`. In a field that does not change around the
 *   sensor the body-frame field obeys `dm/dt = −ω × m`, so the residual is only noise; it grows exactly when the
 *   field changes with position or time (a magnet passed, approached, or fixed to the rotating body), whatever the
 *   location, heading or calibration scale;
 * - `deviationBound`: the smallest field deviation the norm and the stable dip allow, `100·‖Δm‖min / ‖B‖` (% of the
 *   reference field), `‖Δm‖min / ‖B‖ = √(1 + r² − 2r·cos Δδ)` with `r = ‖m‖ / referenceFieldMicroTesla` and `Δδ` the
 *   stable dip's deviation: two vectors whose dips differ by `Δδ` are at least `Δδ` apart, whatever their headings.
 *   A disturbance's level is the size of its deviation vector, which the norm and the dip each see only in part; this
 *   is the part both see together (it misses only what turns the field in the horizontal plane).
 */
export type DerivedChannelName =
  | 'magNorm'
  | 'dip'
  | 'stableDip'
  | 'magNormRatio'
  | 'accNormRatio'
  | 'fieldConsistency'
  | 'deviationBound';

/** Every {@link DerivedChannelName}. */
export const DERIVED_CHANNEL_NAMES: readonly DerivedChannelName[] = [
  'magNorm',
  'dip',
  'stableDip',
  'magNormRatio',
  'accNormRatio',
  'fieldConsistency',
  'deviationBound',
];

/** The column name of each derived channel in a sensor spectrogram. */
export const DERIVED_CHANNEL_COLUMNS: Readonly<Record<DerivedChannelName, string>> = {
  magNorm: 'mag.norm',
  dip: 'mag.dip',
  stableDip: 'mag.stableDip',
  magNormRatio: 'mag.normRatio',
  accNormRatio: 'acc.normRatio',
  fieldConsistency: 'mag.consistency',
  deviationBound: 'mag.deviationBound',
};

/** The sensors each derived channel reads. */
export const DERIVED_CHANNEL_SENSORS: Readonly<Record<DerivedChannelName, readonly SensorName[]>> = {
  magNorm: ['mag'],
  dip: ['mag', 'acc'],
  stableDip: ['mag', 'acc', 'gyro'],
  magNormRatio: ['mag'],
  accNormRatio: ['acc'],
  fieldConsistency: ['mag', 'gyro'],
  deviationBound: ['mag', 'acc', 'gyro'],
};

/** The references a derived channel is measured against. */
export interface DerivedChannelReference {
  /** Reference field magnitude (µT). */
  fieldMicroTesla: number;
  /** Reference dip angle (degrees). */
  dipDeg: number;
  /** Reference specific-force magnitude (m/s²). */
  specificForceMs2: number;
  /** Horizon of the gyro-consistency residual (samples, ≥ 1). */
  consistencyHorizonSamples: number;
}

/** The input of {@link derivedChannel}: the sensors the channel reads (see {@link DERIVED_CHANNEL_SENSORS}). */
export interface DerivedChannelInput {
  /** Magnetometer (µT). */
  mag?: Vector3Series;
  /** Accelerometer, specific force (m/s²). */
  acc?: Vector3Series;
  /** Gyroscope (rad/s). */
  gyro?: Vector3Series;
  /** Sample rate (Hz). */
  sampleRateHz: number;
}

/**
 * Writes one derived channel, sample by sample, into `out` (length = samples).
 *
 * @param earlier - Channels already computed from the same input and reference (a sensor spectrogram's, in its
 *   order): `deviationBound` takes its stable dip from `stableDip` there instead of integrating the gyro again.
 *   Defaults to none.
 */
export function derivedChannel(
  name: DerivedChannelName,
  input: DerivedChannelInput,
  reference: DerivedChannelReference,
  out: Float64Array,
  earlier?: ReadonlyMap<DerivedChannelName, Float64Array>,
): void {
  switch (name) {
    case 'magNorm':
      normSeries(input.mag!, 1, -reference.fieldMicroTesla, out);
      return;
    case 'magNormRatio':
      normSeries(input.mag!, 100 / reference.fieldMicroTesla, -100, out);
      return;
    case 'accNormRatio':
      normSeries(input.acc!, 100 / reference.specificForceMs2, -100, out);
      return;
    case 'dip':
      dipSeries(input.mag!, input.acc!, out);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! - reference.dipDeg;
      return;
    case 'stableDip':
      stableDipDeviationSeries(input, reference, out);
      return;
    case 'fieldConsistency':
      fieldConsistencySeries(input.mag!, input.gyro!, input.sampleRateHz, reference, out);
      return;
    case 'deviationBound': {
      const stableDip = earlier?.get('stableDip');
      if (stableDip === undefined) stableDipDeviationSeries(input, reference, out);
      else out.set(stableDip);
      deviationBoundSeries(input.mag!, reference, out);
      return;
    }
  }
}

/** The stable dip's deviation from the reference dip (degrees) into `out`. */
function stableDipDeviationSeries(
  input: DerivedChannelInput,
  reference: DerivedChannelReference,
  out: Float64Array,
): void {
  stableDipSeries(input.mag!, input.acc!, input.gyro!, input.sampleRateHz, out);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! - reference.dipDeg;
}

/**
 * Turns each stable-dip deviation in `deviationsOut` into the smallest field deviation (% of the reference field) it
 * and the norm allow.
 */
function deviationBoundSeries(
  mag: Vector3Series,
  reference: DerivedChannelReference,
  deviationsOut: Float64Array,
): void {
  const toRad = Math.PI / 180;
  for (let i = 0; i < deviationsOut.length; i++) {
    const r = Math.hypot(mag[3 * i]!, mag[3 * i + 1]!, mag[3 * i + 2]!) / reference.fieldMicroTesla;
    const cosine = Math.cos(deviationsOut[i]! * toRad);
    deviationsOut[i] = 100 * Math.sqrt(Math.max(0, 1 + r * r - 2 * r * cosine));
  }
}

/** `scale·‖v_i‖ + offset` into `out`. */
function normSeries(v: Vector3Series, scale: number, offset: number, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    const x = v[3 * i]!;
    const y = v[3 * i + 1]!;
    const z = v[3 * i + 2]!;
    out[i] = scale * Math.sqrt(x * x + y * y + z * z) + offset;
  }
}

/** The dip `asin(−(m·a)/(‖m‖‖a‖))` in degrees into `out` (0 where a vector is zero). */
export function dipSeries(mag: Vector3Series, acc: Vector3Series, out: Float64Array): void {
  const toDeg = 180 / Math.PI;
  for (let i = 0; i < out.length; i++) {
    const mx = mag[3 * i]!;
    const my = mag[3 * i + 1]!;
    const mz = mag[3 * i + 2]!;
    const ax = acc[3 * i]!;
    const ay = acc[3 * i + 1]!;
    const az = acc[3 * i + 2]!;
    const norms = Math.sqrt((mx * mx + my * my + mz * mz) * (ax * ax + ay * ay + az * az));
    let sine = norms > 0 ? -(mx * ax + my * ay + mz * az) / norms : 0;
    sine = sine > 1 ? 1 : Math.max(sine, -1);
    out[i] = Math.asin(sine) * toDeg;
  }
}

/**
 * The dip (degrees) of each field sample against the window's gravity direction, into `out`: field and specific
 * force are rotated into the first sample's body frame by the integrated gyro rates; the mean specific force there
 * is the gravity direction (linear acceleration averages out), and rotations keep angles, so the dip of the rotated
 * field against it is the dip in every sample's own frame.
 */
function stableDipSeries(
  mag: Vector3Series,
  acc: Vector3Series,
  gyro: Vector3Series,
  sampleRateHz: number,
  out: Float64Array,
): void {
  const samples = out.length;
  const dt = 1 / sampleRateHz;
  const field = rotateIntoFirstFrame(mag, gyro, dt, samples);
  const force = rotateIntoFirstFrame(acc, gyro, dt, samples);
  const gravity = new Float64Array(3);
  for (let k = 0; k < samples; k++) for (let axis = 0; axis < 3; axis++) gravity[axis]! += force[3 * k + axis]!;
  const up = new Float64Array(3 * samples);
  for (let k = 0; k < samples; k++) up.set(gravity, 3 * k);
  dipSeries(field, up, out);
}

/**
 * The gyro-consistency residual (% of the reference field) into `out`. The gyroscope's rates are integrated into
 * the orientation `q_k` of body frame k relative to the first sample (q₀ = identity, `q_{k+1} = q_k ⊗ exp(ω_k·dt)`),
 * and each field sample is rotated into that frame, `w_k = R(q_k)·m_k`. For an unchanging field `w` is constant,
 * so `‖w_j − w_i‖` over a horizon `j − i` of `consistencyHorizonSamples` measures how much the field changed
 * (rotations keep norms, so only the gyro's error inside the horizon matters, not its drift). Sample k gets the
 * span centred on it, shifted inside the series at the edges.
 */
function fieldConsistencySeries(
  mag: Vector3Series,
  gyro: Vector3Series,
  sampleRateHz: number,
  reference: DerivedChannelReference,
  out: Float64Array,
): void {
  const samples = out.length;
  const world = rotateIntoFirstFrame(mag, gyro, 1 / sampleRateHz, samples);
  const horizon = Math.min(Math.max(1, Math.round(reference.consistencyHorizonSamples)), samples - 1);
  const scale = 100 / reference.fieldMicroTesla;
  if (horizon < 1) {
    out.fill(0);
    return;
  }
  const half = Math.floor(horizon / 2);
  for (let k = 0; k < samples; k++) {
    const i = Math.min(Math.max(0, k - half), samples - 1 - horizon);
    const j = i + horizon;
    const dx = world[3 * j]! - world[3 * i]!;
    const dy = world[3 * j + 1]! - world[3 * i + 1]!;
    const dz = world[3 * j + 2]! - world[3 * i + 2]!;
    out[k] = scale * Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
}

/** `R(q_k)·m_k` for every sample, with `q` the gyro-integrated orientation relative to the first sample. */
function rotateIntoFirstFrame(mag: Vector3Series, gyro: Vector3Series, dt: number, samples: number): Float64Array {
  const world = new Float64Array(samples * 3);
  let qw = 1;
  let qx = 0;
  let qy = 0;
  let qz = 0;
  for (let k = 0; k < samples; k++) {
    const o = 3 * k;
    const mx = mag[o]!;
    const my = mag[o + 1]!;
    const mz = mag[o + 2]!;
    // v' = q v q*: t = 2·(q_v × v), v' = v + w·t + q_v × t
    const tx = 2 * (qy * mz - qz * my);
    const ty = 2 * (qz * mx - qx * mz);
    const tz = 2 * (qx * my - qy * mx);
    world[o] = mx + qw * tx + (qy * tz - qz * ty);
    world[o + 1] = my + qw * ty + (qz * tx - qx * tz);
    world[o + 2] = mz + qw * tz + (qx * ty - qy * tx);
    // q ⊗ exp(ω·dt/2)
    const wx = gyro[o]!;
    const wy = gyro[o + 1]!;
    const wz = gyro[o + 2]!;
    const rate = Math.sqrt(wx * wx + wy * wy + wz * wz);
    const half = 0.5 * rate * dt;
    const c = Math.cos(half);
    const s = rate > 0 ? Math.sin(half) / rate : 0.5 * dt;
    const ex = wx * s;
    const ey = wy * s;
    const ez = wz * s;
    const nw = qw * c - qx * ex - qy * ey - qz * ez;
    const nx = qw * ex + qx * c + qy * ez - qz * ey;
    const ny = qw * ey - qx * ez + qy * c + qz * ex;
    const nz = qw * ez + qx * ey - qy * ex + qz * c;
    const n = Math.sqrt(nw * nw + nx * nx + ny * ny + nz * nz);
    qw = nw / n;
    qx = nx / n;
    qy = ny / n;
    qz = nz / n;
  }
  return world;
}
