import type { ImuRecording } from '@tsc/mcap-utils';
import { SeededRandom } from '@tsc/shared';
import { labelRuns } from '../labels/deviation-labels.js';
import type { SegmentSummary } from '../labels/segment-summary.js';
import { segmentDistortion } from '../physics/distortion-model.js';
import { resolveDistortion } from '../physics/distortion-strength.js';
import { DEFAULT_FIELD_DATE, type EarthField, earthField } from '../physics/earth-field.js';
import { invert3x3 } from '../physics/matrix3.js';
import { type MeasureScratch, measureSensor, prepareSensor } from '../physics/measure-sensor.js';
import { motionAt, motionSample, prepareMotion } from '../physics/motion-model.js';
import { resolveNoise } from '../physics/noise-model.js';
import { rotateBy, rotationMatrix, toBody } from '../physics/rotation.js';
import type { Plan, PlanInitialization } from '../plan/plan-types.js';
import { assembleRecording } from './assemble-recording.js';
import { sampleTimes } from './sample-times.js';

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

/** Segment boundaries on the cumulative plan time: no drift, duration·rate samples per segment. */
interface SegmentLayout {
  readonly startSec: Float64Array;
  readonly firstSample: Int32Array;
  readonly total: number;
}

function segmentLayout(plan: Plan): SegmentLayout {
  const rate = plan.initialization.sample_rate;
  const count = plan.segments.length;
  const startSec = new Float64Array(count + 1);
  const firstSample = new Int32Array(count + 1);
  for (let s = 0; s < count; s++) {
    startSec[s + 1] = startSec[s]! + plan.segments[s]!.duration_s;
    const exact = startSec[s + 1]! * rate;
    firstSample[s + 1] = Math.max(firstSample[s]!, Math.ceil(exact - 1e-9 * Math.max(1, exact)));
  }
  return { startSec, firstSample, total: firstSample[count]! };
}

/** Per-sample truth arrays. */
interface TruthArrays {
  readonly pose: Float64Array;
  readonly magTruth: Float64Array;
  readonly accTruth: Float64Array;
  readonly gyroTruth: Float64Array;
  /** ‖Δm‖/‖B‖ per sample */
  readonly deviation: Float64Array;
  /** orientation and position at each segment start (without oscillations), 4 + 3 per segment */
  readonly segmentStarts: Float64Array;
}

function truthArrays(total: number, segments: number): TruthArrays {
  return {
    pose: new Float64Array(total * 10),
    magTruth: new Float64Array(total * 3),
    accTruth: new Float64Array(total * 3),
    gyroTruth: new Float64Array(total * 3),
    deviation: new Float64Array(total),
    segmentStarts: new Float64Array(segments * 7),
  };
}

/**
 * Pass 1, motion: pose, specific force (m/s²) and body rate (rad/s) at every sample time. Each segment starts at
 * the previous one's planned end: q ⊗ exp(ω·T), p + translation (oscillations are 0 at segment ends).
 */
function simulateMotion(plan: Plan, layout: SegmentLayout, seconds: Float64Array, gravity: number, out: TruthArrays) {
  const { origin, position, rotation } = plan.initialization.pose;
  const norm = Math.hypot(rotation.w, rotation.x, rotation.y, rotation.z);
  const qStart = Float64Array.of(rotation.w / norm, rotation.x / norm, rotation.y / norm, rotation.z / norm);
  const pStart = Float64Array.of(position.x, position.y, position.z);
  const sample = motionSample();
  const r = new Float64Array(9);
  for (const [s, segment] of plan.segments.entries()) {
    const motion = prepareMotion(segment);
    out.segmentStarts.set(qStart, s * 7);
    out.segmentStarts.set(pStart, s * 7 + 4);
    for (let n = layout.firstSample[s]!; n < layout.firstSample[s + 1]!; n++) {
      motionAt(motion, seconds[n]! - layout.startSec[s]!, qStart, pStart, sample);
      const { q, position: p, worldAcceleration: a, bodyAcceleration: tap } = sample;
      rotationMatrix(q[0]!, q[1]!, q[2]!, q[3]!, r);
      const o = n * 3;
      // specific force = linear acceleration − gravity vector (ENU: +g on up), plus taps in the body frame
      toBody(r, a[0]!, a[1]!, a[2]! + gravity, out.accTruth, o);
      for (let i = 0; i < 3; i++) {
        out.accTruth[o + i] = out.accTruth[o + i]! + tap[i]!;
        out.gyroTruth[o + i] = sample.rate[i]!;
      }
      const po = n * 10;
      out.pose[po] = origin.lat;
      out.pose[po + 1] = origin.lng;
      out.pose[po + 2] = origin.height;
      for (let i = 0; i < 3; i++) out.pose[po + 3 + i] = p[i]!;
      for (let i = 0; i < 4; i++) out.pose[po + 6 + i] = q[i]!;
    }
    rotateBy(qStart, motion.rate[0], motion.rate[1], motion.rate[2], motion.rateNorm, motion.duration, sample.q);
    qStart.set(sample.q);
    for (let i = 0; i < 3; i++) pStart[i] = pStart[i]! + motion.translation[i]!;
  }
}

/** What pass 2 needs about the field and the time base. */
interface FieldContext {
  readonly plan: Plan;
  readonly layout: SegmentLayout;
  readonly seconds: Float64Array;
  readonly timestampsNs: BigInt64Array;
  /** Earth field, ENU (µT) */
  readonly field: readonly [number, number, number];
  readonly random: SeededRandom;
}

/** The segment's device path: positions and progress u = τ/T per sample. */
function segmentPath(context: FieldContext, s: number, pose: Float64Array, start: readonly number[]) {
  const first = context.layout.firstSample[s]!;
  const count = context.layout.firstSample[s + 1]! - first;
  const positions = new Float64Array(count * 3);
  const progress = new Float64Array(count);
  const duration = context.plan.segments[s]!.duration_s;
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < 3; i++) positions[k * 3 + i] = pose[(first + k) * 10 + 3 + i]!;
    progress[k] = (context.seconds[first + k]! - context.layout.startSec[s]!) / duration;
  }
  return { positions, progress, start };
}

/**
 * Pass 2, magnetometer: m = Rᵀ(B + e·world offset + e·dipole) + e·body offset + e·K·RᵀB (e the envelope), and the
 * per-sample deviation ‖m − RᵀB‖/‖B‖ that the labels follow.
 */
function simulateField(context: FieldContext, out: TruthArrays): { summaries: SegmentSummary[]; warnings: string[] } {
  const [bx, by, bz] = context.field;
  const fieldNorm = Math.hypot(bx, by, bz);
  const fieldUnit = [bx / fieldNorm, by / fieldNorm, bz / fieldNorm];
  const r = new Float64Array(9);
  const earth = new Float64Array(3);
  const summaries: SegmentSummary[] = [];
  const warnings: string[] = [];
  for (const [s, segment] of context.plan.segments.entries()) {
    const resolved = resolveDistortion(segment, s);
    if (resolved.warning !== undefined) warnings.push(resolved.warning);
    const starts = out.segmentStarts.subarray(s * 7, s * 7 + 7);
    rotationMatrix(starts[0]!, starts[1]!, starts[2]!, starts[3]!, r);
    toBody(r, fieldUnit[0]!, fieldUnit[1]!, fieldUnit[2]!, earth, 0);
    const path = segmentPath(context, s, out.pose, Array.from(starts.subarray(4, 7)));
    const distortion = segmentDistortion(segment, resolved, {
      fieldNorm,
      fieldUnit,
      bodyUnit: Array.from(earth),
      path,
      random: context.random,
    });
    const first = context.layout.firstSample[s]!;
    const end = context.layout.firstSample[s + 1]!;
    for (let n = first; n < end; n++) fieldSample(n, n - first, distortion, context.field, fieldNorm, out);
    const runs = labelRuns(out.deviation.subarray(first, end), first);
    summaries.push({
      name: segment.name,
      firstSample: first,
      sampleCount: end - first,
      startTimeNs: timeOf(context, first),
      endTimeNs: timeOf(context, end),
      level: resolved.level,
      strength: resolved.strength,
      kind: resolved.kind,
      hasDistortionInfo: segment.mag_distortion !== undefined || segment.magnetic_distortion !== undefined,
      ...(runs === undefined
        ? {}
        : {
            labelRuns: runs.map((run) => ({
              ...run,
              startTimeNs: timeOf(context, run.firstSample),
              endTimeNs: timeOf(context, run.firstSample + run.sampleCount),
            })),
          }),
    });
  }
  return { summaries, warnings };
}

/** The log time of sample n; past the last sample, one nominal period after it per missing sample. */
function timeOf(context: FieldContext, n: number): bigint {
  const { timestampsNs } = context;
  if (n < timestampsNs.length) return timestampsNs[n]!;
  const start = BigInt(context.plan.initialization.start_time_ns);
  return start + BigInt(Math.round((n * 1e9) / context.plan.initialization.sample_rate));
}

const rotation = new Float64Array(9);
const undisturbed = new Float64Array(3);

/** One magnetometer truth sample and its deviation. */
function fieldSample(
  n: number,
  k: number,
  distortion: ReturnType<typeof segmentDistortion>,
  field: readonly [number, number, number],
  fieldNorm: number,
  out: TruthArrays,
): void {
  const po = n * 10;
  rotationMatrix(out.pose[po + 6]!, out.pose[po + 7]!, out.pose[po + 8]!, out.pose[po + 9]!, rotation);
  const e = distortion.envelope === undefined ? 1 : distortion.envelope[k]!;
  const { worldOffset: w, bodyOffset: b, softIron: K, dipoleSeries: dipole } = distortion;
  let fx = field[0] + e * w[0];
  let fy = field[1] + e * w[1];
  let fz = field[2] + e * w[2];
  if (dipole !== undefined) {
    fx += e * dipole[k * 3]!;
    fy += e * dipole[k * 3 + 1]!;
    fz += e * dipole[k * 3 + 2]!;
  }
  const o = n * 3;
  const m = out.magTruth;
  toBody(rotation, fx, fy, fz, m, o);
  toBody(rotation, field[0], field[1], field[2], undisturbed, 0);
  for (let i = 0; i < 3; i++) {
    let extra = e * b[i]!;
    if (K !== undefined) {
      extra += e * (K[i * 3]! * undisturbed[0]! + K[i * 3 + 1]! * undisturbed[1]! + K[i * 3 + 2]! * undisturbed[2]!);
    }
    m[o + i] = m[o + i]! + extra;
  }
  out.deviation[n] =
    Math.hypot(m[o]! - undisturbed[0]!, m[o + 1]! - undisturbed[1]!, m[o + 2]! - undisturbed[2]!) / fieldNorm;
}

function gravityOf(init: PlanInitialization): number {
  if (init.gravity_m_s2 === 'wgs84') return normalGravity(init.pose.origin.lat, init.pose.origin.height);
  return init.gravity_m_s2 ?? STANDARD_GRAVITY;
}

/** Pass 3: every sensor's truth → raw counts through calibration error, noise and calibration. */
function measureAll(plan: Plan, seconds: Float64Array, truth: TruthArrays, noiseRandom: SeededRandom) {
  const init = plan.initialization;
  const rate = init.sample_rate;
  const noiseEnabled = init.noise_enabled ?? true;
  const sensors = (['mag', 'acc', 'gyro'] as const).map((name) =>
    prepareSensor(init[name], resolveNoise(name, init[name], noiseEnabled), {
      sampleRateHz: rate,
      inverse: invert3x3(init[name].calibration.matrix),
      random: noiseRandom,
    }),
  );
  const total = seconds.length;
  const scratch: MeasureScratch = {
    white: new Float64Array(total * 3),
    walk: new Float64Array(total * 3),
    markov: new Float64Array(total * 3),
  };
  const truths = [truth.magTruth, truth.accTruth, truth.gyroTruth];
  const raws = truths.map(() => new Float64Array(total * 3));
  for (const [i, state] of sensors.entries()) {
    measureSensor(state, noiseRandom, { truth: truths[i]!, raw: raws[i]!, seconds, sampleRateHz: rate }, scratch);
  }
  return { magRaw: raws[0]!, accRaw: raws[1]!, gyroRaw: raws[2]! };
}

/**
 * Physical mode: exact orientation (q(t) = q_segmentStart ⊗ exp(ω·t) ⊗ exp(φ(t)) with rotation oscillations φ,
 * evaluated per sample, renormalised, no drift), the World Magnetic Model field in µT, specific force in m/s²
 * (gravity, the linear acceleration of `translation_m` and acceleration oscillations, taps), the exact body rate in
 * rad/s, magnetic distortion per segment, residual calibration error and seeded sensor noise, and
 * raw = inverse(M)·measured + bias. Sample n sits at n/rate (+ seeded jitter) from `start_time_ns`; segment
 * boundaries are placed on the cumulative plan time, so a segment of duration·rate samples gets exactly that many.
 *
 * @param plan - A validated plan.
 * @param seed - The PRNG seed (noise, distortion geometry, jitter).
 */
export function generatePhysical(plan: Plan, seed: number): PhysicalOutput {
  const init = plan.initialization;
  const date = init.date ?? DEFAULT_FIELD_DATE;
  const { lat, lng, height } = init.pose.origin;
  const field = earthField({ latitudeDeg: lat, longitudeDeg: lng, heightM: height, date });
  const master = new SeededRandom(seed);
  const distortionRandom = master.fork();
  const noiseRandom = master.fork();
  const jitterRandom = master.fork();
  const layout = segmentLayout(plan);
  const times = sampleTimes({
    count: layout.total,
    sampleRateHz: init.sample_rate,
    startTimeNs: init.start_time_ns,
    jitterSec: init.timestamp_jitter_s ?? 0,
    random: jitterRandom,
  });
  const truth = truthArrays(layout.total, plan.segments.length);
  const gravity = gravityOf(init);
  simulateMotion(plan, layout, times.seconds, gravity, truth);
  const { summaries, warnings } = simulateField(
    { plan, layout, ...times, field: field.enuMicroTesla, random: distortionRandom },
    truth,
  );
  const raw = measureAll(plan, times.seconds, truth, noiseRandom);
  const recording = assembleRecording({ timestampsNs: times.timestampsNs, ...truth, ...raw }, init, {
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
      noise_enabled: String(init.noise_enabled ?? true),
      timestamp_jitter_s: String(init.timestamp_jitter_s ?? 0),
    },
  });
  return { recording, segments: summaries, warnings, earthField: field };
}
