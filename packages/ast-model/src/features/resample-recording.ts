import type { ImuRecording, TopicSeries } from '@tsc/mcap-utils';
import { medianStepNs, sameTimes } from '@tsc/shared';
import { resample } from '@tsc/spectrogram';
import { AstInputError } from '../errors.js';

/** What {@link resampleRecording} did, for the user. */
export interface ResampleReport {
  /** The recording's nominal rate (Hz): the inverse of its median sample step. */
  fromHz: number;
  /** The rate of the result (Hz). */
  toHz: number;
  /** The largest deviation of a timestamp from the uniform grid of the nominal rate (s). */
  jitterSec: number;
  /** False when the recording was already uniform at `toHz` and is returned as it is. */
  resampled: boolean;
}

/** The result of {@link resampleRecording}. */
export interface ResampledRecording {
  /** The sensor topics on one uniform time grid at `toHz`. */
  recording: ImuRecording;
  /** What was done. */
  report: ResampleReport;
}

/** Options of {@link resampleRecording}. */
export interface ResampleRecordingOptions {
  /**
   * Where the grids start (ns): the same grid times as a resampling of a longer recording that started at
   * `gridStartNs − n / gcd(⌈fromHz⌉, toHz)` s, so that a stretch cut from it and resampled on its own (a stream's
   * window with its past) gives the same values away from its ends. Defaults to the latest first sample of the topics.
   */
  gridStartNs?: bigint;
}

/** A timestamp off the uniform grid by more than this share of a period counts as jitter. */
const JITTER_TOLERANCE = 0.01;

/**
 * Whether a recording must be resampled to `toHz`: unless its topics share their times, none is off the uniform grid
 * at `stepNs` by more than {@link JITTER_TOLERANCE} of a period, and its rate is `toHz`.
 * @internal
 */
export function needsResampling(
  { jitterSec, stepNs, sharedTimes }: { jitterSec: number; stepNs: number; sharedTimes: boolean },
  fromHz: number,
  toHz: number,
): boolean {
  const uniform = jitterSec * 1e9 <= JITTER_TOLERANCE * stepNs && sharedTimes;
  return !(uniform && Math.abs(fromHz - toHz) <= 1e-6 * toHz);
}

/**
 * Puts the sensor topics of a (calibrated) recording on one uniform grid at `toHz`, so that a model trained at one
 * rate can classify a recording made at any other, with jittered timestamps or a non-integer rate:
 * 1. each topic is interpolated linearly at its timestamps onto a uniform grid at the integer rate `⌈fromHz⌉`
 *    starting at the latest first sample of the topics (a non-integer rate and timestamp jitter end here);
 * 2. that grid is resampled band-limited to `toHz` with `resample` of `@tsc/spectrogram` (torchaudio's windowed
 *    sinc), after padding 1 s of the edge values on each side so the filter does not pull the ends towards zero.
 * A recording already uniform at `toHz` is returned unchanged.
 *
 * @param recording - A recording whose `topics` are the sensors to resample (e.g. `mag_raw`, `acc_raw`, `gyro_raw`
 *   of `calibratedRecording`); other topics are dropped.
 * @param toHz - The target rate (Hz), an integer.
 * @param topics - The topics to resample. Defaults to every topic of width 3.
 * @param options - Where the grids start.
 * @throws {@link AstInputError} when `toHz` is not a positive integer or a topic has fewer than two samples.
 */
export function resampleRecording(
  recording: ImuRecording,
  toHz: number,
  topics: readonly string[] = [...recording.topics.values()].filter((s) => s.width === 3).map((s) => s.topic),
  { gridStartNs }: ResampleRecordingOptions = {},
): ResampledRecording {
  if (!Number.isInteger(toHz) || toHz < 1) throw new AstInputError('sampleRateHz', 'a positive integer (Hz)', toHz);
  const series = topics.map((topic) => {
    const s = recording.topics.get(topic);
    if (s === undefined || s.timestampsNs.length < 2) {
      throw new AstInputError(`recording.topics.${topic}`, 'a series of at least two samples', s?.timestampsNs.length);
    }
    return s;
  });
  const first = series[0]!.timestampsNs;
  const stepNs = increasingStepNs(first);
  const fromHz = 1e9 / stepNs;
  const jitterSec = Math.max(...series.map((s) => gridDeviationNs(s.timestampsNs, stepNs))) / 1e9;
  const sharedTimes = series.every((s) => sameTimes(s.timestampsNs, first));
  if (!needsResampling({ jitterSec, stepNs, sharedTimes }, fromHz, toHz)) {
    return { recording, report: { fromHz, toHz, jitterSec, resampled: false } };
  }
  const gridHz = Math.max(1, Math.ceil(fromHz - 1e-6));
  // the span every topic covers (bigint times: no Math.max)
  let startNs = first[0]!;
  let endNs = first[first.length - 1]!;
  for (const { timestampsNs } of series) {
    if (timestampsNs[0]! > startNs) startNs = timestampsNs[0]!;
    if (timestampsNs[timestampsNs.length - 1]! < endNs) endNs = timestampsNs[timestampsNs.length - 1]!;
  }
  if (gridStartNs !== undefined) startNs = gridStartNs;
  const gridSamples = Math.floor((Number(endNs - startNs) * gridHz) / 1e9) + 1;
  const outSamples = Math.floor(((gridSamples - 1) * toHz) / gridHz) + 1;
  const timestampsNs = new BigInt64Array(outSamples);
  for (let k = 0; k < outSamples; k++) timestampsNs[k] = startNs + BigInt(Math.round((k * 1e9) / toHz));
  const out = new Map<string, TopicSeries>();
  for (const s of series) {
    const grid = interpolateOntoGrid(s, startNs, gridHz, gridSamples);
    const values = new Float64Array(outSamples * 3);
    for (let axis = 0; axis < 3; axis++) {
      const resampled = resampleWithEdgePadding(grid[axis]!, gridHz, toHz);
      for (let k = 0; k < outSamples; k++) values[3 * k + axis] = resampled[k]!;
    }
    out.set(s.topic, { topic: s.topic, timestampsNs, values, width: 3 });
  }
  return {
    recording: { topics: out, metadata: { ...recording.metadata, sampleRateHz: toHz } },
    report: { fromHz, toHz, jitterSec, resampled: true },
  };
}

/** Linear interpolation of each axis at `startNs + k/gridHz` (k < samples), clamped to the series' ends. */
function interpolateOntoGrid(series: TopicSeries, startNs: bigint, gridHz: number, samples: number): Float64Array[] {
  const axes = [new Float64Array(samples), new Float64Array(samples), new Float64Array(samples)];
  const times = series.timestampsNs;
  const last = times.length - 1;
  let j = 0;
  for (let k = 0; k < samples; k++) {
    const t = startNs + BigInt(Math.round((k * 1e9) / gridHz));
    while (j < last - 1 && times[j + 1]! <= t) j++;
    const span = Number(times[j + 1]! - times[j]!);
    const u = span > 0 ? Math.min(1, Math.max(0, Number(t - times[j]!) / span)) : 0;
    for (let axis = 0; axis < 3; axis++) {
      const a = series.values[3 * j + axis]!;
      const b = series.values[3 * (j + 1) + axis]!;
      axes[axis]![k] = a + u * (b - a);
    }
  }
  return axes;
}

/** `resample` with 1 s of edge values padded on each side, trimmed off again. */
function resampleWithEdgePadding(signal: Float64Array, fromHz: number, toHz: number): Float32Array {
  if (fromHz === toHz) return Float32Array.from(signal);
  const padded = new Float64Array(signal.length + 2 * fromHz);
  padded.fill(signal[0]!, 0, fromHz);
  padded.set(signal, fromHz);
  padded.fill(signal[signal.length - 1]!, fromHz + signal.length);
  return resample(padded, { fromHz, toHz }).subarray(toHz);
}

/** The median step of increasing times (ns); fails when it is not positive. */
function increasingStepNs(times: BigInt64Array): number {
  const step = medianStepNs(times);
  if (!(step > 0)) throw new AstInputError('recording timestamps', 'increasing times (median step > 0)', step);
  return step;
}

/** The largest |t_i − (t_0 + i·step)| (ns), after fitting the grid's offset to the median deviation. */
function gridDeviationNs(times: BigInt64Array, stepNs: number): number {
  let largest = 0;
  const t0 = times[0]!;
  for (let i = 0; i < times.length; i++) {
    largest = Math.max(largest, Math.abs(Number(times[i]! - t0) - i * stepNs));
  }
  return largest;
}
