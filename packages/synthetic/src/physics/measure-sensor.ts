import { GaussianStream, type SeededRandom } from '@tsc/shared';
import type { PlanSensor } from '../plan/plan-types.js';
import type { NoiseParameters } from './noise-model.js';

/** Everything needed to turn one sensor's truth into raw counts. */
export interface SensorState {
  readonly noise: NoiseParameters;
  /** per-sample white-noise σ */
  readonly white: number;
  /** per-sample random-walk step σ */
  readonly walkStep: number;
  /** turn-on bias plus random walk, updated as samples are measured */
  readonly bias: Float64Array;
  /** Gauss–Markov bias state */
  readonly markov: Float64Array;
  /** calibration-error matrix E (row-major) and offset */
  readonly errorMatrix: Float64Array;
  readonly errorOffset: Float64Array;
  /** inverse of the calibration matrix (row-major) and the calibration bias (counts) */
  readonly inverse: Float64Array;
  readonly calibrationBias: Float64Array;
  /** The sensor's own random streams: white noise, random-walk steps, Gauss–Markov steps. */
  readonly streams: { readonly white: GaussianStream; readonly walk: GaussianStream; readonly markov: GaussianStream };
}

const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/**
 * Forks a sensor's four random streams from `random`, always all four and in a fixed order (turn-on values, white
 * noise, random walk, Gauss–Markov), so that no process's numbers depend on another's parameters or on how the
 * samples are split into blocks; then draws the turn-on bias (and, with bias instability, the Gauss–Markov start
 * state) and prepares the calibration error.
 */
export function prepareSensor(
  sensor: PlanSensor,
  noise: NoiseParameters,
  { sampleRateHz, inverse, random }: { sampleRateHz: number; inverse: Float64Array; random: SeededRandom },
): SensorState {
  const turnOn = random.fork();
  const streams = {
    white: new GaussianStream(random.fork()),
    walk: new GaussianStream(random.fork()),
    markov: new GaussianStream(random.fork()),
  };
  const bias = new Float64Array(3);
  if (noise.turnOnBiasSigma > 0) {
    for (let axis = 0; axis < 3; axis++) bias[axis] = noise.turnOnBiasSigma * turnOn.nextGaussian();
  }
  const markov = new Float64Array(3);
  if (noise.biasInstability > 0) {
    for (let axis = 0; axis < 3; axis++) markov[axis] = noise.biasInstability * turnOn.nextGaussian();
  }
  const error = sensor.calibration_error;
  const { x, y, z } = sensor.calibration.bias;
  return {
    noise,
    white: noise.whiteNoiseDensity * Math.sqrt(sampleRateHz),
    walkStep: noise.biasRandomWalk / Math.sqrt(sampleRateHz),
    bias,
    markov,
    errorMatrix: Float64Array.from(error === undefined ? IDENTITY : error.matrix.flat()),
    errorOffset: Float64Array.of(error?.offset.x ?? 0, error?.offset.y ?? 0, error?.offset.z ?? 0),
    inverse,
    calibrationBias: Float64Array.of(x, y, z),
    streams,
  };
}

/** Scratch arrays of `3·samples` Gaussians (at least a block's), shared by the sensors. */
export interface MeasureScratch {
  readonly white: Float64Array;
  readonly walk: Float64Array;
  readonly markov: Float64Array;
}

function fill(stream: GaussianStream, out: Float64Array, active: boolean): void {
  if (active) stream.fill(out);
  else out.fill(0);
}

/** The slow bias at sample n (axis 0–2): Gauss–Markov step and temperature drift. */
function driftTerms(state: SensorState, secondsFromStart: number, out: Float64Array): void {
  const { temperatureBiasChange: change, temperatureTimeConstantSec: tau } = state.noise;
  const warm = 1 - Math.exp(-secondsFromStart / tau);
  for (let axis = 0; axis < 3; axis++) out[axis] = state.markov[axis]! + change[axis]! * warm;
}

/**
 * measured = E·truth + offset + bias + Gauss–Markov bias + temperature drift + white noise, the bias taking a
 * random-walk step and the Gauss–Markov bias b ← α·b + σ√(1 − α²)·w (α = exp(−1/(rate·τ))) after each sample;
 * raw = inverse(M)·measured + calibration bias, for one block of samples (the state carries over to the next).
 * Gaussians come in bulk from the sensor's own streams (white, walk, Gauss–Markov), so the result does not depend
 * on the block length.
 */
export function measureSensor(
  state: SensorState,
  {
    truth,
    raw,
    seconds,
    firstSecond,
    sampleRateHz,
  }: {
    /** the block's truth, `[samples, 3]` */
    truth: Float64Array;
    /** the block's raw output, `[samples, 3]` */
    raw: Float64Array;
    /** the block's sample times (s) */
    seconds: Float64Array;
    /** the recording's first sample time (s), where the warm-up drift starts */
    firstSecond: number;
    sampleRateHz: number;
  },
  scratch: MeasureScratch,
): void {
  const { bias, walkStep, white: sigma, errorMatrix: e, errorOffset, inverse: inv, calibrationBias } = state;
  const { biasInstability, biasCorrelationTimeSec } = state.noise;
  const { streams } = state;
  const white = scratch.white.subarray(0, truth.length);
  const walk = scratch.walk.subarray(0, truth.length);
  const markov = scratch.markov.subarray(0, truth.length);
  fill(streams.white, white, sigma > 0);
  fill(streams.walk, walk, walkStep > 0);
  fill(streams.markov, markov, biasInstability > 0);
  const alpha = Math.exp(-1 / (sampleRateHz * biasCorrelationTimeSec));
  const markovStep = biasInstability * Math.sqrt(1 - alpha * alpha);
  const drifting = biasInstability > 0 || state.noise.temperatureBiasChange.some((value) => value !== 0);
  const slow = new Float64Array(3);
  const measured = new Float64Array(3);
  for (let o = 0; o < truth.length; o += 3) {
    if (drifting) driftTerms(state, seconds[o / 3]! - firstSecond, slow);
    const tx = truth[o]!;
    const ty = truth[o + 1]!;
    const tz = truth[o + 2]!;
    for (let axis = 0; axis < 3; axis++) {
      const i = axis * 3;
      measured[axis] =
        e[i]! * tx +
        e[i + 1]! * ty +
        e[i + 2]! * tz +
        errorOffset[axis]! +
        bias[axis]! +
        slow[axis]! +
        sigma * white[o + axis]!;
      bias[axis] = bias[axis]! + walkStep * walk[o + axis]!;
      state.markov[axis] = alpha * state.markov[axis]! + markovStep * markov[o + axis]!;
    }
    for (let axis = 0; axis < 3; axis++) {
      const i = axis * 3;
      raw[o + axis] =
        inv[i]! * measured[0]! + inv[i + 1]! * measured[1]! + inv[i + 2]! * measured[2]! + calibrationBias[axis]!;
    }
  }
}
