import type { ImuRecording, RecordingMetadata } from '@tsc/mcap-utils';
import { SeededRandom } from '@tsc/shared';
import type { SegmentSummary } from '../labels/segment-summary.js';
import { DEFAULT_FIELD_DATE, type EarthField, earthField } from '../physics/earth-field.js';
import { invert3x3 } from '../physics/matrix3.js';
import { type MeasureScratch, measureSensor, prepareSensor, type SensorState } from '../physics/measure-sensor.js';
import { resolveNoise } from '../physics/noise-model.js';
import type { Plan, PlanInitialization } from '../plan/plan-types.js';
import { type GeneratedArrays, RECORDING_TOPICS, recordingMetadata, recordingTopics } from './assemble-recording.js';
import { DEFAULT_BLOCK_LENGTH_SAMPLES } from './recording-size.js';
import { SampleClock } from './sample-times.js';
import { type BlockArrays, SegmentWalker, segmentLayout } from './segment-walker.js';

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

function gravityOf(init: PlanInitialization): number {
  if (init.gravity_m_s2 === 'wgs84') return normalGravity(init.pose.origin.lat, init.pose.origin.height);
  return init.gravity_m_s2 ?? STANDARD_GRAVITY;
}

/**
 * The three sensors, each with its own random streams forked from `noiseRandom` in a fixed order (mag, acc, gyro;
 * turn-on values, white noise, random walk, Gauss–Markov each).
 */
function prepareSensors(init: PlanInitialization, noiseRandom: SeededRandom): SensorState[] {
  const noiseEnabled = init.noise_enabled ?? true;
  return (['mag', 'acc', 'gyro'] as const).map((name) =>
    prepareSensor(init[name], resolveNoise(name, init[name], noiseEnabled), {
      sampleRateHz: init.sample_rate,
      inverse: invert3x3(init[name].calibration.matrix),
      random: noiseRandom,
    }),
  );
}

/** One block of a generated recording: the per-sample arrays of `timestampsNs.length` samples from `firstSample`. */
export interface GeneratedBlock extends GeneratedArrays {
  /** Index of the block's first sample in the recording. */
  readonly firstSample: number;
}

/** A physical recording generated block by block (see {@link streamPhysical}). */
export interface PhysicalStream {
  /** Samples per topic in the whole recording. */
  readonly sampleCount: number;
  /** The recording's metadata (units, calibrations, sample rate, generator details). */
  readonly metadata: RecordingMetadata;
  /** The Earth field used. */
  readonly earthField: EarthField;
  /** Notes about plan values that were adjusted (e.g. a strength clamped into its level's band). */
  readonly warnings: readonly string[];
  /**
   * The blocks, in order; iterate once. Each block's arrays are reused for the next one: copy what you keep.
   */
  blocks(): Generator<GeneratedBlock, void, undefined>;
  /** One entry per plan segment; complete once {@link PhysicalStream.blocks} has run to its end. */
  segments(): readonly SegmentSummary[];
}

/** Options of {@link streamPhysical}. */
export interface PhysicalStreamOptions {
  /** Samples per block (an integer ≥ 1). Defaults to {@link DEFAULT_BLOCK_LENGTH_SAMPLES}. */
  blockLengthSamples?: number;
}

/** Zeroed arrays for `length` samples of every topic. */
function recordingArrays(length: number): GeneratedArrays {
  const topics = Object.fromEntries(
    RECORDING_TOPICS.map(([, width, field]) => [field, new Float64Array(length * width)]),
  ) as unknown as Omit<GeneratedArrays, 'timestampsNs'>;
  return { ...topics, timestampsNs: new BigInt64Array(length) };
}

function blockArrays(length: number): BlockArrays {
  return { ...recordingArrays(length), seconds: new Float64Array(length) };
}

/** The first `count` samples of a block's arrays (views, no copy). */
function headOf(block: BlockArrays, count: number): BlockArrays {
  const topics = Object.fromEntries(
    RECORDING_TOPICS.map(([, width, field]) => [field, (block[field] as Float64Array).subarray(0, count * width)]),
  ) as unknown as Omit<GeneratedArrays, 'timestampsNs'>;
  return {
    ...topics,
    timestampsNs: block.timestampsNs.subarray(0, count),
    seconds: block.seconds.subarray(0, count),
  };
}

/** Every sensor's truth → raw counts for one block, through calibration error, noise and calibration. */
function measureBlock(
  sensors: readonly SensorState[],
  block: BlockArrays,
  { firstSecond, sampleRateHz, scratch }: { firstSecond: number; sampleRateHz: number; scratch: MeasureScratch },
): void {
  const truths = [block.magTruth, block.accTruth, block.gyroTruth];
  const raws = [block.magRaw, block.accRaw, block.gyroRaw];
  for (const [i, state] of sensors.entries()) {
    const arrays = { truth: truths[i]!, raw: raws[i]!, seconds: block.seconds, firstSecond, sampleRateHz };
    measureSensor(state, arrays, scratch);
  }
}

/** The generator details stored in a physical recording's metadata `extra`. */
function physicalExtra(plan: Plan, seed: number, field: EarthField, gravity: number): Record<string, string> {
  const init = plan.initialization;
  return {
    mode: 'physical',
    seed: String(seed),
    frame: 'ENU world, body → world quaternion',
    field_model: field.modelName,
    field_date: init.date ?? DEFAULT_FIELD_DATE,
    earth_field_enu_uT: field.enuMicroTesla.join(','),
    earth_field_total_uT: String(field.totalMicroTesla),
    earth_field_inclination_deg: String(field.inclinationDeg),
    earth_field_declination_deg: String(field.declinationDeg),
    gravity_m_s2: String(gravity),
    noise_enabled: String(init.noise_enabled ?? true),
    timestamp_jitter_s: String(init.timestamp_jitter_s ?? 0),
  };
}

/** Yields the recording's blocks: times, motion and field through the walker, then the sensors' measurements. */
function* generateBlocks(
  walker: SegmentWalker,
  sensors: readonly SensorState[],
  { total, blockLength, sampleRateHz }: { total: number; blockLength: number; sampleRateHz: number },
): Generator<GeneratedBlock, void, undefined> {
  const length = Math.max(1, Math.min(blockLength, total));
  const buffers = blockArrays(length);
  const scratch: MeasureScratch = {
    white: new Float64Array(length * 3),
    walk: new Float64Array(length * 3),
    markov: new Float64Array(length * 3),
  };
  let firstSecond = 0;
  for (let first = 0; first < total; first += length) {
    const count = Math.min(length, total - first);
    const block = count === length ? buffers : headOf(buffers, count);
    walker.fillBlock(block, first, count);
    if (first === 0) firstSecond = block.seconds[0]!;
    measureBlock(sensors, block, { firstSecond, sampleRateHz, scratch });
    yield { ...block, firstSample: first };
  }
}

/**
 * Physical mode, block by block: exact orientation (q(t) = q_segmentStart ⊗ exp(ω·t) ⊗ exp(φ(t)) with rotation
 * oscillations φ, evaluated per sample, renormalised, no drift), the World Magnetic Model field in µT, specific force
 * in m/s² (gravity, the linear acceleration of `translation_m` and acceleration oscillations, taps), the exact body
 * rate in rad/s, magnetic distortion per segment, residual calibration error and seeded sensor noise, and
 * raw = inverse(M)·measured + bias. Sample n sits at n/rate (+ seeded jitter) from `start_time_ns`; segment
 * boundaries are placed on the cumulative plan time, so a segment of duration·rate samples gets exactly that many.
 *
 * Memory is one block plus one segment's state, whatever the recording's length. Every per-sample random process
 * (the timestamp jitter; each sensor's white noise, bias random walk and Gauss–Markov bias) draws from its own
 * stream, forked in a fixed order at the start, and the distortion geometry is drawn per segment in segment order:
 * the output is the same, bit for bit, for every block length.
 *
 * @param plan - A validated plan.
 * @param seed - The PRNG seed (noise, distortion geometry, jitter).
 */
export function streamPhysical(
  plan: Plan,
  seed: number,
  { blockLengthSamples = DEFAULT_BLOCK_LENGTH_SAMPLES }: PhysicalStreamOptions = {},
): PhysicalStream {
  const init = plan.initialization;
  const { lat, lng, height } = init.pose.origin;
  const field = earthField({
    latitudeDeg: lat,
    longitudeDeg: lng,
    heightM: height,
    date: init.date ?? DEFAULT_FIELD_DATE,
  });
  const master = new SeededRandom(seed);
  const distortionRandom = master.fork();
  const noiseRandom = master.fork();
  const jitterRandom = master.fork();
  const layout = segmentLayout(plan);
  const clock = SampleClock.create({
    sampleRateHz: init.sample_rate,
    startTimeNs: init.start_time_ns,
    jitterSec: init.timestamp_jitter_s ?? 0,
    random: jitterRandom,
  });
  const gravity = gravityOf(init);
  const walker = new SegmentWalker({
    plan,
    layout,
    clock,
    field: field.enuMicroTesla,
    gravity,
    random: distortionRandom,
    blockLength: blockLengthSamples,
  });
  const sensors = prepareSensors(init, noiseRandom);
  const options = { total: layout.total, blockLength: blockLengthSamples, sampleRateHz: init.sample_rate };
  let summaries: readonly SegmentSummary[] | undefined;
  return {
    sampleCount: layout.total,
    metadata: recordingMetadata(init, {
      magTruthUnit: 'uT',
      accTruthUnit: 'm/s^2',
      extra: physicalExtra(plan, seed, field, gravity),
    }),
    earthField: field,
    warnings: walker.warnings,
    blocks: () => generateBlocks(walker, sensors, options),
    segments: () => {
      summaries ??= walker.summaries();
      return summaries;
    },
  };
}

/**
 * Physical mode in memory: {@link streamPhysical}'s blocks joined into one recording.
 *
 * @param plan - A validated plan.
 * @param seed - The PRNG seed (noise, distortion geometry, jitter).
 */
export function generatePhysical(plan: Plan, seed: number, options: PhysicalStreamOptions = {}): PhysicalOutput {
  const stream = streamPhysical(plan, seed, options);
  const whole = recordingArrays(stream.sampleCount);
  for (const block of stream.blocks()) {
    whole.timestampsNs.set(block.timestampsNs, block.firstSample);
    for (const [, width, field] of RECORDING_TOPICS) {
      (whole[field] as Float64Array).set(block[field] as Float64Array, block.firstSample * width);
    }
  }
  const recording: ImuRecording = { topics: recordingTopics(whole), metadata: stream.metadata };
  return { recording, segments: stream.segments(), warnings: stream.warnings, earthField: stream.earthField };
}
