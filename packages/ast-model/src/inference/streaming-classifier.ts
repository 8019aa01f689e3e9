import type { ImuRecording, RecordingMetadata, RecordingWindow } from '@tsc/mcap-utils';
import { medianStepNs } from '@tsc/shared';
import { RunningSensorReference, type SensorReference, type SensorSpectrogramOptions } from '@tsc/spectrogram';
import { AstInputError } from '../errors.js';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import {
  iterateRecordingWindows,
  type PreparedRecording,
  prepareRecording,
  sensorTopics,
  spectrogramWithReference,
  windowFeatures,
} from '../features/sensor-features.js';
import type { AstClassifier, AstPrediction } from './ast-classifier.js';

/** Options of {@link StreamingClassifier}; unset fields come from the classifier's feature settings. */
export interface StreamingClassifierOptions {
  /** Window length (s). Defaults to `featureSettings.windowSec`. */
  windowSec?: number;
  /** Step between window starts (s). Defaults to `featureSettings.hopSec`. */
  hopSec?: number;
  /** Spectrogram options. Defaults to `featureSettings.spectrogram`. */
  spectrogram?: SensorSpectrogramOptions;
  /**
   * The reference field of the relative channels, for models whose settings take it from the recording
   * (`reference: 'recording'`): a live stream has no whole recording to take medians over. Pass one (e.g. the
   * `reference` of `classifyRecording` on a recording being replayed, or `sensorReference` of a calm stretch) to get
   * `classifyRecording`'s features exactly. Defaults to a slow running estimate of the stream's own reference
   * (`RunningSensorReference` of `@tsc/spectrogram`, time constant `referenceTimeConstantSec`): seeded by the first
   * window, updated with each window's new samples before the window is classified.
   */
  reference?: SensorReference;
  /**
   * Time constant (s) of the running reference estimate used when `reference` is not given: the estimate is a
   * weighted median over about the last `referenceTimeConstantSec` of the stream, and follows a lasting change of the
   * field (e.g. another room) after `referenceTimeConstantSec · ln 2`. `Infinity` takes the median of the whole stream
   * so far, which on a stationary stream converges to `classifyRecording`'s reference. Defaults to 300.
   */
  referenceTimeConstantSec?: number;
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

/** Windows a push classifies per forward pass at most (a push of a long stretch holds this many windows at once). */
const STREAM_BATCH_WINDOWS = 64;

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The window of `samples` samples from the first at or after `startNs` of a prepared stretch whose topics share one
 * grid (the first of `topics` is the time base), with up to `contextSamples` around it where the stretch has them
 * (`contextSec` of the settings); `short` when the stretch ends before the window does, `skipped` when the window
 * has a gap or a non-finite sample.
 */
function cutWindow(
  prepared: PreparedRecording,
  settings: SensorFeatureSettings,
  topics: readonly string[],
  { startNs, samples, contextSamples }: { startNs: bigint; samples: number; contextSamples: number },
): RecordingWindow | 'short' | 'skipped' {
  const times = prepared.recording.topics.get(topics[0]!)!.timestampsNs;
  let from = 0;
  while (from < times.length && times[from]! < startNs) from++;
  if (from + samples > times.length) return 'short';
  const first = Math.max(0, from - contextSamples);
  const end = Math.min(times.length, from + samples + contextSamples);
  const cut = new Map(
    topics.map((topic) => {
      const series = prepared.recording.topics.get(topic)!;
      return [
        topic,
        {
          ...series,
          timestampsNs: series.timestampsNs.subarray(first, end),
          values: series.values.subarray(first * series.width, end * series.width),
        },
      ];
    }),
  );
  const stretch = { ...prepared, recording: { ...prepared.recording, topics: cut } };
  for (const window of iterateRecordingWindows(stretch, settings, { firstStartNs: times[from]! })) {
    return window.startTimeNs === times[from] ? window : 'skipped';
  }
  return 'skipped';
}

/**
 * Classifies a live sensor stream window by window, holding only the samples of about one window. Push samples as
 * they arrive, in any chunk size, each topic in time order, topics interleaved in any way; every push returns the
 * predictions of the windows it completed (classified in one forward pass, up to 64 at a time, so that pushing a long
 * block costs no more than `classifyRecording`'s batches). Each window's samples go through the path of {@link classifyRecording}
 * (`prepareRecording`: calibration and resampling to the model's rate; `recordingWindows`; `windowFeatures`). A
 * stream at another rate, or with jittered or per-topic timestamps, is resampled one window at a time together with
 * the samples just before it (the resampling filter's reach, about 0.08 s), on the grid a resampling of the whole
 * stream would use, and with the samples after it that have already arrived. So a stream of a recording at any rate,
 * given the recording's reference field (`options.reference`), gives the windows, classes and probabilities of
 * `classifyRecording` on it: the tests check the windows and classes for equality and the probabilities to 1e-6, at
 * 100 and 200 Hz in random chunks of 1–40 samples and at 95.238 Hz (a real phone log) in 0.25 s chunks. (Where the
 * samples after a window have not arrived yet, its last few samples are resampled against the stretch's edge
 * instead: the differences seen were of float32 rounding.)
 *
 * Without `options.reference`, a model whose features are relative to the recording's own field measures it as the
 * stream goes, with a slow running estimate (`referenceTimeConstantSec`); after a warm-up its classes agree with
 * `classifyRecording`'s on 99.0 % of the windows of the BROAD dev trials (`bench:streaming-real`, the demo's model).
 *
 * A window is complete when the last sample of its context after it (`contextSec` of the feature settings, 1 s for
 * models trained with the defaults, 0 for earlier ones) has arrived in every topic (a few samples more when the stream
 * is resampled), or {@link StreamingClassifier.end} was called: a prediction comes `contextSec` after its window's end.
 *
 * @example
 * ```ts
 * import { StreamingClassifier, DEFAULT_SENSOR_FEATURE_SETTINGS as settings, prepareRecording, recordingWindows, trainAst, windowsDataset } from '@tsc/ast-model';
 * import { DISTORTION_LABELS } from '@tsc/mcap-utils';
 * import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
 *
 * // a model trained for a few steps on one synthetic recording: enough to run, not to trust
 * const { recording, labels } = generateRecording(createDatasetPlan({ seed: 1, durationSec: 20 }), { seed: 1 });
 * const prepared = prepareRecording(recording, settings);
 * const windows = recordingWindows(prepared, settings, { labels: labels.events });
 * const result = await trainAst({
 *   train: windowsDataset(windows, DISTORTION_LABELS, prepared.spectrogram),
 *   options: { maxSteps: 3, featureSettings: { ...settings } },
 * });
 * const stream = new StreamingClassifier(result.classifier, { calibration: recording.metadata.calibration });
 * console.log(stream.topics); // ['mag_raw', 'acc_raw', 'gyro_raw']
 * for (const topic of stream.topics) {
 *   const { timestampsNs, values } = recording.topics.get(topic)!; // as the samples arrive, in any blocks
 *   for (const p of stream.push(topic, timestampsNs, values)) console.log(p.label, p.probabilities);
 * }
 * for (const p of stream.end()) console.log(p.label, p.probabilities);
 * ```
 */
export class StreamingClassifier {
  /** The calibrated topics the model needs (`mag_raw`, `acc_raw`, `gyro_raw`); the first is the time base. */
  readonly topics: readonly string[];
  readonly #classifier: AstClassifier;
  readonly #settings: SensorFeatureSettings;
  readonly #buffers: Map<string, TopicBuffer>;
  readonly #calibration: RecordingMetadata['calibration'];
  readonly #rateEstimateSamples: number;
  readonly #hopNs: bigint;
  /** How far around a window its context reaches (ns, `contextSec` of the settings). */
  readonly #contextNs: bigint;
  readonly #fixedReference: SensorReference | undefined;
  readonly #runningReference: RunningSensorReference | undefined;
  /** The end of the samples the running reference has seen (ns). */
  #referencedUntilNs: bigint | undefined;
  #sampleRateHz: number | undefined;
  #nextStartNs: bigint | undefined;
  /** Where the stream's windows and resampling grid start: the latest first sample of the topics. */
  #originNs: bigint | undefined;
  #ended = false;

  /**
   * @param classifier - A loaded classifier; its `featureSettings` give the defaults.
   * @param options - Windowing, rate, reference and calibration settings.
   * @throws {@link AstInputError} for a non-positive window, hop, rate, estimate count or reference time constant.
   */
  constructor(classifier: AstClassifier, options: StreamingClassifierOptions = {}) {
    const stored = classifier.featureSettings;
    const {
      windowSec = stored.windowSec,
      hopSec = stored.hopSec,
      spectrogram = stored.spectrogram,
      sampleRateHz,
      rateEstimateSamples = 64,
      calibration,
      reference,
      referenceTimeConstantSec = 300,
    } = options;
    if (!(windowSec > 0)) throw new AstInputError('windowSec', 'a positive number of seconds', windowSec);
    if (!(hopSec > 0)) throw new AstInputError('hopSec', 'a positive number of seconds', hopSec);
    if (sampleRateHz !== undefined && !(sampleRateHz > 0))
      throw new AstInputError('sampleRateHz', 'a positive rate (Hz)', sampleRateHz);
    if (!Number.isInteger(rateEstimateSamples) || rateEstimateSamples < 2)
      throw new AstInputError('rateEstimateSamples', 'an integer of at least 2', rateEstimateSamples);
    if (!(referenceTimeConstantSec > 0))
      throw new AstInputError('referenceTimeConstantSec', 'a positive number of seconds', referenceTimeConstantSec);
    this.#classifier = classifier;
    this.#settings = { ...stored, windowSec, hopSec, spectrogram };
    this.#hopNs = BigInt(Math.round(hopSec * 1e9));
    this.#contextNs = BigInt(Math.round((this.#settings.contextSec ?? 0) * 1e9));
    this.#sampleRateHz = sampleRateHz;
    this.#rateEstimateSamples = rateEstimateSamples;
    this.#calibration = calibration;
    this.#fixedReference = reference;
    this.#runningReference =
      stored.reference === 'recording' && reference === undefined
        ? new RunningSensorReference({ timeConstantSec: referenceTimeConstantSec })
        : undefined;
    this.topics = sensorTopics(spectrogram);
    this.#buffers = new Map(this.topics.map((topic) => [topic, new TopicBuffer()]));
  }

  /** Window length (s). */
  get windowSec(): number {
    return this.#settings.windowSec;
  }

  /** Step between window starts (s). */
  get hopSec(): number {
    return this.#settings.hopSec;
  }

  /** The stream's time-base rate (Hz): the given one, the estimate once made, else `undefined`. */
  get sampleRateHz(): number | undefined {
    return this.#sampleRateHz;
  }

  /**
   * The reference field in use when the model's features use one: the given one, else the running estimate after
   * the last window classified (`undefined` before the first).
   */
  get reference(): SensorReference | undefined {
    if (this.#settings.reference !== 'recording') return undefined;
    return this.#fixedReference ?? this.#runningReference?.reference;
  }

  /**
   * Samples held now, over all topics (about one window plus one hop of each, its context on both sides, and the
   * resampling's look-behind).
   */
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

  /** Classifies every window the samples here complete, up to {@link STREAM_BATCH_WINDOWS} per forward pass. */
  #drain(): StreamingPrediction[] {
    const out: StreamingPrediction[] = [];
    let batch: RecordingWindow[] = [];
    for (;;) {
      const window = this.#nextWindow();
      if (window === 'wait') break;
      if (window !== 'skipped') batch.push(window);
      this.#advance();
      if (batch.length === STREAM_BATCH_WINDOWS) {
        out.push(...this.#classify(batch));
        batch = [];
      }
    }
    out.push(...this.#classify(batch));
    return out;
  }

  /** Where windows start: the latest first sample of the topics, as `prepareRecording` starts its grid. */
  #startNs(): bigint | undefined {
    let start: bigint | undefined;
    for (const buffer of this.#buffers.values()) {
      if (buffer.length === 0) return undefined;
      if (start === undefined || buffer.time(0) > start) start = buffer.time(0);
    }
    return start;
  }

  /** The stream's rate, estimated from its first time-base samples unless given; `undefined` while too few. */
  #streamRateHz(base: TopicBuffer): number | undefined {
    if (this.#sampleRateHz === undefined && base.length >= this.#rateEstimateSamples) {
      const stepNs = medianStepNs(base.times.slice(base.head, base.head + this.#rateEstimateSamples));
      if (!(stepNs > 0)) throw new AstInputError(`${this.topics[0]} timestamps`, 'distinct sample times', stepNs);
      this.#sampleRateHz = 1e9 / stepNs;
    }
    return this.#sampleRateHz;
  }

  /**
   * The model's rate (or the stream's, for a model without one), and how far before a window its resampling reads
   * (ns): past the resampling filter's reach, rounded to the period on which the stream's grid and the model's meet
   * (`1 / gcd(⌈rate⌉, modelRate)` s), so that a window resampled with its past equals the whole stream's resampling.
   */
  #resampling(rateHz: number): { toHz: number; lookBehindNs: number; latticeNs: number } {
    const modelHz = this.#settings.spectrogram.sampleRateHz;
    if (typeof modelHz !== 'number') return { toHz: rateHz, lookBehindNs: 0, latticeNs: 1e9 / rateHz };
    const gridHz = Math.max(1, Math.ceil(rateHz - 1e-6));
    const latticeNs = 1e9 / greatestCommonDivisor(gridHz, modelHz);
    // the windowed sinc reaches 6 zero crossings of the lower rate, plus a sample for the interpolation
    const reachNs = (7e9 / Math.min(gridHz, modelHz)) * 1.05;
    return { toHz: modelHz, lookBehindNs: Math.ceil(reachNs / latticeNs) * latticeNs, latticeNs };
  }

  /** Where the stretch resampled for the window starting at `startNs` begins: on the grids' common lattice. */
  #stretchStartNs(startNs: bigint, rateHz: number): bigint {
    const { lookBehindNs, latticeNs } = this.#resampling(rateHz);
    const origin = this.#originNs!;
    const periods = Math.floor((Number(startNs - origin) - lookBehindNs) / latticeNs + 1e-9);
    return periods <= 0 ? origin : origin + BigInt(Math.round(periods * latticeNs));
  }

  /**
   * The next window, prepared as `classifyRecording` prepares recordings, if its samples are all here. The window
   * is resampled with the samples before it (as far back as the resampling filter reaches) on the whole stream's grid, so it equals the
   * batch window but for the resampling filter's reach at its end (the samples after it are not awaited).
   */
  #nextWindow(): RecordingWindow | 'skipped' | 'wait' {
    const base = this.#buffers.get(this.topics[0]!)!;
    this.#nextStartNs ??= this.#startNs();
    if (this.#nextStartNs === undefined) return 'wait';
    this.#originNs ??= this.#nextStartNs;
    const rateHz = this.#streamRateHz(base);
    if (rateHz === undefined) return 'wait';
    const { toHz, lookBehindNs } = this.#resampling(rateHz);
    const windowSamples = Math.round(this.#settings.windowSec * toHz);
    if (windowSamples < 2)
      throw new AstInputError('windowSec', `at least 2 sample periods (${2 / toHz} s)`, this.windowSec);
    const startNs = this.#nextStartNs;
    const contextSamples = Math.round((this.#settings.contextSec ?? 0) * toHz);
    const atModelRate = Math.abs(rateHz - toHz) <= 1e-6 * toHz;
    // every topic needs a sample at the last grid time of the window's context after it (a few more to interpolate
    // and resample onto it)
    const lastNs = startNs + BigInt(Math.round(((windowSamples + contextSamples - 1) * 1e9) / toHz));
    const neededNs = lastNs + (atModelRate ? 0n : BigInt(Math.round(2e9 / rateHz + 1e9 / toHz)));
    // samples after the window, where already here, keep its end off the resampling's edge (they are not awaited)
    const reachNs = neededNs + BigInt(Math.round(lookBehindNs));
    const stretchStartNs = this.#stretchStartNs(startNs - this.#contextNs, rateHz);
    // the stretch ends at one time for every topic (topics that share timestamps keep sharing them)
    let stretchEndNs: bigint | undefined;
    for (const buffer of this.#buffers.values()) {
      const after = buffer.firstAtOrAfter(neededNs);
      if (after === buffer.length && !this.#ended) return 'wait';
      if (buffer.length === 0) return 'wait';
      const last = buffer.time(Math.min(buffer.length, Math.max(after, buffer.firstAtOrAfter(reachNs)) + 1) - 1);
      if (stretchEndNs === undefined || last < stretchEndNs) stretchEndNs = last;
    }
    const topics = this.topics.map((topic): [string, ReturnType<TopicBuffer['series']>] => {
      const buffer = this.#buffers.get(topic)!;
      const from = Math.max(0, buffer.firstAtOrAfter(stretchStartNs) - 1);
      const to = Math.min(buffer.length, buffer.firstAtOrAfter(stretchEndNs!) + 1);
      return [topic, buffer.series(topic, from, to)];
    });
    if (topics.some(([, series]) => series.timestampsNs.length < 2)) return 'wait';
    const stretch: ImuRecording = {
      topics: new Map(topics),
      metadata: this.#calibration === undefined ? {} : { calibration: this.#calibration },
    };
    const prepared = prepareRecording(
      stretch,
      { ...this.#settings, reference: 'fixed' },
      { gridStartNs: stretchStartNs },
    );
    const window = cutWindow(prepared, this.#settings, this.topics, {
      startNs,
      samples: windowSamples,
      contextSamples,
    });
    // a stretch too short for the window: the stream ended (stop), else skip it rather than stall
    if (window === 'short') return this.#ended ? 'wait' : 'skipped';
    return window;
  }

  /** Moves to the next window start and drops the samples no later window needs. */
  #advance(): void {
    const nextStartNs = this.#nextStartNs! + this.#hopNs;
    this.#nextStartNs = nextStartNs;
    const keepFromNs =
      this.#sampleRateHz === undefined
        ? nextStartNs - this.#contextNs
        : this.#stretchStartNs(nextStartNs - this.#contextNs, this.#sampleRateHz);
    for (const buffer of this.#buffers.values()) buffer.drop(Math.max(0, buffer.firstAtOrAfter(keepFromNs) - 1));
  }

  /** Adds the window's samples that the running reference has not seen yet (a window overlaps the previous one). */
  #updateRunningReference(window: RecordingWindow): void {
    const running = this.#runningReference;
    if (running === undefined) return;
    const periodNs = 1e9 / window.sampleRateHz;
    const seenNs = this.#referencedUntilNs === undefined ? 0 : Number(this.#referencedUntilNs - window.startTimeNs);
    const from = Math.min(window.sampleCount, Math.max(0, Math.ceil(seenNs / periodNs - 1e-6)));
    this.#referencedUntilNs = window.endTimeNs;
    if (from === window.sampleCount) return;
    const acc = window.values.get('acc_raw');
    running.add(
      {
        mag: window.values.get('mag_raw')!.subarray(3 * from),
        ...(acc === undefined ? {} : { acc: acc.subarray(3 * from) }),
      },
      window.sampleRateHz,
    );
  }

  /**
   * Classifies windows in one forward pass, each window's spectrogram made with the reference in use when it comes
   * (the running estimate updated with its new samples first).
   */
  #classify(windows: readonly RecordingWindow[]): StreamingPrediction[] {
    if (windows.length === 0) return [];
    const images = windows.map((window) => {
      this.#updateRunningReference(window);
      const reference = this.reference;
      const spectrogram =
        reference === undefined
          ? this.#settings.spectrogram
          : spectrogramWithReference(this.#settings.spectrogram, reference);
      return windowFeatures([window], spectrogram);
    });
    const [, frames, bins] = images[0]!.shape;
    const data = new Float32Array(windows.length * frames * bins);
    images.forEach((image, i) => {
      data.set(image.data, i * frames * bins);
    });
    const predictions = this.#classifier.predict({ data, shape: [windows.length, frames, bins] });
    return windows.map((window, i) => ({
      ...predictions[i]!,
      windowStartNs: window.startTimeNs,
      windowEndNs: window.endTimeNs,
      sampleRateHz: window.sampleRateHz,
    }));
  }
}
