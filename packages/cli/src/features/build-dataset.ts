import {
  type AstDataset,
  type PreparedRecording,
  prepareRecording,
  recordingWindows,
  type SensorFeatureSettings,
  windowFeatures,
  windowsDataset,
} from '@tsc/ast-model';
import {
  DEFAULT_MAX_MEMORY_BYTES,
  formatBytes,
  type ImuRecording,
  type LabelsFile,
  MemoryLimitError,
  type RecordingWindow,
} from '@tsc/mcap-utils';
import { inspectRecordingFile, readLabelsFile, readRecordingFile } from '@tsc/mcap-utils/node';
import { LEVEL_LABELS } from '@tsc/synthetic';
import { CliCommandError } from '../errors.js';
import type { LabelledRecordingFiles } from './labelled-recordings.js';

/** A dataset of spectrogram windows and where each window came from. */
export interface WindowDataset {
  /** Features `[windows, frames, bins]`, labels and class names, as `@tsc/ast-model` takes them. */
  readonly dataset: AstDataset;
  /** Index into `recordings` of each window's recording. */
  readonly recordingOfWindow: Int32Array;
  /** Start time of each window (ns). */
  readonly windowStartNs: BigInt64Array;
  /** The recordings, in input order. */
  readonly recordings: readonly LabelledRecordingFiles[];
  /** The sample rate of the windows (Hz): the settings' rate, every recording resampled to it. */
  readonly sampleRateHz: number;
}

/** Options of {@link buildWindowDataset}. */
export interface BuildWindowDatasetOptions {
  /** Class names by id (label values, e.g. `['0', '1', '2']`). Defaults to the sorted label values found. */
  labelNames?: readonly string[];
  /** Called after each recording with the number done. Defaults to none. */
  onProgress?: (done: number, total: number) => void;
  /**
   * The most memory the features of every window may hold (bytes), checked once the first recording's windows are
   * cut, from the recordings' lengths. Defaults to `DEFAULT_MAX_MEMORY_BYTES` (4 GiB).
   */
  maxMemoryBytes?: number;
}

/**
 * The length of each recording file (s) from its summary, without reading samples. Log times are read as signed
 * 64-bit, as the recording readers do. A file whose first sample lies just before 0 (timestamp jitter) has a summary
 * span that wraps around 2^64 ns; its length is then estimated from its size, at the seconds per byte of the files
 * whose span is sound.
 */
async function fileLengthsSec(paths: readonly string[]): Promise<number[]> {
  const spans = await Promise.all(
    paths.map(async (path) => {
      const { startTimeNs: start, endTimeNs: end, sizeBytes } = await inspectRecordingFile(path);
      const sec =
        start === undefined || end === undefined ? 0 : Number(BigInt.asIntN(64, end) - BigInt.asIntN(64, start)) / 1e9;
      return { sec, sizeBytes };
    }),
  );
  const sound = spans.filter(({ sec }) => sec >= 0);
  const secPerByte =
    sound.reduce((sum, { sec }) => sum + sec, 0) /
    Math.max(
      1,
      sound.reduce((sum, { sizeBytes }) => sum + sizeBytes, 0),
    );
  return spans.map(({ sec, sizeBytes }) => (sec >= 0 ? sec : sizeBytes * secPerByte));
}

/**
 * Refuses a window and hop whose features over all recordings would not fit in `maxMemoryBytes`: the windows are
 * counted from each file's length (its summary, no samples read), each holding `window`'s features; the recordings'
 * features and the dataset they are joined into coexist for a moment, so twice that.
 *
 * @throws MemoryLimitError naming `hopSec` (a CLI reports it as `--hop`), the windows, the bytes needed and the limit.
 */
async function checkDatasetMemory(
  recordings: readonly LabelledRecordingFiles[],
  settings: SensorFeatureSettings,
  {
    window,
    prepared,
    maxMemoryBytes,
  }: { window: RecordingWindow; prepared: PreparedRecording; maxMemoryBytes: number },
): Promise<void> {
  const bytesPerWindow = windowFeatures([window], prepared.spectrogram).data.byteLength;
  let windows = 0;
  for (const durationSec of await fileLengthsSec(recordings.map((files) => files.mcapPath))) {
    if (durationSec >= settings.windowSec)
      windows += Math.floor((durationSec - settings.windowSec) / settings.hopSec) + 1;
  }
  const neededBytes = 2 * windows * bytesPerWindow;
  if (neededBytes <= maxMemoryBytes) return;
  const detail = `${windows} windows of ${settings.windowSec} s (windowSec) every ${settings.hopSec} s over ${recordings.length} recordings, ${formatBytes(bytesPerWindow)} of features each`;
  throw new MemoryLimitError('hopSec', detail, neededBytes, maxMemoryBytes);
}

/**
 * Refuses label values outside `allowed` (the model's classes, or the distortion levels), naming the labels file,
 * the event and the value: a stray value would otherwise become a class of its own or stop training midway.
 *
 * @throws {@link CliCommandError} for the first such value.
 */
export function checkLabelValues(
  labelFiles: readonly LabelsFile[],
  recordings: readonly LabelledRecordingFiles[],
  allowed: readonly string[],
): void {
  labelFiles.forEach(({ events }, file) => {
    events.forEach((event, index) => {
      const value = event.metadata.mag_distortion;
      if (value === undefined || allowed.includes(value)) return;
      throw new CliCommandError(
        `${recordings[file]!.labelsPath}: events[${index}] (id ${JSON.stringify(event.id)}): mag_distortion: expected one of ${allowed.map((name) => JSON.stringify(name)).join(', ')}, found ${JSON.stringify(value)}`,
      );
    });
  });
}

/** The length of a recording (s): its magnetometer's, else its first topic's. */
function recordingLengthSec(recording: ImuRecording): number {
  const times = (recording.topics.get('mag_raw') ?? [...recording.topics.values()][0])?.timestampsNs;
  return times === undefined || times.length === 0 ? 0 : Number(times.at(-1)! - times[0]!) / 1e9;
}

/** The error when no window could be used: too short recordings, or windows outside every label event. */
function noWindowError(
  recordings: readonly LabelledRecordingFiles[],
  settings: SensorFeatureSettings,
  { windowCount, longestSec }: { windowCount: number; longestSec: number },
): CliCommandError {
  if (longestSec < settings.windowSec) {
    return new CliCommandError(
      `no usable window in ${recordings.length} recording(s): the longest lasts ${longestSec.toFixed(2)} s, shorter than one window of ${settings.windowSec} s`,
    );
  }
  return new CliCommandError(
    `no labelled window in ${recordings.length} recording(s): ${windowCount} window(s) of ${settings.windowSec} s lie outside every label event, and windows across an event boundary are dropped: check the labels files`,
  );
}

/**
 * Reads labelled recordings and turns them into one dataset: each recording prepared as a model reads it
 * (`prepareRecording` of `@tsc/ast-model`: calibrated, resampled to the settings' rate, relative to its own field),
 * cut into label-pure windows, and their sensor spectrograms (`windowsDataset`).
 *
 * @throws {@link CliCommandError} when no window is labelled (saying whether the recordings are shorter than one
 *   window), or when a label value is not one of `labelNames` (default: the distortion levels "0", "1", "2");
 *   `MemoryLimitError` when the features of every window would not fit in `maxMemoryBytes`.
 */
export async function buildWindowDataset(
  recordings: readonly LabelledRecordingFiles[],
  settings: SensorFeatureSettings,
  { labelNames, onProgress, maxMemoryBytes = DEFAULT_MAX_MEMORY_BYTES }: BuildWindowDatasetOptions = {},
): Promise<WindowDataset> {
  const parts: { recording: number; dataset: AstDataset; starts: bigint[] }[] = [];
  let sampleRateHz = 0;
  const labelFiles = await Promise.all(recordings.map((files) => readLabelsFile(files.labelsPath)));
  const names =
    labelNames ??
    [
      ...new Set(labelFiles.flatMap(({ events }) => events.map((event) => String(event.metadata.mag_distortion)))),
    ].sort();
  checkLabelValues(labelFiles, recordings, labelNames ?? Object.values(LEVEL_LABELS));
  let windowCount = 0;
  let longestSec = 0;
  let memoryChecked = false;
  for (const [index, files] of recordings.entries()) {
    const recording = await readRecordingFile(files.mcapPath);
    const { events } = labelFiles[index]!;
    longestSec = Math.max(longestSec, recordingLengthSec(recording));
    const prepared = prepareRecording(recording, settings);
    const all = recordingWindows(prepared, settings, { labels: events });
    if (!memoryChecked && all[0] !== undefined) {
      memoryChecked = true;
      await checkDatasetMemory(recordings, settings, { window: all[0], prepared, maxMemoryBytes });
    }
    windowCount += all.length;
    const list = all.filter((window) => window.label !== undefined);
    if (list.length > 0) {
      if (sampleRateHz === 0) sampleRateHz = list[0]!.sampleRateHz;
      parts.push({
        recording: index,
        dataset: windowsDataset(list, names, prepared.spectrogram),
        starts: list.map((window) => window.startTimeNs),
      });
    }
    onProgress?.(index + 1, recordings.length);
  }
  if (parts.length === 0) throw noWindowError(recordings, settings, { windowCount, longestSec });
  const [, frames, bins] = parts[0]!.dataset.shape;
  for (const part of parts) {
    if (part.dataset.shape[1] !== frames || part.dataset.shape[2] !== bins) {
      throw new CliCommandError(
        `${recordings[part.recording]!.mcapPath}: expected windows of ${frames} × ${bins} (the first recording's), found ${part.dataset.shape[1]} × ${part.dataset.shape[2]}: use recordings of one sample rate`,
      );
    }
  }
  const count = parts.reduce((sum, part) => sum + part.dataset.shape[0], 0);
  const features = new Float32Array(count * frames * bins);
  const labels = new Int32Array(count);
  const recordingOfWindow = new Int32Array(count);
  const windowStartNs = new BigInt64Array(count);
  let offset = 0;
  for (const part of parts) {
    features.set(part.dataset.features, offset * frames * bins);
    labels.set(part.dataset.labels, offset);
    recordingOfWindow.fill(part.recording, offset, offset + part.dataset.shape[0]);
    windowStartNs.set(part.starts, offset);
    offset += part.dataset.shape[0];
  }
  return {
    dataset: { features, shape: [count, frames, bins], labels, labelNames: names },
    recordingOfWindow,
    windowStartNs,
    recordings,
    sampleRateHz,
  };
}
