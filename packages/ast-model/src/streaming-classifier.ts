import { type ImuRecording, type RecordingMetadata, type RecordingWindow, windows } from '@tsc/mcap-utils';
import { resample, type SensorSpectrogramOptions } from '@tsc/spectrogram';
import type { AstClassifier, AstPrediction } from './ast-classifier.js';
import { AstInputError } from './errors.js';
import {
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  type SensorFeatureSettings,
  sensorTopics,
  windowFeatures,
} from './sensor-features.js';

/** Options of {@link StreamingClassifier}; unset fields come from the classifier's feature settings. */
export interface StreamingClassifierOptions {
  /** Window length (s). Defaults to `featureSettings.windowSec`, else 3. */
  windowSec?: number;
  /** Step between window starts (s). Defaults to `featureSettings.hopSec`, else 1.5. */
  hopSec?: number;
  /** Spectrogram options. Defaults to `featureSettings.spectrogram`, else the `sensorSpectrogram` defaults. */
  spectrogram?: SensorSpectrogramOptions;
  /**
   * The stream's nominal rate (Hz) of the time-base topic (the first of {@link StreamingClassifier.topics}).
   * Defaults to the median step of its first `rateEstimateSamples` samples (as `classifyRecording` takes the median
   * step of the whole recording: pass the same rate to both when a stream is irregular at its start).
   */
  sampleRateHz?: number;
  /** Samples of the time-base topic the rate is estimated from when `sampleRateHz` is unset. Defaults to 64. */
  rateEstimateSamples?: number;
  /**
   * Calibration of raw counts to physical units per sensor (`truth = matrix · (raw − bias)`), e.g. a recording's
   * `metadata.calibration`. Defaults to none: the samples are already in µT, m/s² and rad/s (phone sensors).
   */
  calibration?: RecordingMetadata['calibration'];
  /** A step longer than this many nominal periods is a gap; windows with a gap are skipped. Defaults to 1.5. */
  gapFactor?: number;
}

/** One prediction of a {@link StreamingClassifier}: the window's span and the model's output for it. */
export interface StreamingPrediction extends AstPrediction {
  /** Time of the window's first sample (ns). */
  windowStartNs: bigint;
  /** Time of the window's last sample plus one nominal period (ns, exclusive); the classification's log time. */
  windowEndNs: bigint;
  /** The rate the window was classified at (Hz): the model's stored rate when the stream was resampled to it. */
  sampleRateHz: number;
}

/** Samples of one topic that may still be needed, oldest first (`head` marks the first live one). */
class TopicBuffer {
  times: bigint[] = [];
  values: number[] = [];
  head = 0;
  lastTimeNs: bigint | undefined;

  get length(): number {
    return this.times.length - this.head;
  }

  time(index: number): bigint {
    return this.times[this.head + index]!;
  }

  push(timeNs: bigint, x: number, y: number, z: number): void {
    this.times.push(timeNs);
    this.values.push(x, y, z);
    this.lastTimeNs = timeNs;
  }

  /** The first live index whose time is at least `timeNs`, or `length` when none is. */
  firstAtOrAfter(timeNs: bigint): number {
    let i = 0;
    while (i < this.length && this.time(i) < timeNs) i++;
    return i;
  }

  /** Drops live samples before index `count`. */
  drop(count: number): void {
    this.head += count;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.values = this.values.slice(this.head * 3);
      this.head = 0;
    }
  }

  /** Live samples `[from, to)` as a width-3 series. */
  series(topic: string, from: number, to: number) {
    const start = this.head + from;
    return {
      topic,
      timestampsNs: BigInt64Array.from(this.times.slice(start, this.head + to)),
      values: Float64Array.from(this.values.slice(start * 3, (this.head + to) * 3)),
      width: 3,
    };
  }
}

function medianStepNs(times: readonly bigint[]): number {
  const steps: number[] = [];
  for (let i = 1; i < times.length; i++) steps.push(Number(times[i]! - times[i - 1]!));
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)] ?? 0;
}

/** A window's values resampled from its rate to `toHz` with `resample` (per axis, rates rounded to integers). */
function resampleWindow(window: RecordingWindow, toHz: number): RecordingWindow {
  const fromHz = Math.round(window.sampleRateHz);
  const values = new Map<string, Float64Array>();
  let sampleCount = 0;
  for (const [topic, data] of window.values) {
    const axis = new Float64Array(window.sampleCount);
    let out = new Float64Array(0);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < window.sampleCount; i++) axis[i] = data[i * 3 + k]!;
      const resampled = resample(axis, { fromHz, toHz });
      if (k === 0) {
        sampleCount = resampled.length;
        out = new Float64Array(sampleCount * 3);
      }
      for (let i = 0; i < sampleCount; i++) out[i * 3 + k] = resampled[i]!;
    }
    values.set(topic, out);
  }
  return { ...window, values, sampleCount, sampleRateHz: toHz };
}

/**
 * Classifies a live sensor stream window by window, holding only the samples of one window. Push samples as they
 * arrive, in any chunk size, each topic in time order, topics interleaved in any way; every push returns the
 * predictions of the windows it completed. Windows are cut, calibrated and turned into features by the same
 * functions as {@link classifyRecording} (`windows` of `@tsc/mcap-utils`, then `windowFeatures`), so a stream of a
 * recording gives the same windows, classes and probabilities as `classifyRecording` on it. When the model stores a
 * rate (`featureSettings.spectrogram.sampleRateHz`) that differs from the stream's by more than 0.1%, each window
 * is resampled to it with `resample` of `@tsc/spectrogram`.
 *
 * A window is complete when its last time-base sample has arrived and every other topic has a sample at or after
 * that time (or {@link StreamingClassifier.end} was called), so the nearest-sample alignment is final.
 *
 * @example
 * ```ts
 * const stream = new StreamingClassifier(classifier, { calibration: recording.metadata.calibration });
 * stream.topics; // ['mag_raw', 'acc_raw']
 * for (const p of stream.push('mag_raw', [t], [x, y, z])) console.log(p.label, p.probabilities);
 * ```
 */
export class StreamingClassifier {
  /** The calibrated topics the model needs (`mag_raw`, `acc_raw`, `gyro_raw`); the first is the time base. */
  readonly topics: readonly string[];
  /** Window length (s). */
  readonly windowSec: number;
  /** Step between window starts (s). */
  readonly hopSec: number;
  readonly #classifier: AstClassifier;
  readonly #spectrogram: SensorSpectrogramOptions;
  readonly #buffers: Map<string, TopicBuffer>;
  readonly #calibration: RecordingMetadata['calibration'];
  readonly #gapFactor: number;
  readonly #rateEstimateSamples: number;
  readonly #hopNs: bigint;
  #sampleRateHz: number | undefined;
  #nextStartNs: bigint | undefined;
  #ended = false;

  /**
   * @param classifier - A loaded classifier; its `featureSettings` give the defaults.
   * @param options - Windowing, rate, calibration and gap settings.
   * @throws {@link AstInputError} for a non-positive window, hop, rate or estimate count.
   */
  constructor(classifier: AstClassifier, options: StreamingClassifierOptions = {}) {
    const settings = {
      ...DEFAULT_SENSOR_FEATURE_SETTINGS,
      ...(classifier.featureSettings as Partial<SensorFeatureSettings>),
    };
    const {
      windowSec = settings.windowSec,
      hopSec = settings.hopSec,
      spectrogram = settings.spectrogram ?? {},
      sampleRateHz,
      rateEstimateSamples = 64,
      calibration,
      gapFactor = 1.5,
    } = options;
    if (!(windowSec > 0)) throw new AstInputError('windowSec', 'a positive number of seconds', windowSec);
    if (!(hopSec > 0)) throw new AstInputError('hopSec', 'a positive number of seconds', hopSec);
    if (sampleRateHz !== undefined && !(sampleRateHz > 0))
      throw new AstInputError('sampleRateHz', 'a positive rate (Hz)', sampleRateHz);
    if (!Number.isInteger(rateEstimateSamples) || rateEstimateSamples < 2)
      throw new AstInputError('rateEstimateSamples', 'an integer of at least 2', rateEstimateSamples);
    this.#classifier = classifier;
    this.#spectrogram = spectrogram;
    this.windowSec = windowSec;
    this.hopSec = hopSec;
    this.#hopNs = BigInt(Math.round(hopSec * 1e9));
    this.#sampleRateHz = sampleRateHz;
    this.#rateEstimateSamples = rateEstimateSamples;
    this.#calibration = calibration;
    this.#gapFactor = gapFactor;
    this.topics = sensorTopics(spectrogram);
    this.#buffers = new Map(this.topics.map((topic) => [topic, new TopicBuffer()]));
  }

  /** The time-base rate in use (Hz): the given one, the estimate once made, else `undefined`. */
  get sampleRateHz(): number | undefined {
    return this.#sampleRateHz;
  }

  /** Samples held now, over all topics (about one window plus one hop of each). */
  get bufferedSamples(): number {
    let total = 0;
    for (const buffer of this.#buffers.values()) total += buffer.length;
    return total;
  }

  /**
   * Adds samples of one topic and classifies every window they complete. Topics the model does not use are
   * ignored.
   *
   * @param topic - `mag_raw`, `acc_raw` or `gyro_raw`.
   * @param timestampsNs - Sample times (ns), non-decreasing within the topic and after its earlier samples.
   * @param values - Row-major `[samples, 3]` values, raw counts with `calibration`, else physical units.
   * @returns The predictions of the windows completed, oldest first (often none).
   * @throws {@link AstInputError} for mismatched lengths, times going back, or a push after {@link end}.
   */
  push(topic: string, timestampsNs: ArrayLike<bigint>, values: ArrayLike<number>): StreamingPrediction[] {
    if (this.#ended) throw new AstInputError('push', 'no samples after end()', topic);
    const buffer = this.#buffers.get(topic);
    if (buffer === undefined) return [];
    if (values.length !== timestampsNs.length * 3)
      throw new AstInputError(`${topic} values.length`, `${timestampsNs.length * 3} (3 per sample)`, values.length);
    for (let i = 0; i < timestampsNs.length; i++) {
      const time = timestampsNs[i]!;
      if (buffer.lastTimeNs !== undefined && time < buffer.lastTimeNs)
        throw new AstInputError(
          `${topic} timestampsNs[${i}]`,
          `a time at or after the previous sample (${buffer.lastTimeNs} ns)`,
          `${time} ns`,
        );
      buffer.push(time, values[i * 3]!, values[i * 3 + 1]!, values[i * 3 + 2]!);
    }
    return this.#drain();
  }

  /** Marks the end of the stream and classifies the windows that waited for later samples of other topics. */
  end(): StreamingPrediction[] {
    this.#ended = true;
    return this.#drain();
  }

  #drain(): StreamingPrediction[] {
    const out: StreamingPrediction[] = [];
    for (;;) {
      const window = this.#nextWindow();
      if (window === 'wait') return out;
      if (window !== 'skipped') out.push(this.#classify(window));
      this.#advance();
    }
  }

  /** The next window if its samples are all here (`skipped` when it has a gap), else `wait`. */
  #nextWindow(): RecordingWindow | 'skipped' | 'wait' {
    const base = this.#buffers.get(this.topics[0]!)!;
    if (base.length === 0) return 'wait';
    this.#nextStartNs ??= base.time(0);
    if (this.#sampleRateHz === undefined) {
      if (base.length < this.#rateEstimateSamples) return 'wait';
      const stepNs = medianStepNs(base.times.slice(base.head, base.head + this.#rateEstimateSamples));
      if (!(stepNs > 0)) throw new AstInputError(`${this.topics[0]} timestamps`, 'distinct sample times', stepNs);
      this.#sampleRateHz = 1e9 / stepNs;
    }
    const windowSamples = Math.round(this.windowSec * this.#sampleRateHz);
    if (windowSamples < 2)
      throw new AstInputError('windowSec', `at least 2 sample periods (${2 / this.#sampleRateHz} s)`, this.windowSec);
    const start = base.firstAtOrAfter(this.#nextStartNs);
    const end = start + windowSamples;
    if (end > base.length) return 'wait';
    const lastNs = base.time(end - 1);
    const topics: [string, ReturnType<TopicBuffer['series']>][] = [
      [this.topics[0]!, base.series(this.topics[0]!, start, end)],
    ];
    for (const topic of this.topics.slice(1)) {
      const buffer = this.#buffers.get(topic)!;
      const after = buffer.firstAtOrAfter(lastNs);
      if (after === buffer.length && !this.#ended) return 'wait';
      // From the last sample at or before the window's first sample (the nearest-sample candidates) to the first
      // sample at or after its last one.
      const first = Math.max(0, buffer.firstAtOrAfter(base.time(start) + 1n) - 1);
      topics.push([topic, buffer.series(topic, first, Math.min(buffer.length, after + 1))]);
    }
    if (topics.some(([, series]) => series.timestampsNs.length === 0)) return 'wait';
    const recording: ImuRecording = {
      topics: new Map(topics),
      metadata: this.#calibration === undefined ? {} : { calibration: this.#calibration },
    };
    const [window] = windows(recording, {
      topics: this.topics,
      windowSec: this.windowSec,
      hopSec: this.windowSec * 2,
      calibrated: true,
      sampleRateHz: this.#sampleRateHz,
      gapFactor: this.#gapFactor,
    });
    return window === undefined || window.startTimeNs !== base.time(start) ? 'skipped' : window;
  }

  /** Moves to the next window start and drops the samples no later window needs. */
  #advance(): void {
    const nextStartNs = this.#nextStartNs! + this.#hopNs;
    this.#nextStartNs = nextStartNs;
    const base = this.#buffers.get(this.topics[0]!)!;
    base.drop(base.firstAtOrAfter(nextStartNs));
    for (const topic of this.topics.slice(1)) {
      const buffer = this.#buffers.get(topic)!;
      buffer.drop(Math.max(0, buffer.firstAtOrAfter(nextStartNs + 1n) - 1));
    }
  }

  #classify(window: RecordingWindow): StreamingPrediction {
    const modelHz = this.#spectrogram.sampleRateHz;
    const input =
      typeof modelHz === 'number' && Math.abs(window.sampleRateHz - modelHz) > 1e-3 * modelHz
        ? resampleWindow(window, modelHz)
        : typeof modelHz === 'number'
          ? { ...window, sampleRateHz: modelHz }
          : window;
    const [prediction] = this.#classifier.predict(windowFeatures([input], this.#spectrogram));
    return {
      ...prediction!,
      windowStartNs: window.startTimeNs,
      windowEndNs: window.endTimeNs,
      sampleRateHz: input.sampleRateHz,
    };
  }
}
