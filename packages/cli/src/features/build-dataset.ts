import type { AstDataset } from '@tsc/ast-model';
import { readLabelsFile, readRecordingFile } from '@tsc/mcap-utils/node';
import { CliCommandError } from '../errors.js';
import type { LabelledRecordingFiles } from './labelled-recordings.js';
import { type FeatureSettings, sensorWindows, windowSpectrogram } from './sensor-features.js';

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
  /** The sample rate of the windows (Hz), from the first recording. */
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
 * Reads labelled recordings, cuts them into label-pure windows and computes each window's sensor spectrogram.
 *
 * @throws {@link CliCommandError} when no window is labelled, when the windows differ in shape (recordings at
 *   different rates) or when a label is not one of `labelNames`.
 */
export async function buildWindowDataset(
  recordings: readonly LabelledRecordingFiles[],
  settings: FeatureSettings,
  { labelNames, onProgress }: BuildWindowDatasetOptions = {},
): Promise<WindowDataset> {
  const images: Float32Array[] = [];
  const labels: string[] = [];
  const sources: number[] = [];
  const starts: bigint[] = [];
  let shape: readonly [number, number] | undefined;
  let sampleRateHz = 0;
  for (const [index, files] of recordings.entries()) {
    const recording = await readRecordingFile(files.mcapPath);
    const { events } = await readLabelsFile(files.labelsPath);
    for (const window of sensorWindows(recording, settings, events)) {
      if (window.label === undefined) continue;
      const spectrogram = windowSpectrogram(window, settings);
      if (shape === undefined) {
        shape = spectrogram.shape;
        sampleRateHz = window.sampleRateHz;
      } else if (shape[0] !== spectrogram.shape[0] || shape[1] !== spectrogram.shape[1]) {
        throw new CliCommandError(
          `${files.mcapPath}: expected windows of ${shape[0]} × ${shape[1]} (the first recording's), found ${spectrogram.shape[0]} × ${spectrogram.shape[1]}: use recordings of one sample rate`,
        );
      }
      images.push(spectrogram.data);
      labels.push(window.label);
      sources.push(index);
      starts.push(window.startTimeNs);
    }
    onProgress?.(index + 1, recordings.length);
  }
  if (shape === undefined) {
    throw new CliCommandError(`no labelled window in ${recordings.length} recording(s): check the labels files`);
  }
  const names = labelNames ?? [...new Set(labels)].sort();
  const ids = new Map(names.map((name, id) => [name, id]));
  const size = shape[0] * shape[1];
  const features = new Float32Array(images.length * size);
  const labelIds = new Int32Array(images.length);
  for (let i = 0; i < images.length; i++) {
    features.set(images[i]!, i * size);
    const id = ids.get(labels[i]!);
    if (id === undefined) {
      throw new CliCommandError(
        `${recordings[sources[i]!]!.labelsPath}: expected a label in ${JSON.stringify(names)}, found ${JSON.stringify(labels[i])}`,
      );
    }
    labelIds[i] = id;
  }
  return {
    dataset: { features, shape: [images.length, shape[0], shape[1]], labels: labelIds, labelNames: names },
    recordingOfWindow: Int32Array.from(sources),
    windowStartNs: BigInt64Array.from(starts),
    recordings,
    sampleRateHz,
  };
}
