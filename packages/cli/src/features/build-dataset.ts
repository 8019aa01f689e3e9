import {
  type AstDataset,
  prepareRecording,
  recordingWindows,
  type SensorFeatureSettings,
  windowsDataset,
} from '@tsc/ast-model';
import { readLabelsFile, readRecordingFile } from '@tsc/mcap-utils/node';
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
}

/**
 * Reads labelled recordings and turns them into one dataset: each recording prepared as a model reads it
 * (`prepareRecording` of `@tsc/ast-model`: calibrated, resampled to the settings' rate, relative to its own field),
 * cut into label-pure windows, and their sensor spectrograms (`windowsDataset`).
 *
 * @throws {@link CliCommandError} when no window is labelled.
 */
export async function buildWindowDataset(
  recordings: readonly LabelledRecordingFiles[],
  settings: SensorFeatureSettings,
  { labelNames, onProgress }: BuildWindowDatasetOptions = {},
): Promise<WindowDataset> {
  const parts: { recording: number; dataset: AstDataset; starts: bigint[] }[] = [];
  let sampleRateHz = 0;
  const labelFiles = await Promise.all(recordings.map((files) => readLabelsFile(files.labelsPath)));
  const names =
    labelNames ??
    [
      ...new Set(labelFiles.flatMap(({ events }) => events.map((event) => String(event.metadata.mag_distortion)))),
    ].sort();
  for (const [index, files] of recordings.entries()) {
    const recording = await readRecordingFile(files.mcapPath);
    const { events } = labelFiles[index]!;
    const prepared = prepareRecording(recording, settings);
    const list = recordingWindows(prepared, settings, { labels: events }).filter(
      (window) => window.label !== undefined,
    );
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
  if (parts.length === 0) {
    throw new CliCommandError(`no labelled window in ${recordings.length} recording(s): check the labels files`);
  }
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
