import { medianStepNs, sameTimes } from '@tsc/shared';
import { calibratedRecording } from './calibrated-sensor.js';
import { DISTORTION_LABEL_KEY } from './distortion-classes.js';
import { InvalidArgumentError, MissingTopicError, NonFiniteSampleError } from './errors.js';
import type { ImuRecording, TopicSeries } from './imu-recording.js';
import { type LabelEvent, LabelTimeline } from './labels.js';
import { DEFAULT_MAX_MEMORY_BYTES, MemoryLimitError } from './memory-limit.js';

/** How a window gets its label from the label events. */
export type LabelPolicy = 'center' | 'majority' | 'pure';

/** What to do with windows that contain a gap in the data. */
export type GapPolicy = 'skip' | 'flag';

/** What to do with windows that hold a NaN or infinite value: fail naming the first, or drop them. */
export type NonFinitePolicy = 'error' | 'skip';

/** The default limit on the memory the windows of one call may hold (bytes): 4 GiB. */
export const DEFAULT_MAX_WINDOWS_BYTES = DEFAULT_MAX_MEMORY_BYTES;

/** Options of {@link windows}. */
export interface WindowOptions {
  /**
   * Topics to cut, e.g. `['mag_raw', 'acc_raw', 'gyro_raw']`. The first topic's timestamps are the
   * window's sample times; the other topics are resampled onto them by nearest neighbour (topics
   * sampled at the same times, as in synthetic recordings, are copied exactly).
   */
  topics: readonly string[];
  /** Window length (s). Each window holds `round(windowSec × sampleRateHz)` samples. */
  windowSec: number;
  /** Step between window starts (s). */
  hopSec: number;
  /** Label events; without them every window has `label: undefined`. Defaults to none. */
  labels?: readonly LabelEvent[];
  /**
   * `pure` keeps only windows whose samples all carry the same label (or all none): windows that
   * straddle a label boundary are dropped. `center` takes the label at the window's centre time,
   * `majority` the label of most samples (unlabelled samples count as their own class). All
   * policies but `pure` keep every window. Defaults to `'pure'`.
   */
  labelPolicy?: LabelPolicy;
  /**
   * With `labelPolicy: 'pure'`, keep the windows that straddle a label boundary, unlabelled, instead of dropping them:
   * the windows are then the same as without labels, and each carries its truth (to classify every window and score
   * the labelled ones in one pass). Defaults to false.
   */
  keepMixedWindows?: boolean;
  /** The metadata key holding the label in each event. Defaults to `'mag_distortion'`. */
  labelKey?: string;
  /** `skip` drops windows with a gap, `flag` keeps them with `hasGap: true`. Defaults to `'skip'`. */
  gapPolicy?: GapPolicy;
  /** A step between samples longer than this many nominal sample periods is a gap. Defaults to 1.5. */
  gapFactor?: number;
  /**
   * Replace `mag_raw`, `acc_raw`, `gyro_raw` by their calibrated physical-unit series
   * (`calibratedRecording`) before cutting. Defaults to false. Equivalent to calling
   * `windows(calibratedRecording(recording), …)`.
   */
  calibrated?: boolean;
  /** Sample rate (Hz) to assume. Defaults to the median sample step of the first topic. */
  sampleRateHz?: number;
  /**
   * `error` throws {@link NonFiniteSampleError} naming the file, topic and log time of the first NaN or
   * infinite value in a window; `skip` drops the windows that hold one (compare the count with a `flag`
   * run to count them). Defaults to `'error'`.
   */
  nonFinitePolicy?: NonFinitePolicy;
  /** Called for each window dropped for a gap or a non-finite value, to count them. Defaults to none. */
  onSkip?: (skip: { readonly reason: 'gap' | 'non-finite'; readonly startTimeNs: bigint }) => void;
  /**
   * The most memory the windows may hold (bytes), checked before any is cut: a tiny `hopSec` on a long
   * recording asks for more than a machine has. Defaults to {@link DEFAULT_MAX_WINDOWS_BYTES} (4 GiB).
   */
  maxMemoryBytes?: number;
  /**
   * Samples to carry on each side of every window (s), as {@link RecordingWindow.context}: up to
   * `round(contextSec × sampleRateHz)` before and after, fewer at the recording's ends and where a gap or a
   * non-finite value comes first. Labels, times and `values` stay the window's own. Defaults to 0 (no context).
   */
  contextSec?: number;
  /**
   * Where the first window starts: at the first sample at or after this time (ns), the next ones every `hopSec`
   * after it (a stream's window cut from a stretch that begins with its context). Defaults to the first sample.
   */
  firstStartNs?: bigint;
}

/** The memory `windows()` would hold for these windows (bytes): one float64 copy of every window's values. */
export function windowsMemoryBytes(
  durationNs: number,
  { windowSamples, hopSec, valuesPerSample }: { windowSamples: number; hopSec: number; valuesPerSample: number },
): number {
  const count = Math.floor(Math.max(0, durationNs) / (hopSec * 1e9)) + 1;
  return count * windowSamples * valuesPerSample * 8;
}

/** Per reference sample, a prefix count of samples holding a non-finite value in any topic. */
function nonFinitePrefix(series: readonly TopicSeries[], mapping: readonly (Int32Array | undefined)[], n: number) {
  const prefix = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let bad = false;
    series.forEach((s, t) => {
      const from = (mapping[t]?.[i] ?? i) * s.width;
      for (let k = 0; k < s.width && !bad; k++) bad = !Number.isFinite(s.values[from + k]!);
    });
    prefix[i + 1] = prefix[i]! + (bad ? 1 : 0);
  }
  return prefix;
}

/** The error for the first non-finite value at or after reference sample `start`. */
function nonFiniteError(
  file: string,
  series: readonly TopicSeries[],
  mapping: readonly (Int32Array | undefined)[],
  start: number,
): NonFiniteSampleError {
  const times = series[0]!.timestampsNs;
  for (let i = start; i < times.length; i++) {
    for (const [t, s] of series.entries()) {
      const index = mapping[t]?.[i] ?? i;
      for (let k = 0; k < s.width; k++) {
        const value = s.values[index * s.width + k]!;
        if (!Number.isFinite(value)) return new NonFiniteSampleError(file, s.topic, s.timestampsNs[index]!, k, value);
      }
    }
  }
  throw new Error('unreachable: no non-finite value after the flagged sample');
}

/** One fixed-length window of a recording. */
export interface RecordingWindow {
  /** Time of the first sample (ns). */
  readonly startTimeNs: bigint;
  /** Time of the last sample plus one nominal period (ns, exclusive). */
  readonly endTimeNs: bigint;
  /** The label (the value of `labelKey`), or `undefined` when unlabelled. */
  readonly label: string | undefined;
  /** Samples per topic (the same for every topic). */
  readonly sampleCount: number;
  /** Per topic, row-major `[sampleCount, width]` values. */
  readonly values: ReadonlyMap<string, Float64Array>;
  /** The nominal sample rate (Hz). */
  readonly sampleRateHz: number;
  /** Whether a step between samples exceeds `gapFactor` periods (only with `gapPolicy: 'flag'`). */
  readonly hasGap: boolean;
  /** The window with the samples around it, when `contextSec` asked for them (`values` are views into it). */
  readonly context?: WindowContext;
}

/** A window's samples with those around it ({@link WindowOptions.contextSec}). */
export interface WindowContext {
  /** Per topic, row-major `[beforeSamples + sampleCount + afterSamples, width]` values. */
  readonly values: ReadonlyMap<string, Float64Array>;
  /** Samples before the window's first. */
  readonly beforeSamples: number;
  /** Samples after the window's last. */
  readonly afterSamples: number;
}

/** For each reference time, the index of the nearest sample of `series` (two pointers, O(n)). */
function nearestIndexes(reference: BigInt64Array, times: BigInt64Array): Int32Array {
  const out = new Int32Array(reference.length);
  let j = 0;
  for (let i = 0; i < reference.length; i++) {
    const t = reference[i]!;
    while (j + 1 < times.length && times[j + 1]! <= t) j++;
    if (j + 1 < times.length && times[j + 1]! - t < t - times[j]!) out[i] = j + 1;
    else out[i] = j;
  }
  return out;
}

/**
 * Cuts a recording into fixed-length windows as flat arrays, with their time span and label.
 *
 * Windows start at the first sample of `topics[0]` and every `hopSec` after it; each takes the
 * `round(windowSec × sampleRateHz)` samples from its start. A window whose samples are not
 * contiguous (a step longer than `gapFactor` periods, or another topic with no sample within
 * `gapFactor` periods of a sample time) has a gap, and is skipped or flagged by `gapPolicy`.
 * Labels come from the events' `metadata[labelKey]`, by `labelPolicy` (default `pure`: windows
 * that straddle a label boundary are dropped; the reference labelled by the window's end time).
 *
 * Calibrated windows: pass `{ calibrated: true }`, or call on `calibratedRecording(recording)`.
 *
 * @throws MissingTopicError when a topic is absent (naming the recording's file); InvalidArgumentError for bad
 *   lengths; MemoryLimitError (option `hopSec`) for windows that would not fit in `maxMemoryBytes`, before any
 *   is cut; NonFiniteSampleError for a NaN or infinite
 *   value in a window (unless `nonFinitePolicy: 'skip'`).
 *
 * @example
 * ```ts
 * import { windows } from '@tsc/mcap-utils';
 * import { readLabelsFile, readRecordingFile } from '@tsc/mcap-utils/node';
 *
 * const recording = await readRecordingFile('fixtures/seed/basic_synthetic.mcap');
 * const labels = await readLabelsFile('fixtures/seed/example_labels.json');
 * const list = windows(recording, { topics: ['mag_raw', 'acc_raw', 'gyro_raw'], windowSec: 2, hopSec: 1, labels: labels.events });
 * console.log(list[0]?.values.get('mag_raw')?.length); // 180: 2 s × 30 Hz × 3 values
 * ```
 */
export function windows(recording: ImuRecording, options: WindowOptions): RecordingWindow[] {
  const grid = windowGrid(recording, options);
  checkWindowsMemory(grid, options);
  return [...cutWindows(grid, options)];
}

/**
 * The windows of {@link windows}, one at a time as they are cut: the same windows with the same checks, but only
 * the window being used is held in memory, so any recording length and hop fit (no `maxMemoryBytes` limit).
 *
 * @example
 * ```ts
 * import { iterateWindows } from '@tsc/mcap-utils';
 * import { readRecordingFile } from '@tsc/mcap-utils/node';
 *
 * const recording = await readRecordingFile('fixtures/seed/basic_synthetic.mcap');
 * let samples = 0;
 * for (const window of iterateWindows(recording, { topics: ['mag_raw'], windowSec: 2, hopSec: 1 })) {
 *   samples += window.sampleCount; // one window in memory at a time
 * }
 * console.log(samples); // 3540: 59 windows of 60 samples
 * ```
 */
export function* iterateWindows(recording: ImuRecording, options: WindowOptions): Generator<RecordingWindow> {
  yield* cutWindows(windowGrid(recording, options), options);
}

/**
 * How many windows {@link windows} and {@link iterateWindows} give with these options, found without cutting them (no
 * value is copied and `onSkip` is not called). To count the windows and then use them, take {@link countedWindows},
 * which lays out the grid once for both.
 *
 * @throws the errors of {@link windows}, the memory limit aside (nothing is held).
 *
 * @example
 * ```ts
 * import { countWindows } from '@tsc/mcap-utils';
 * import { readRecordingFile } from '@tsc/mcap-utils/node';
 *
 * const recording = await readRecordingFile('fixtures/seed/basic_synthetic.mcap');
 * console.log(countWindows(recording, { topics: ['mag_raw'], windowSec: 2, hopSec: 1 })); // 59
 * ```
 */
export function countWindows(recording: ImuRecording, options: WindowOptions): number {
  return countSpans(windowGrid(recording, options), options);
}

/** The windows of {@link countedWindows}: iterable one window at a time, with their count known before the first. */
export interface CountedWindows extends Iterable<RecordingWindow> {
  /** How many windows an iteration gives (those of {@link windows} with the same options). */
  readonly count: number;
}

/**
 * The windows of {@link iterateWindows} with their count ({@link countWindows}) known up front, from one layout of
 * the sample grid (alignment of the topics, gap, non-finite and label counts per sample): the total of a progress
 * report over windows used one batch at a time, without laying the grid out a second time to cut them. The count
 * walks the window starts without copying any value or calling `onSkip`; each iteration cuts the windows one at a
 * time from the same grid (calling `onSkip` as it goes), so only the window being used is held.
 *
 * @throws the errors of {@link windows} when called, the memory limit aside (a `NonFiniteSampleError` too, since
 *   counting walks every window).
 *
 * @example
 * ```ts
 * import { countedWindows } from '@tsc/mcap-utils';
 * import { readRecordingFile } from '@tsc/mcap-utils/node';
 *
 * const recording = await readRecordingFile('fixtures/seed/basic_synthetic.mcap');
 * const cut = countedWindows(recording, { topics: ['mag_raw'], windowSec: 2, hopSec: 1 });
 * let done = 0;
 * for (const _window of cut) done++; // one window in memory at a time
 * console.log(done, cut.count); // 59 59
 * ```
 */
export function countedWindows(recording: ImuRecording, options: WindowOptions): CountedWindows {
  const grid = windowGrid(recording, options);
  return { count: countSpans(grid, options), [Symbol.iterator]: () => cutWindows(grid, options) };
}

/** How many windows the grid gives with these options (`onSkip` left out: nothing is skipped for the caller yet). */
function countSpans(grid: WindowGrid, options: WindowOptions): number {
  const { onSkip: _unused, ...silent } = options;
  let count = 0;
  for (const _span of windowSpans(grid, silent)) count++;
  return count;
}

/** The sample grid windows are cut from: the series, their alignment on the first topic, and per-sample counts. */
interface WindowGrid {
  readonly file: string;
  readonly series: readonly TopicSeries[];
  readonly times: BigInt64Array;
  readonly stepNs: number;
  readonly windowSamples: number;
  /** The most samples of context on each side of a window. */
  readonly contextSamples: number;
  /** Per topic, the nearest-sample index of each reference sample (`undefined`: same times as the reference). */
  readonly mapping: readonly (Int32Array | undefined)[];
  /** Prefix counts over reference samples: steps that are gaps, samples of another topic too far away. */
  readonly gapBefore: Int32Array;
  readonly farCount: Int32Array;
  readonly nonFiniteBefore: Int32Array;
  /** The label of each reference sample, when label events are given. */
  readonly labelled: SampleLabels | undefined;
}

/** Checks the options and lays out the grid (throws before anything is cut). */
function windowGrid(recording: ImuRecording, options: WindowOptions): WindowGrid {
  const { topics, windowSec, hopSec, calibrated = false, sampleRateHz, gapFactor = 1.5, contextSec = 0 } = options;
  const { labels = [], labelKey = DISTORTION_LABEL_KEY } = options;
  const source = calibrated ? calibratedRecording(recording) : recording;
  const file = recording.source ?? '<recording>';
  if (topics.length === 0) throw new InvalidArgumentError('topics', 'at least one topic', topics);
  if (!(windowSec > 0)) throw new InvalidArgumentError('windowSec', 'a positive number of seconds', windowSec);
  if (!(hopSec > 0)) throw new InvalidArgumentError('hopSec', 'a positive number of seconds', hopSec);
  if (!(contextSec >= 0 && Number.isFinite(contextSec)))
    throw new InvalidArgumentError('contextSec', 'a finite number of seconds ≥ 0', contextSec);
  const series: TopicSeries[] = topics.map((topic) => {
    const s = source.topics.get(topic);
    if (s === undefined) throw new MissingTopicError(file, topic, [...source.topics.keys()]);
    return s;
  });
  const times = series[0]!.timestampsNs;
  const n = times.length;
  const stepNs = n < 2 ? 1 : sampleRateHz !== undefined ? 1e9 / sampleRateHz : medianStepNs(times, 4096);
  if (!(stepNs > 0)) {
    const found = sampleRateHz ?? 'median step 0';
    throw new InvalidArgumentError('sampleRateHz', 'a positive rate (distinct timestamps)', found);
  }
  const rateHz = 1e9 / stepNs;
  const windowSamples = Math.round(windowSec * rateHz);
  if (n >= 2 && windowSamples < 1) {
    throw new InvalidArgumentError('windowSec', `at least one sample period (${1 / rateHz} s)`, windowSec);
  }
  const mapping = series.map((s) =>
    sameTimes(s.timestampsNs, times) ? undefined : nearestIndexes(times, s.timestampsNs),
  );
  const gapNs = gapFactor * stepNs;
  return {
    file,
    series,
    times,
    stepNs,
    windowSamples,
    contextSamples: Math.round(contextSec * rateHz),
    mapping,
    gapBefore: gapPrefix(times, gapNs),
    farCount: farPrefix(series, mapping, times, gapNs),
    nonFiniteBefore: nonFinitePrefix(series, mapping, n),
    labelled: labels.length > 0 ? sampleLabels(times, labels, labelKey) : undefined,
  };
}

/** Refuses windows that would not fit in `maxMemoryBytes` when all are held at once. */
function checkWindowsMemory(
  grid: WindowGrid,
  { windowSec, hopSec, maxMemoryBytes = DEFAULT_MAX_WINDOWS_BYTES }: WindowOptions,
) {
  const { times, windowSamples, contextSamples, series, file } = grid;
  if (times.length < 2) return;
  const neededBytes = windowsMemoryBytes(Number(times[times.length - 1]! - times[0]!), {
    windowSamples: windowSamples + 2 * contextSamples,
    hopSec,
    valuesPerSample: series.reduce((sum, s) => sum + s.width, 0),
  });
  if (neededBytes > maxMemoryBytes) {
    const count = Math.floor(Number(times[times.length - 1]! - times[0]!) / (hopSec * 1e9)) + 1;
    const detail = `${count.toPrecision(3)} windows of ${windowSec} s (windowSec) every ${hopSec} s over ${file}`;
    throw new MemoryLimitError('hopSec', detail, neededBytes, maxMemoryBytes);
  }
}

/** Per reference sample, a prefix count of steps longer than `gapNs` (O(1) per window). */
function gapPrefix(times: BigInt64Array, gapNs: number): Int32Array {
  const n = times.length;
  const gapBefore = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) gapBefore[i + 1] = gapBefore[i]! + (Number(times[i]! - times[i - 1]!) > gapNs ? 1 : 0);
  return gapBefore;
}

/** Per reference sample, a prefix count of samples whose nearest sample of another topic is farther than `gapNs`. */
function farPrefix(
  series: readonly TopicSeries[],
  mapping: readonly (Int32Array | undefined)[],
  times: BigInt64Array,
  gapNs: number,
): Int32Array {
  const n = times.length;
  const farCount = new Int32Array(n + 1);
  series.forEach((s, t) => {
    const map = mapping[t];
    if (map === undefined) return;
    for (let i = 0; i < n; i++) {
      const d = Number(s.timestampsNs[map[i]!]! - times[i]!);
      if (Math.abs(d) > gapNs) farCount[i + 1] = 1;
    }
  });
  for (let i = 0; i < n; i++) farCount[i + 1] = farCount[i + 1]! + farCount[i]!;
  return farCount;
}

/** Labels of the reference samples: the events' timeline, and per sample the index of its label there (-1: none). */
interface SampleLabels {
  readonly timeline: LabelTimeline;
  readonly ofSample: Int32Array;
}

function sampleLabels(times: BigInt64Array, labels: readonly LabelEvent[], labelKey: string): SampleLabels {
  const timeline = new LabelTimeline(labels, labelKey);
  return { timeline, ofSample: Int32Array.from(times, (t) => timeline.at(t)) };
}

/**
 * The label of a window whose samples are at `timesNs`, by the `pure` policy of {@link windows}: the label every
 * sample has, `undefined` when they differ or none is labelled. For windows cut elsewhere (a stream's), with one
 * {@link LabelTimeline} built for all of them.
 */
export function pureWindowLabel(timeline: LabelTimeline, timesNs: ArrayLike<bigint>): string | undefined {
  if (timesNs.length === 0) return undefined;
  const label = commonLabel((i) => timeline.at(timesNs[i]!), 0, timesNs.length);
  return label !== null && label >= 0 ? timeline.names[label] : undefined;
}

/** The label index every sample of `[from, to)` has (-1: none), `null` when they differ: the `pure` policy. */
function commonLabel(labelOf: (sample: number) => number, from: number, to: number): number | null {
  const label = labelOf(from);
  for (let i = from + 1; i < to; i++) if (labelOf(i) !== label) return null;
  return label;
}

/** The label of the window of samples `[start, end)` by the policy; `null` when a pure window is mixed (dropped). */
function windowLabel(labels: SampleLabels, policy: LabelPolicy, start: number, end: number, centreNs: bigint) {
  if (policy === 'center') return labels.timeline.at(centreNs);
  const { ofSample } = labels;
  if (policy === 'majority') {
    const counts = new Map<number, number>();
    for (let i = start; i < end; i++) counts.set(ofSample[i]!, (counts.get(ofSample[i]!) ?? 0) + 1);
    let best = 0;
    let label = -1;
    for (const [id, count] of counts) {
      if (count > best) {
        best = count;
        label = id;
      }
    }
    return label;
  }
  return commonLabel((i) => ofSample[i]!, start, end);
}

/** The values of samples `[start, start + count)` of every topic (a copy: the window owns them). */
function spanValues(grid: WindowGrid, start: number, count: number): Map<string, Float64Array> {
  const { series, mapping } = grid;
  const values = new Map<string, Float64Array>();
  series.forEach((s, t) => {
    const width = s.width;
    const map = mapping[t];
    if (map === undefined) {
      values.set(s.topic, s.values.slice(start * width, (start + count) * width));
      return;
    }
    const out = new Float64Array(count * width);
    for (let i = 0; i < count; i++) {
      const from = map[start + i]! * width;
      for (let k = 0; k < width; k++) out[i * width + k] = s.values[from + k]!;
    }
    values.set(s.topic, out);
  });
  return values;
}

/** Whether samples `[from, to)` hold a gap: a step longer than the gap, or a sample of another topic too far away. */
function gapIn(grid: WindowGrid, from: number, to: number): boolean {
  return grid.gapBefore[to]! - grid.gapBefore[from + 1]! > 0 || grid.farCount[to]! - grid.farCount[from]! > 0;
}

/** Whether samples `[from, to)` hold a NaN or infinite value in any topic. */
function nonFiniteIn(grid: WindowGrid, from: number, to: number): boolean {
  return grid.nonFiniteBefore[to]! - grid.nonFiniteBefore[from]! > 0;
}

/** How many of the `contextSamples` before `[start, end)` and after it are usable: no gap, far or non-finite sample. */
function contextSpan(grid: WindowGrid, start: number, end: number): { before: number; after: number } {
  const clean = (from: number, to: number) => !gapIn(grid, from, to) && !nonFiniteIn(grid, from, to);
  let before = Math.min(grid.contextSamples, start);
  while (before > 0 && !clean(start - before, start + 1)) before--;
  let after = Math.min(grid.contextSamples, grid.times.length - end);
  while (after > 0 && !clean(end - 1, end + after)) after--;
  return { before, after };
}

/** A window's values, and its context when the grid carries one (the values are then views into it). */
function windowValues(grid: WindowGrid, start: number): Pick<RecordingWindow, 'values' | 'context'> {
  const { windowSamples } = grid;
  if (grid.contextSamples === 0) return { values: spanValues(grid, start, windowSamples) };
  const { before, after } = contextSpan(grid, start, start + windowSamples);
  const spans = spanValues(grid, start - before, before + windowSamples + after);
  const values = new Map<string, Float64Array>();
  grid.series.forEach((s) => {
    values.set(s.topic, spans.get(s.topic)!.subarray(before * s.width, (before + windowSamples) * s.width));
  });
  return { values, context: { values: spans, beforeSamples: before, afterSamples: after } };
}

/** A window before its values are copied: where it starts in the grid, and everything else a window says. */
interface WindowSpan extends Omit<RecordingWindow, 'values'> {
  /** Index of its first reference sample. */
  readonly firstSample: number;
}

/** Cuts the windows of a grid one at a time: gaps and non-finite values by their policies, labels by theirs. */
function* cutWindows(grid: WindowGrid, options: WindowOptions): Generator<RecordingWindow> {
  for (const span of windowSpans(grid, options)) {
    const { startTimeNs, endTimeNs, label, sampleCount, sampleRateHz, hasGap } = span;
    yield { startTimeNs, endTimeNs, label, sampleCount, sampleRateHz, hasGap, ...windowValues(grid, span.firstSample) };
  }
}

/** The spans of the windows of a grid, as {@link cutWindows} cuts them, without copying any value. */
function* windowSpans(grid: WindowGrid, options: WindowOptions): Generator<WindowSpan> {
  const { hopSec, labelPolicy = 'pure', gapPolicy = 'skip', nonFinitePolicy = 'error', onSkip } = options;
  const { times, stepNs, windowSamples, labelled } = grid;
  const n = times.length;
  if (n < 2) return;
  const hopNs = BigInt(Math.round(hopSec * 1e9));
  let start = 0;
  for (let windowStart = options.firstStartNs ?? times[0]!; ; windowStart += hopNs) {
    while (start < n && times[start]! < windowStart) start++;
    const end = start + windowSamples;
    if (end > n) return;
    const hasGap = gapIn(grid, start, end);
    if (hasGap && gapPolicy === 'skip') {
      onSkip?.({ reason: 'gap', startTimeNs: times[start]! });
      continue;
    }
    if (nonFiniteIn(grid, start, end)) {
      if (nonFinitePolicy === 'error') throw nonFiniteError(grid.file, grid.series, grid.mapping, start);
      onSkip?.({ reason: 'non-finite', startTimeNs: times[start]! });
      continue;
    }
    const startTimeNs = times[start]!;
    const endTimeNs = times[end - 1]! + BigInt(Math.round(stepNs));
    const centreNs = startTimeNs + (endTimeNs - startTimeNs) / 2n;
    let label = labelled === undefined ? -1 : windowLabel(labelled, labelPolicy, start, end, centreNs);
    if (label === null) {
      if (!options.keepMixedWindows) continue;
      label = -1;
    }
    yield {
      firstSample: start,
      startTimeNs,
      endTimeNs,
      label: label >= 0 ? labelled!.timeline.names[label] : undefined,
      sampleCount: windowSamples,
      sampleRateHz: 1e9 / stepNs,
      hasGap,
    };
  }
}
