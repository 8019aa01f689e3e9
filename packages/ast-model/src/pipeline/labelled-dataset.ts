import {
  DEFAULT_MAX_MEMORY_BYTES,
  DISTORTION_LABEL_KEY,
  DISTORTION_LABELS,
  formatBytes,
  type ImuRecording,
  MemoryLimitError,
  type RecordingWindow,
} from '@tsc/mcap-utils';
import { AstInputError } from '../errors.js';
import type { LabelledRecording } from '../evaluation/score-detector.js';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import { prepareRecording, recordingWindows, windowFeatures, windowsDataset } from '../features/sensor-features.js';
import { type AstDataset, concatDatasets, recordingSplit, subsetDataset } from '../training/dataset.js';

/** A dataset of spectrogram windows with where each window came from: its recording and its span. */
export interface LabelledDataset {
  /** Features `[windows, frames, bins]`, class ids and label names, as {@link trainAst} takes them. */
  readonly dataset: AstDataset;
  /** Per window, the index into `recordingNames` of its recording. */
  readonly recordingOfWindow: Int32Array;
  /** Per window, its start time (ns, the recording's log time). */
  readonly windowStartNs: BigInt64Array;
  /** Per window, its end time (ns). */
  readonly windowEndNs: BigInt64Array;
  /** The recordings' names, in input order (those without a labelled window included). */
  readonly recordingNames: readonly string[];
}

/** Options of {@link buildLabelledDataset}. */
export interface BuildLabelledDatasetOptions {
  /** Class names by class id (label values). Defaults to the distortion labels `['0', '1', '2']`. */
  labelNames?: readonly string[];
  /** Metadata key of the label in the label events. Defaults to `'mag_distortion'`. */
  labelKey?: string;
  /** Called after each recording with the recordings done so far. Defaults to none. */
  onProgress?: (recordingsDone: number) => void;
  /**
   * The most memory the windows and their features may hold (bytes): each recording's windows (checked by `windows`
   * of `@tsc/mcap-utils` before they are cut) and the whole dataset's features (the features of the recordings read
   * so far, checked before each recording's features are computed). Defaults to `DEFAULT_MAX_MEMORY_BYTES` (4 GiB).
   */
  maxMemoryBytes?: number;
}

/** What {@link checkDatasetMemory} weighs. */
interface DatasetMemoryUse {
  /** Labelled windows of the recordings read so far, those of the recording being read included. */
  readonly windows: number;
  /** Recordings read so far, the one being read included. */
  readonly recordingsRead: number;
  /** Bytes of features per window: frames × bins × 4 B. */
  readonly bytesPerWindow: number;
}

/**
 * Refuses, before a recording's features are computed, a dataset whose features already would not fit in
 * `maxMemoryBytes`: the labelled windows of the recordings read so far (this one included) × frames × bins × 4 B,
 * twice, for the recordings' features and the joined dataset coexist while joining (a split and the model's
 * normalised input later copy the features once each, again two copies at a time; a batch is small beside them).
 * The count is the actual one, never a projection, so a dataset that fits is never refused, whatever the lengths of
 * its recordings and their order; the recordings still to come can only add to it, so a dataset that does not fit is
 * refused as soon as the windows read pass the limit, before their features are allocated.
 *
 * @throws MemoryLimitError naming `hopSec`, the window, the windows and recordings, the bytes needed and the limit.
 */
function checkDatasetMemory(
  { windows, recordingsRead, bytesPerWindow }: DatasetMemoryUse,
  settings: SensorFeatureSettings,
  maxMemoryBytes: number,
): void {
  const neededBytes = 2 * windows * bytesPerWindow;
  if (neededBytes <= maxMemoryBytes) return;
  const read = recordingsRead === 1 ? 'the first recording' : `the first ${recordingsRead} recordings`;
  const detail = `${windows} windows of ${settings.windowSec} s (windowSec) every ${settings.hopSec} s in ${read}, ${formatBytes(bytesPerWindow)} of features each, held twice while joined`;
  throw new MemoryLimitError('hopSec', detail, neededBytes, maxMemoryBytes);
}

/**
 * Refuses a label value outside `labelNames` (the model's classes, by default the distortion labels), naming the
 * labels (`labelsSource`, else the recording's name), the event and the value: a stray value would otherwise become a
 * class of its own or stop training midway.
 *
 * @param labelKey - Metadata key of the label. Defaults to `'mag_distortion'`.
 * @throws {@link AstInputError} for the first such value.
 */
export function checkLabelValues(
  { name, labels, labelsSource = name }: Pick<LabelledRecording, 'name' | 'labels' | 'labelsSource'>,
  labelNames: readonly string[] = DISTORTION_LABELS,
  labelKey: string = DISTORTION_LABEL_KEY,
): void {
  labels.forEach((event, index) => {
    const value = event.metadata[labelKey];
    if (value === undefined || labelNames.includes(value)) return;
    const expected = `one of ${labelNames.map((label) => JSON.stringify(label)).join(', ')}`;
    throw new AstInputError(
      `${labelsSource}: events[${index}] (id ${JSON.stringify(event.id)}): ${labelKey}`,
      expected,
      value,
    );
  });
}

/** The length of a recording (s): its magnetometer's, else its first topic's. */
function recordingLengthSec(recording: ImuRecording): number {
  const times = (recording.topics.get('mag_raw') ?? [...recording.topics.values()][0])?.timestampsNs;
  return times === undefined || times.length === 0 ? 0 : Number(times.at(-1)! - times[0]!) / 1e9;
}

/** The error when no window could be used: recordings too short, or every window outside the label events. */
function noWindowError(count: number, settings: SensorFeatureSettings, windows: number, longestSec: number) {
  if (longestSec < settings.windowSec) {
    const found = `the longest of ${count} recording(s) lasts ${longestSec.toFixed(2)} s`;
    return new AstInputError('recordings', `at least one window of ${settings.windowSec} s`, found);
  }
  const found = `${windows} window(s) of ${count} recording(s), each outside every label event or across a boundary`;
  return new AstInputError('recordings', 'a window inside a label event (check the labels)', found);
}

/** One recording's labelled windows as a dataset and their spans. */
interface RecordingPart {
  readonly dataset: AstDataset;
  readonly recording: number;
  readonly startsNs: bigint[];
  readonly endsNs: bigint[];
}

/**
 * Turns labelled recordings into one training dataset, the one path shared by `tscls train`, the demo and the
 * examples: each recording prepared once as a model reads it (`prepareRecording`: calibrated, resampled to the
 * settings' rate, relative to its own field), cut once into label-pure windows (`recordingWindows`: windows across a
 * label boundary or outside every event are dropped), turned into sensor spectrograms (`windowsDataset`), and the
 * recordings' datasets joined with {@link concatDatasets}. Recordings are taken one at a time from an iterable or an
 * async iterable (e.g. files read lazily), so only one recording is in memory at once.
 *
 * Copies of the features: each recording's spectrograms are written once into its own dataset, and joined once by
 * `concatDatasets` (the count of windows is known only after the last recording). Both copies of the windows read so
 * far are counted against `maxMemoryBytes` before each recording's features are computed.
 *
 * @throws {@link AstInputError} for a label value outside `labelNames` (naming the recording, the event and the
 *   value), when no window is labelled (saying whether the recordings are shorter than one window), and when
 *   recordings give windows of different shapes; `MemoryLimitError` (option `hopSec`) when one recording's windows,
 *   or the dataset's features, would not fit in `maxMemoryBytes`.
 *
 * @example
 * ```ts
 * import { buildLabelledDataset, sensorFeatureSettings } from '@tsc/ast-model';
 * import { createMixedLevelsPlan, generateRecording } from '@tsc/synthetic';
 *
 * const plan = createMixedLevelsPlan({ sampleRateHz: 100, segmentSec: 4, seed: 1 });
 * const { recording, labels } = generateRecording(plan, { name: 'mixed' });
 * const settings = sensorFeatureSettings();
 * const built = await buildLabelledDataset([{ name: 'mixed', recording, labels: labels.events }], settings);
 * console.log(built.dataset.shape, built.recordingNames[built.recordingOfWindow[0]!]); // [windows, 18, 4] 'mixed'
 * ```
 */
export async function buildLabelledDataset(
  recordings: Iterable<LabelledRecording> | AsyncIterable<LabelledRecording>,
  settings: SensorFeatureSettings,
  options: BuildLabelledDatasetOptions = {},
): Promise<LabelledDataset> {
  const { labelNames = DISTORTION_LABELS, labelKey = DISTORTION_LABEL_KEY, onProgress } = options;
  const { maxMemoryBytes = DEFAULT_MAX_MEMORY_BYTES } = options;
  const parts: RecordingPart[] = [];
  const recordingNames: string[] = [];
  let windowCount = 0;
  let labelledCount = 0;
  let bytesPerWindow = 0;
  let longestSec = 0;
  for await (const labelledRecording of recordings) {
    const { name, recording, labels } = labelledRecording;
    checkLabelValues(labelledRecording, labelNames, labelKey);
    longestSec = Math.max(longestSec, recordingLengthSec(recording));
    const prepared = prepareRecording(recording, settings);
    // the dataset holds every labelled window, so the windows are cut with the memory check of `windows`
    // (MemoryLimitError naming the hop before any window is cut), not lazily without a limit
    const labelled: RecordingWindow[] = [];
    for (const window of recordingWindows(prepared, settings, { labels, labelKey, maxMemoryBytes })) {
      windowCount++;
      if (window.label !== undefined) labelled.push(window);
    }
    labelledCount += labelled.length;
    if (labelled.length > 0) {
      bytesPerWindow ||= windowFeatures(labelled.slice(0, 1), prepared.spectrogram).data.byteLength;
      const use = { windows: labelledCount, recordingsRead: recordingNames.length + 1, bytesPerWindow };
      checkDatasetMemory(use, settings, maxMemoryBytes);
      parts.push({
        dataset: windowsDataset(labelled, labelNames, prepared.spectrogram),
        recording: recordingNames.length,
        startsNs: labelled.map((window) => window.startTimeNs),
        endsNs: labelled.map((window) => window.endTimeNs),
      });
    }
    recordingNames.push(name);
    onProgress?.(recordingNames.length);
  }
  if (parts.length === 0) throw noWindowError(recordingNames.length, settings, windowCount, longestSec);
  return joinParts(parts, recordingNames);
}

/** The recordings' datasets joined, with each window's recording and span. */
function joinParts(parts: readonly RecordingPart[], recordingNames: readonly string[]): LabelledDataset {
  const [, frames, bins] = parts[0]!.dataset.shape;
  const odd = parts.find((part) => part.dataset.shape[1] !== frames || part.dataset.shape[2] !== bins);
  if (odd !== undefined) {
    const field = `${recordingNames[odd.recording]} windows`;
    const found = `${odd.dataset.shape[1]} × ${odd.dataset.shape[2]} (use recordings of one sample rate)`;
    throw new AstInputError(field, `${frames} × ${bins} frames × bins (the first recording's)`, found);
  }
  const dataset = concatDatasets(parts.map((part) => part.dataset));
  const count = dataset.shape[0];
  const recordingOfWindow = new Int32Array(count);
  const windowStartNs = new BigInt64Array(count);
  const windowEndNs = new BigInt64Array(count);
  let offset = 0;
  for (const part of parts) {
    recordingOfWindow.fill(part.recording, offset, offset + part.startsNs.length);
    windowStartNs.set(part.startsNs, offset);
    windowEndNs.set(part.endsNs, offset);
    offset += part.startsNs.length;
  }
  return { dataset, recordingOfWindow, windowStartNs, windowEndNs, recordingNames };
}

/** The windows at `indices` of a labelled dataset, with their provenance. */
export function subsetLabelledDataset(labelled: LabelledDataset, indices: ArrayLike<number>): LabelledDataset {
  const pick = <T extends Int32Array | BigInt64Array>(source: T, target: T): T => {
    for (let i = 0; i < indices.length; i++) target[i] = source[indices[i]!]!;
    return target;
  };
  return {
    // a copy: training reads the windows of one split as one contiguous block
    dataset: subsetDataset(labelled.dataset, indices),
    recordingOfWindow: pick(labelled.recordingOfWindow, new Int32Array(indices.length)),
    windowStartNs: pick(labelled.windowStartNs, new BigInt64Array(indices.length)),
    windowEndNs: pick(labelled.windowEndNs, new BigInt64Array(indices.length)),
    recordingNames: labelled.recordingNames,
  };
}

/** Options of {@link splitForValidation}. */
export interface ValidationSplitOptions {
  /** Seed of the split. Defaults to 0. */
  seed?: number;
  /** Share of the recordings held apart, whole, for validation. Defaults to 0.15. */
  validationFraction?: number;
}

/** What {@link splitForValidation} returns. */
export interface ValidationSplit {
  /** The windows to train on. */
  readonly train: LabelledDataset;
  /** The windows of the recordings held apart. */
  readonly validation: LabelledDataset;
}

/**
 * Holds whole recordings of a labelled dataset apart for validation (model selection and early stopping), stratified
 * by each recording's highest class (`recordingSplit`): overlapping windows of one recording never sit on both sides.
 * The split needs every recording's labelled windows, so it is made on the built dataset rather than before it.
 */
export function splitForValidation(
  labelled: LabelledDataset,
  { seed = 0, validationFraction = 0.15 }: ValidationSplitOptions = {},
): ValidationSplit {
  const split = recordingSplit(labelled.recordingOfWindow, labelled.dataset.labels, { seed, validationFraction });
  return {
    train: subsetLabelledDataset(labelled, split.train),
    validation: subsetLabelledDataset(labelled, split.validation),
  };
}
