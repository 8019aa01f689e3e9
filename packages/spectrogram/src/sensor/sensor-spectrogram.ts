import { SENSOR_NAMES, type SensorName } from '@tsc/shared';
import { nextPowerOfTwo, RealFftPlan } from '../building-blocks/real-fft.js';
import type { Spectrogram } from '../building-blocks/spectrogram.js';
import { WINDOW_NAMES, type WindowName, windowFunction64 } from '../building-blocks/window-function.js';
import { checkInteger, checkNumber, checkOneOf, SpectrogramOptionsError } from '../errors.js';
import {
  DERIVED_CHANNEL_COLUMNS,
  DERIVED_CHANNEL_NAMES,
  DERIVED_CHANNEL_SENSORS,
  type DerivedChannelName,
  type DerivedChannelReference,
  derivedChannel,
} from './derived-channels.js';

export type { SensorName } from '@tsc/shared';

export type { DerivedChannelName } from './derived-channels.js';

/** Physical kinds of channel; each has one fixed {@link ChannelScale}. */
export type ChannelKind = 'magneticField' | 'acceleration' | 'angularRate' | 'angle' | 'relative';

/**
 * The fixed log-amplitude mapping of one channel kind. For a bin amplitude `A` (physical units, see
 * {@link sensorSpectrogram}) the pixel value is `ln(1 + (A/floor)²) / ln(max/floor) − 1`: −1 at and below the
 * floor, 0 at `√(floor·max)`, ≈ +1 at `max`, larger above. A log-power (dB) scale, the same for every window.
 */
export interface ChannelScale {
  /** Amplitude that maps to −1 (noise floor), in the kind's unit. */
  floor: number;
  /** Amplitude that maps to ≈ +1, in the kind's unit. */
  max: number;
}

/**
 * The default {@link ChannelScale} of each channel kind:
 * - `magneticField` (µT): floor 0.01, max 100 (Earth's field ≈ 25–65 µT → DC bin ≈ 0.7–0.9);
 * - `acceleration` (m/s²): floor 0.001, max 100 (gravity → ≈ 0.6);
 * - `angularRate` (rad/s): floor 0.0001, max 10;
 * - `angle` (degrees): floor 0.01, max 100;
 * - `relative` (% of a reference): floor 0.1, max 100.
 */
export const DEFAULT_CHANNEL_SCALES: Readonly<Record<ChannelKind, Readonly<ChannelScale>>> = Object.freeze({
  magneticField: Object.freeze({ floor: 0.01, max: 100 }),
  acceleration: Object.freeze({ floor: 0.001, max: 100 }),
  angularRate: Object.freeze({ floor: 0.0001, max: 10 }),
  angle: Object.freeze({ floor: 0.01, max: 100 }),
  relative: Object.freeze({ floor: 0.1, max: 100 }),
});

/**
 * One window of IMU samples in physical units. Each sensor is row-major `[samples, 3]` (`x0, y0, z0, x1, …`);
 * all present sensors have the same number of samples.
 */
export interface SensorWindow {
  /** The true sample rate of the recording (Hz). */
  sampleRateHz: number;
  /** Magnetometer (µT), `[samples, 3]`. */
  mag?: Float64Array | Float32Array;
  /** Accelerometer, specific force (m/s²), `[samples, 3]`. */
  acc?: Float64Array | Float32Array;
  /** Gyroscope (rad/s), `[samples, 3]`. */
  gyro?: Float64Array | Float32Array;
  /**
   * Samples at the start of every sensor array that come before the window: the derived channels read them (the
   * stable dip's gravity is averaged over the window with its context), the frames do not. Defaults to 0.
   */
  contextBeforeSamples?: number;
  /** Samples at the end of every sensor array that come after the window, read as `contextBeforeSamples`. Defaults to 0. */
  contextAfterSamples?: number;
}

/**
 * Options of {@link sensorSpectrogram}. Plain JSON (numbers, strings, arrays, objects): store the resolved
 * object ({@link resolveSensorSpectrogramOptions}) with a trained model as its feature settings.
 */
export interface SensorSpectrogramOptions {
  /**
   * The rate these settings are for (Hz). When set, {@link sensorSpectrogram} rejects windows of another rate
   * and {@link sensorSpectrogramShape} uses it; `null` or unset accepts any rate (100 Hz for the shape).
   * Defaults to `null`.
   */
  sampleRateHz?: number | null;
  /** Sensors whose x, y, z become channels, in this order. Defaults to `['mag', 'acc', 'gyro']`. */
  sensors?: SensorName[];
  /** Derived channels appended after the sensors, in this order. Defaults to `['magNorm', 'dip']`. */
  derived?: DerivedChannelName[];
  /** Frame duration (s); `round(frameSec·rate)` samples. Defaults to 0.64 (64 samples at 100 Hz). */
  frameSec?: number;
  /** Hop between frames (s); `max(1, round(hopSec·rate))` samples. Defaults to 0.08 (8 samples at 100 Hz). */
  hopSec?: number;
  /**
   * Smallest FFT length (samples, a power of two): the FFT length is `max(minFftLength, nextPow2(frame))`, so a
   * low rate still gets `minFftLength / 2` bins per channel. Defaults to 64 (32 bins).
   */
  minFftLength?: number;
  /**
   * Keep only the lowest this many frequency bins of each channel (a whole number ≥ 1): 1 keeps each frame's level
   * alone (bin 0, the window-weighted mean of the frame), the quantity a disturbance's level is defined by, without
   * the motion's spectrum. Defaults to `null`: all `fftLength / 2` bins.
   */
  maxBinsPerChannel?: number | null;
  /** Window function, periodic. Defaults to `hann`. */
  window?: WindowName;
  /**
   * Reference field magnitude (µT): subtracted by the `magNorm` channel (0 keeps the absolute norm), the denominator
   * of `magNormRatio` and `fieldConsistency` (which need it > 0). Set it to the recording's own median
   * ({@link sensorReference}) for channels that mean the same anywhere on Earth. Defaults to 50.
   */
  referenceFieldMicroTesla?: number;
  /** Reference dip angle for the `dip` channel (degrees); 0 keeps the absolute dip. Defaults to 60. */
  referenceDipDeg?: number;
  /** Reference specific-force magnitude for the `accNormRatio` channel (m/s²). Defaults to 9.80665. */
  referenceSpecificForceMs2?: number;
  /** Horizon of the `fieldConsistency` channel (s): the span over which the field is compared. Defaults to 0.5. */
  consistencyHorizonSec?: number;
  /** Per-kind overrides of {@link DEFAULT_CHANNEL_SCALES}. Defaults to none. */
  scales?: Partial<Record<ChannelKind, ChannelScale>>;
}

/** {@link SensorSpectrogramOptions} with every default filled in (what to store with a model). */
export type ResolvedSensorSpectrogramOptions = Required<Omit<SensorSpectrogramOptions, 'sampleRateHz'>> & {
  /** The rate these settings are for (Hz), or `null` for any rate. */
  sampleRateHz: number | null;
  /** Every kind's scale. */
  scales: Record<ChannelKind, ChannelScale>;
};

/** The geometry of a sensor spectrogram, from {@link sensorSpectrogramShape} or on every result. */
export interface SensorSpectrogramLayout {
  /** `[frames, channels.length × binsPerChannel]`. */
  shape: [number, number];
  /** Channel names in column order: `mag.x`, `mag.y`, `mag.z`, `acc.x`, …, `mag.norm`, `mag.dip`. */
  channels: string[];
  /**
   * Frequency bins per channel: `fftLength / 2` (0 Hz up to just below Nyquist; bin 0 is the DC level), or the
   * lowest `maxBinsPerChannel` of them.
   */
  binsPerChannel: number;
  /** Frame length (samples). */
  frameLength: number;
  /** Hop between frames (samples). */
  hopLength: number;
  /** FFT length (samples). */
  fftLength: number;
  /** Width of one frequency bin (Hz), `sampleRateHz / fftLength`. */
  binHz: number;
  /** Sample rate (Hz). */
  sampleRateHz: number;
}

/** A sensor spectrogram: the image `[time, channels × bins]` and its layout. */
export interface SensorSpectrogram extends Spectrogram, SensorSpectrogramLayout {}

const DERIVED_KIND: Record<DerivedChannelName, ChannelKind> = {
  magNorm: 'magneticField',
  dip: 'angle',
  stableDip: 'angle',
  magNormRatio: 'relative',
  accNormRatio: 'relative',
  fieldConsistency: 'relative',
  deviationBound: 'relative',
};
const SENSOR_KIND: Record<SensorName, ChannelKind> = {
  mag: 'magneticField',
  acc: 'acceleration',
  gyro: 'angularRate',
};

/**
 * Fills in the defaults of a {@link SensorSpectrogramOptions} object and validates it.
 *
 * @returns A new plain-JSON object with every field set.
 * @throws {@link SpectrogramOptionsError} on an invalid option.
 */
export function resolveSensorSpectrogramOptions({
  sampleRateHz,
  sensors = ['mag', 'acc', 'gyro'],
  derived = ['magNorm', 'dip'],
  frameSec = 0.64,
  hopSec = 0.08,
  minFftLength = 64,
  maxBinsPerChannel = null,
  window = 'hann',
  referenceFieldMicroTesla = 50,
  referenceDipDeg = 60,
  referenceSpecificForceMs2 = 9.80665,
  consistencyHorizonSec = 0.5,
  scales = {},
}: SensorSpectrogramOptions = {}): ResolvedSensorSpectrogramOptions {
  if (sampleRateHz !== undefined && sampleRateHz !== null) checkNumber('sampleRateHz', sampleRateHz, Number.MIN_VALUE);
  checkNameList('sensors', sensors, SENSOR_NAMES);
  checkNameList('derived', derived, DERIVED_CHANNEL_NAMES);
  if (sensors.length + derived.length === 0) {
    throw new SpectrogramOptionsError('sensors', 'at least one sensor or derived channel', sensors);
  }
  checkNumber('frameSec', frameSec, Number.MIN_VALUE);
  checkNumber('hopSec', hopSec, Number.MIN_VALUE);
  checkInteger('minFftLength', minFftLength, 2);
  if ((minFftLength & (minFftLength - 1)) !== 0) {
    throw new SpectrogramOptionsError('minFftLength', 'a power of two ≥ 2', minFftLength);
  }
  if (maxBinsPerChannel !== null) checkInteger('maxBinsPerChannel', maxBinsPerChannel, 1);
  checkOneOf('window', window, WINDOW_NAMES);
  checkNumber('referenceFieldMicroTesla', referenceFieldMicroTesla, 0);
  checkNumber('referenceDipDeg', referenceDipDeg, -90, 90);
  if (
    referenceFieldMicroTesla === 0 &&
    derived.some((name) => name === 'magNormRatio' || name === 'fieldConsistency')
  ) {
    throw new SpectrogramOptionsError('referenceFieldMicroTesla', '> 0 for magNormRatio and fieldConsistency', 0);
  }
  checkNumber('referenceSpecificForceMs2', referenceSpecificForceMs2, Number.MIN_VALUE);
  checkNumber('consistencyHorizonSec', consistencyHorizonSec, Number.MIN_VALUE);
  if (typeof scales !== 'object' || scales === null) throw new SpectrogramOptionsError('scales', 'an object', scales);
  const resolvedScales = {} as Record<ChannelKind, ChannelScale>;
  for (const kind of Object.keys(DEFAULT_CHANNEL_SCALES) as ChannelKind[]) {
    const scale = scales[kind] ?? DEFAULT_CHANNEL_SCALES[kind];
    checkNumber(`scales.${kind}.floor`, scale.floor, Number.MIN_VALUE);
    checkNumber(`scales.${kind}.max`, scale.max, scale.floor * (1 + 1e-9));
    resolvedScales[kind] = { floor: scale.floor, max: scale.max };
  }
  for (const kind of Object.keys(scales)) {
    if (!(kind in DEFAULT_CHANNEL_SCALES)) {
      throw new SpectrogramOptionsError(`scales.${kind}`, `a kind among ${Object.keys(DEFAULT_CHANNEL_SCALES)}`, kind);
    }
  }
  return {
    sampleRateHz: sampleRateHz ?? null,
    sensors: [...sensors],
    derived: [...derived],
    frameSec,
    hopSec,
    minFftLength,
    maxBinsPerChannel,
    window,
    referenceFieldMicroTesla,
    referenceDipDeg,
    referenceSpecificForceMs2,
    consistencyHorizonSec,
    scales: resolvedScales,
  };
}

function checkNameList<T extends string>(field: string, value: unknown, allowed: readonly T[]): void {
  if (!Array.isArray(value)) throw new SpectrogramOptionsError(field, `an array of ${allowed.join(', ')}`, value);
  value.forEach((name, i) => {
    checkOneOf(`${field}[${i}]`, name, allowed);
  });
  if (new Set(value).size !== value.length) throw new SpectrogramOptionsError(field, 'no duplicates', value);
}

function layoutFor(options: ResolvedSensorSpectrogramOptions, sampleRateHz: number, samples: number) {
  const frameLength = Math.max(2, Math.round(options.frameSec * sampleRateHz));
  const hopLength = Math.max(1, Math.round(options.hopSec * sampleRateHz));
  const fftLength = Math.max(options.minFftLength, nextPowerOfTwo(frameLength));
  const binsPerChannel = Math.min(fftLength / 2, options.maxBinsPerChannel ?? Number.POSITIVE_INFINITY);
  const channels: string[] = [];
  for (const sensor of options.sensors) channels.push(`${sensor}.x`, `${sensor}.y`, `${sensor}.z`);
  for (const name of options.derived) channels.push(DERIVED_CHANNEL_COLUMNS[name]);
  const frames = samples < frameLength ? 0 : 1 + Math.floor((samples - frameLength) / hopLength);
  const layout: SensorSpectrogramLayout = {
    shape: [frames, channels.length * binsPerChannel],
    channels,
    binsPerChannel,
    frameLength,
    hopLength,
    fftLength,
    binHz: sampleRateHz / fftLength,
    sampleRateHz,
  };
  return layout;
}

/**
 * The sensors a sensor spectrogram reads: its `sensors` and those its derived channels need, in the order
 * `mag`, `acc`, `gyro`.
 *
 * @example
 * ```ts
 * import { sensorSpectrogramSensors } from '@tsc/spectrogram';
 *
 * console.log(sensorSpectrogramSensors({ sensors: [], derived: ['magNormRatio', 'fieldConsistency'] })); // ['mag', 'gyro']
 * ```
 */
export function sensorSpectrogramSensors({
  sensors = ['mag', 'acc', 'gyro'],
  derived = ['magNorm', 'dip'],
}: Pick<SensorSpectrogramOptions, 'sensors' | 'derived'> = {}): SensorName[] {
  const needed = new Set<SensorName>(sensors);
  for (const name of derived) for (const sensor of DERIVED_CHANNEL_SENSORS[name]) needed.add(sensor);
  return SENSOR_NAMES.filter((sensor) => needed.has(sensor));
}

/**
 * The layout (and shape) {@link sensorSpectrogram} gives for windows of `sampleCount` samples, without data:
 * size the model input with it.
 *
 * @param options - The spectrogram options; `sampleRateHz` in it is the rate (defaults to 100 Hz here).
 * @param sampleCount - Samples per window.
 * @returns The layout; `shape` is `[frames, channels × bins]`.
 *
 * @example
 * ```ts
 * import { sensorSpectrogramShape } from '@tsc/spectrogram';
 *
 * console.log(sensorSpectrogramShape({ sampleRateHz: 100 }, 300).shape); // [30, 352]: 3 s at 100 Hz
 * ```
 */
export function sensorSpectrogramShape(
  options: SensorSpectrogramOptions,
  sampleCount: number,
): SensorSpectrogramLayout {
  const resolved = resolveSensorSpectrogramOptions(options);
  checkInteger('sampleCount', sampleCount, 0);
  return layoutFor(resolved, resolved.sampleRateHz ?? 100, sampleCount);
}

interface StftPlan {
  fft: RealFftPlan;
  window: Float64Array;
  windowSum: number;
}
const stftPlans = new Map<string, StftPlan>();

function stftPlan(fftLength: number, frameLength: number, window: WindowName): StftPlan {
  const key = `${fftLength}|${frameLength}|${window}`;
  let plan = stftPlans.get(key);
  if (plan === undefined) {
    const coefficients = windowFunction64(window, frameLength, true);
    let windowSum = 0;
    for (const c of coefficients) windowSum += c;
    plan = { fft: new RealFftPlan(fftLength), window: coefficients, windowSum };
    if (stftPlans.size > 16) stftPlans.clear();
    stftPlans.set(key, plan);
  }
  return plan;
}

/**
 * The default feature image for IMU windows: a short-time spectrum of every channel at the recording's true
 * rate, on a fixed log scale per channel kind, stacked side by side into one `[time, channels × bins]` image.
 *
 * Per channel (`mag.x/y/z`, `acc.x/y/z`, `gyro.x/y/z`, then `mag.norm` and `mag.dip`):
 * 1. frames of `round(frameSec·rate)` samples every `round(hopSec·rate)` (snip edges: frames lie inside the
 *    window), multiplied by a periodic window, zero-padded to `fftLength`;
 * 2. bin amplitude `A_k = |X_k| / Σw` in the channel's physical unit — a constant level `c` gives `A_0 = |c|`
 *    (**the DC bin is kept**: it carries the absolute field, gravity and rate levels), a sinusoid of amplitude
 *    `a` gives `≈ a/2` at its bin;
 * 3. the fixed log scale of the channel's kind ({@link ChannelScale}, {@link DEFAULT_CHANNEL_SCALES}):
 *    `ln(1 + (A/floor)²) / ln(max/floor) − 1`.
 *
 * No per-window statistics: the same field level gives the same pixel in every window, so the norm and dip
 * deviations that separate none / low / high distortion stay visible. `mag.norm` is `‖m‖ − 50 µT` and
 * `mag.dip` is `dip − 60°` by default: set `referenceFieldMicroTesla` and `referenceDipDeg` to the local
 * Earth field (e.g. from the World Magnetic Model) so that an undisturbed field sits at the noise floor.
 *
 * @param window - The samples, in physical units (µT, m/s², rad/s).
 * @param options - See {@link SensorSpectrogramOptions}; JSON-serialisable.
 * @returns The image and its layout. At 100 Hz with the defaults: 64-sample frames, hop 8, FFT 64, 32 bins per
 *   channel, 11 channels → 352 columns; a 3 s window (300 samples) gives `[30, 352]`.
 * @throws {@link SpectrogramOptionsError} on invalid options, a missing sensor, inconsistent lengths, a non-finite
 *   sample (named by sensor, sample and axis), a window shorter than one frame or a rate that differs from
 *   `options.sampleRateHz`.
 *
 * @example
 * ```ts
 * import { sensorSpectrogram } from '@tsc/spectrogram';
 *
 * // 3 s at 100 Hz: a 45 µT field turning slowly about the vertical, gravity along z, a steady yaw rate
 * const mag = new Float64Array(300 * 3);
 * const acc = new Float64Array(300 * 3);
 * const gyro = new Float64Array(300 * 3);
 * for (let i = 0; i < 300; i++) {
 *   mag.set([20 * Math.cos(i / 50), 20 * Math.sin(i / 50), -40], i * 3);
 *   acc.set([0, 0, 9.81], i * 3);
 *   gyro.set([0, 0, 2], i * 3);
 * }
 * const image = sensorSpectrogram({ sampleRateHz: 100, mag, acc, gyro });
 * console.log(image.shape); // [30, 352]
 * console.log(image.channels); // ['mag.x', 'mag.y', 'mag.z', 'acc.x', …, 'mag.norm', 'mag.dip']
 * ```
 */
export function sensorSpectrogram(window: SensorWindow, options: SensorSpectrogramOptions = {}): SensorSpectrogram {
  const resolved = resolveSensorSpectrogramOptions(options);
  if (typeof window !== 'object' || window === null)
    throw new SpectrogramOptionsError('window', 'a SensorWindow', window);
  const rate = checkNumber('window.sampleRateHz', window.sampleRateHz, Number.MIN_VALUE);
  if (resolved.sampleRateHz !== null && Math.abs(resolved.sampleRateHz - rate) > 1e-9 * rate) {
    throw new SpectrogramOptionsError(
      'window.sampleRateHz',
      `${resolved.sampleRateHz} Hz (options.sampleRateHz)`,
      rate,
    );
  }
  const needed = sensorSpectrogramSensors(resolved);
  let samples = -1;
  for (const sensor of needed) {
    const data = window[sensor];
    if (!(data instanceof Float64Array || data instanceof Float32Array)) {
      throw new SpectrogramOptionsError(`window.${sensor}`, 'a Float64Array or Float32Array [samples, 3]', data);
    }
    if (data.length % 3 !== 0) {
      throw new SpectrogramOptionsError(`window.${sensor}.length`, 'a multiple of 3 ([samples, 3])', data.length);
    }
    if (samples >= 0 && data.length / 3 !== samples) {
      throw new SpectrogramOptionsError(
        `window.${sensor}.length`,
        `${3 * samples} (as the other sensors)`,
        data.length,
      );
    }
    samples = data.length / 3;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i]!)) {
        const axis = 'xyz'[i % 3];
        throw new SpectrogramOptionsError(`window.${sensor}[${Math.floor(i / 3)}].${axis}`, 'a finite number', data[i]);
      }
    }
  }
  const { before, after } = windowContext(window, samples);
  const layout = layoutFor(resolved, rate, samples - before - after);
  if (layout.shape[0] === 0) {
    throw new SpectrogramOptionsError('window', `at least ${layout.frameLength} samples (one frame)`, samples);
  }
  const [frames, width] = layout.shape;
  const out = new Float32Array(frames * width);
  const series = new Float64Array(samples);
  const plan = stftPlan(layout.fftLength, layout.frameLength, resolved.window);
  let column = 0;
  for (const sensor of resolved.sensors) {
    const data = window[sensor]!;
    for (let axis = 0; axis < 3; axis++) {
      for (let i = 0; i < samples; i++) series[i] = data[3 * i + axis]!;
      writeChannel(series.subarray(before), plan, layout, resolved.scales[SENSOR_KIND[sensor]], out, column);
      column += layout.binsPerChannel;
    }
  }
  const reference = channelReference(resolved, rate);
  // each channel's series, for the channels after it that derive from it (the deviation bound from the stable dip)
  const computed = new Map<DerivedChannelName, Float64Array>();
  for (const name of resolved.derived) {
    const channel = new Float64Array(samples);
    derivedChannel(name, { ...window, sampleRateHz: rate }, reference, channel, computed);
    computed.set(name, channel);
    writeChannel(channel.subarray(before), plan, layout, resolved.scales[DERIVED_KIND[name]], out, column);
    column += layout.binsPerChannel;
  }
  return { data: out, ...layout };
}

/** A window's context length, checked: a whole number of samples that leaves some of the `available` ones. */
function contextSamples(
  window: SensorWindow,
  field: 'contextBeforeSamples' | 'contextAfterSamples',
  available: number,
): number {
  const value = window[field] ?? 0;
  if (!Number.isInteger(value) || value < 0 || (value > 0 && value >= available)) {
    throw new SpectrogramOptionsError(`window.${field}`, `a whole number of samples in [0, ${available})`, value);
  }
  return value;
}

/** The checked context of a window of `samples` samples in all: samples before and after its own. */
function windowContext(window: SensorWindow, samples: number): { before: number; after: number } {
  const before = contextSamples(window, 'contextBeforeSamples', samples);
  return { before, after: contextSamples(window, 'contextAfterSamples', samples - before) };
}

function channelReference(resolved: ResolvedSensorSpectrogramOptions, rateHz: number): DerivedChannelReference {
  return {
    fieldMicroTesla: resolved.referenceFieldMicroTesla,
    dipDeg: resolved.referenceDipDeg,
    specificForceMs2: resolved.referenceSpecificForceMs2,
    consistencyHorizonSamples: resolved.consistencyHorizonSec * rateHz,
  };
}

/**
 * One derived channel of a window, sample by sample, before any spectrum: what the sensor spectrogram's column of
 * that channel is computed from (e.g. `fieldConsistency` in % of the reference field). Physics rules read these.
 * As in {@link sensorSpectrogram}, the channel is computed over the window with its context
 * (`contextBeforeSamples`, `contextAfterSamples`) and only the window's own samples are returned.
 *
 * @param window - The samples; it must carry the sensors the channel reads.
 * @param name - The channel.
 * @param options - The references (`referenceFieldMicroTesla`, `referenceDipDeg`, `referenceSpecificForceMs2`,
 *   `consistencyHorizonSec`); other fields are ignored.
 * @throws {@link SpectrogramOptionsError} on invalid options or a missing sensor.
 */
export function derivedChannelSeries(
  window: SensorWindow,
  name: DerivedChannelName,
  options: SensorSpectrogramOptions = {},
): Float64Array {
  const resolved = resolveSensorSpectrogramOptions({ ...options, sensors: [], derived: [name] });
  let samples = 0;
  for (const sensor of DERIVED_CHANNEL_SENSORS[name]) {
    const data = window[sensor];
    if (data === undefined) throw new SpectrogramOptionsError(`window.${sensor}`, `samples (${name} reads it)`, data);
    samples = data.length / 3;
  }
  const { before, after } = windowContext(window, samples);
  const out = new Float64Array(samples);
  derivedChannel(name, window, channelReference(resolved, window.sampleRateHz), out);
  return before === 0 && after === 0 ? out : out.slice(before, samples - after);
}

function writeChannel(
  series: Float64Array,
  plan: StftPlan,
  layout: SensorSpectrogramLayout,
  scale: ChannelScale,
  out: Float32Array,
  column: number,
): void {
  const { fft, window, windowSum } = plan;
  const { frameLength, hopLength, binsPerChannel } = layout;
  const [frames, width] = layout.shape;
  const input = fft.input;
  const spectrum = fft.spectrum;
  // A = |X|/Σw; value = ln(1 + A²/floor²)/ln(max/floor) − 1 = ln(1 + |X|²·g)·h − 1
  const g = 1 / (windowSum * windowSum * scale.floor * scale.floor);
  const h = 1 / Math.log(scale.max / scale.floor);
  for (let t = 0; t < frames; t++) {
    const start = t * hopLength;
    if (binsPerChannel === 1) {
      // bin 0 alone: the windowed sum, no FFT needed
      let sum = 0;
      for (let i = 0; i < frameLength; i++) sum += series[start + i]! * window[i]!;
      out[t * width + column] = Math.log1p(sum * sum * g) * h - 1;
      continue;
    }
    for (let i = 0; i < frameLength; i++) input[i] = series[start + i]! * window[i]!;
    // input[frameLength … fftLength) stays zero
    fft.run();
    const o = t * width + column;
    for (let k = 0; k < binsPerChannel; k++) {
      const re = spectrum[2 * k]!;
      const im = spectrum[2 * k + 1]!;
      out[o + k] = Math.log1p((re * re + im * im) * g) * h - 1;
    }
  }
}
