import { SpectrogramOptionsError } from '../errors.js';
import { dipSeries, type Vector3Series } from './derived-channels.js';
import type { SensorReference } from './sensor-reference.js';

/** Options of {@link RunningSensorReference}. */
export interface RunningSensorReferenceOptions {
  /**
   * Time constant of the forgetting (s of samples): a sample's weight decays as `exp(−age / timeConstantSec)`, so the
   * estimate is a weighted median over about the last `timeConstantSec`, and a lasting change of the field takes over
   * after `timeConstantSec · ln 2` (when the new field holds half of the weight). `Infinity` never forgets: the
   * median of every sample added. Defaults to 300 (a change is followed after 3.5 min; a disturbance is ignored as
   * long as it holds less than half of the weight).
   */
  timeConstantSec?: number;
}

/** Width of a magnitude bin: 0.1 % (log scale); medians are interpolated inside their bin. */
const RELATIVE_BIN = Math.log1p(0.001);
/** Magnitude bins each side of the first median: ratios from 1/8 to 8 (values beyond count in the end bins). */
const RELATIVE_HALF_BINS = Math.ceil(Math.log(8) / RELATIVE_BIN);
/** Width of a dip bin (degrees); bins span −90° to 90°. */
const DIP_BIN_DEG = 0.05;

/** A weighted histogram over fixed bins; the median is interpolated inside its bin. */
class WeightedHistogram {
  readonly #weights: Float64Array;
  #total = 0;

  constructor(
    bins: number,
    readonly lower: number,
    readonly width: number,
  ) {
    this.#weights = new Float64Array(bins);
  }

  get total(): number {
    return this.#total;
  }

  add(value: number, weight: number): void {
    const bin = Math.floor((value - this.lower) / this.width);
    const clamped = Number.isNaN(bin) ? -1 : Math.min(this.#weights.length - 1, Math.max(0, bin));
    if (clamped < 0) return;
    this.#weights[clamped] = this.#weights[clamped]! + weight;
    this.#total += weight;
  }

  scale(factor: number): void {
    for (let i = 0; i < this.#weights.length; i++) this.#weights[i] = this.#weights[i]! * factor;
    this.#total *= factor;
  }

  median(): number | undefined {
    if (!(this.#total > 0)) return undefined;
    const half = 0.5 * this.#total;
    let below = 0;
    for (let i = 0; i < this.#weights.length; i++) {
      const weight = this.#weights[i]!;
      if (weight > 0 && below + weight >= half) return this.lower + (i + (half - below) / weight) * this.width;
      below += weight;
    }
    return this.lower + this.#weights.length * this.width;
  }
}

/** A histogram of magnitudes on a log scale around `anchor` (the first batch's median), so bins are relative. */
function magnitudeHistogram(anchor: number): WeightedHistogram {
  return new WeightedHistogram(
    2 * RELATIVE_HALF_BINS,
    Math.log(anchor) - RELATIVE_HALF_BINS * RELATIVE_BIN,
    RELATIVE_BIN,
  );
}

function norms(v: Vector3Series): Float64Array {
  const out = new Float64Array(v.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(v[3 * i]!, v[3 * i + 1]!, v[3 * i + 2]!);
  return out;
}

function middle(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1]!;
}

/**
 * A slow running estimate of a stream's robust reference field, for live streams that have no whole recording to
 * take {@link sensorReference}'s medians over: exponentially weighted medians of the field magnitude, the specific
 * force and the dip (over the samples whose specific force is within 10 % of its running median, as
 * `sensorReference` takes it), kept in fixed histograms (0.1 % magnitude bins, 0.05° dip bins: about 8,000 numbers
 * per quantity, whatever the stream's length). The first batch of samples seeds it; with `timeConstantSec: Infinity`
 * it is the median of all the samples added, so on a stationary stream it converges to `sensorReference` of the whole
 * recording (to a fraction of a bin). Medians ignore disturbances that hold less than half of the weight; samples are
 * not gated by how clean they look, so a stream that starts disturbed recovers once clean samples hold the majority.
 *
 * @example
 * ```ts
 * import { RunningSensorReference } from '@tsc/spectrogram';
 *
 * const running = new RunningSensorReference({ timeConstantSec: 300 });
 * // one second at 100 Hz of a device at rest in a 44.7 µT field dipping 63.4° (add each window's new samples)
 * const mag = new Float64Array(300).map((_, i) => [20, 0, -40][i % 3]!); // µT
 * const acc = new Float64Array(300).map((_, i) => [0, 0, 9.81][i % 3]!); // m/s²
 * running.add({ mag, acc }, 100);
 * console.log(running.reference); // { fieldMicroTesla: 44.7, dipDeg: 63.4, specificForceMs2: 9.81 }
 * ```
 */
export class RunningSensorReference {
  readonly #timeConstantSec: number;
  #field: WeightedHistogram | undefined;
  #specificForce: WeightedHistogram | undefined;
  readonly #steadyDip = new WeightedHistogram(Math.round(180 / DIP_BIN_DEG), -90, DIP_BIN_DEG);
  readonly #anyDip = new WeightedHistogram(Math.round(180 / DIP_BIN_DEG), -90, DIP_BIN_DEG);
  #durationSec = 0;

  /**
   * @param options - The forgetting time constant.
   * @throws {@link SpectrogramOptionsError} for a time constant that is not positive.
   */
  constructor({ timeConstantSec = 300 }: RunningSensorReferenceOptions = {}) {
    if (!(timeConstantSec > 0))
      throw new SpectrogramOptionsError(
        'timeConstantSec',
        'a positive number of seconds (or Infinity)',
        timeConstantSec,
      );
    this.#timeConstantSec = timeConstantSec;
  }

  /** Seconds of samples added so far. */
  get durationSec(): number {
    return this.#durationSec;
  }

  /** The current estimate, `undefined` before the first samples. */
  get reference(): SensorReference | undefined {
    const field = this.#field?.median();
    if (field === undefined) return undefined;
    const specificForce = this.#specificForce?.median();
    const dip = this.#steadyDip.total > 0 ? this.#steadyDip.median() : this.#anyDip.median();
    return {
      fieldMicroTesla: Math.exp(field),
      dipDeg: specificForce === undefined ? undefined : dip,
      specificForceMs2: specificForce === undefined ? undefined : Math.exp(specificForce),
    };
  }

  /**
   * Adds new samples, oldest first: each sample is `1 / sampleRateHz` seconds, older samples lose weight by that
   * much. Add each sample once (a stream of overlapping windows adds only each window's new samples).
   *
   * @param sensors - Calibrated magnetometer (µT) and, optionally, accelerometer (m/s²), row-major `[samples, 3]`,
   *   of equal length. Give the accelerometer always or never.
   * @param sampleRateHz - Their rate (Hz).
   * @throws {@link SpectrogramOptionsError} for series that are not `[samples, 3]`, of different lengths, or a
   *   non-positive rate.
   */
  add({ mag, acc }: { mag: Vector3Series; acc?: Vector3Series }, sampleRateHz: number): void {
    if (mag.length % 3 !== 0)
      throw new SpectrogramOptionsError('mag.length', 'a multiple of 3 ([samples, 3])', mag.length);
    if (acc !== undefined && acc.length !== mag.length)
      throw new SpectrogramOptionsError('acc.length', `${mag.length} (as mag)`, acc.length);
    if (!(sampleRateHz > 0)) throw new SpectrogramOptionsError('sampleRateHz', 'a positive rate (Hz)', sampleRateHz);
    const samples = mag.length / 3;
    if (samples === 0) return;
    const magNorms = norms(mag);
    const accNorms = acc === undefined ? undefined : norms(acc);
    this.#field ??= magnitudeHistogram(middle(magNorms));
    if (accNorms !== undefined) this.#specificForce ??= magnitudeHistogram(middle(accNorms));
    // the samples held lose the weight of the new ones' duration; the newest sample weighs 1
    const decayPerSample = Math.exp(-1 / (sampleRateHz * this.#timeConstantSec));
    const decay = decayPerSample ** samples;
    for (const histogram of [this.#field, this.#specificForce, this.#steadyDip, this.#anyDip]) histogram?.scale(decay);
    const weights = new Float64Array(samples);
    for (let i = 0; i < samples; i++) {
      weights[i] = decayPerSample ** (samples - 1 - i);
      this.#field.add(Math.log(magNorms[i]!), weights[i]!);
      if (accNorms !== undefined) this.#specificForce?.add(Math.log(accNorms[i]!), weights[i]!);
    }
    this.#durationSec += samples / sampleRateHz;
    if (acc === undefined || accNorms === undefined) return;
    const dips = new Float64Array(samples);
    dipSeries(mag, acc, dips);
    const specificForce = Math.exp(this.#specificForce!.median()!);
    for (let i = 0; i < samples; i++) {
      this.#anyDip.add(dips[i]!, weights[i]!);
      if (Math.abs(accNorms[i]! - specificForce) <= 0.1 * specificForce) this.#steadyDip.add(dips[i]!, weights[i]!);
    }
  }
}
