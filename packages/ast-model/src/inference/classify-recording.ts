import {
  type ClassificationMessage,
  DISTORTION_LABEL_KEY,
  type ImuRecording,
  type LabelEvent,
  mergePredictions,
} from '@tsc/mcap-utils';
import type { SensorReference, SensorSpectrogramOptions } from '@tsc/spectrogram';
import { AstInputError } from '../errors.js';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import type { ResampleReport } from '../features/resample-recording.js';
import {
  iterateRecordingWindows,
  type PreparedRecording,
  prepareRecording,
  type RecordingWindowsOptions,
  windowFeatures,
} from '../features/sensor-features.js';
import type { AstClassifier, AstPrediction } from './ast-classifier.js';

/** Options of {@link classifyRecording}; unset fields come from the classifier's feature settings. */
export interface ClassifyRecordingOptions {
  /** Window length (s). Defaults to `featureSettings.windowSec`. */
  windowSec?: number;
  /** Step between windows (s). Defaults to `featureSettings.hopSec`. */
  hopSec?: number;
  /** Spectrogram options. Defaults to `featureSettings.spectrogram`. */
  spectrogram?: SensorSpectrogramOptions;
  /** Metadata key of the label in the merged events. Defaults to `'mag_distortion'`. */
  labelKey?: string;
  /** The merged events' `collection`. Defaults to `''`. */
  collection?: string;
  /**
   * Label events of the recording (e.g. a `.labels.json`): when given, the result's `truth` holds each window's true
   * label, for evaluation. Defaults to none.
   */
  labels?: readonly LabelEvent[];
  /** Windows per forward pass (a positive integer), and per batch of windows cut and held at once. Defaults to 64. */
  batchSize?: number;
  /**
   * Called after each batch of windows has been turned into spectrograms and predicted, with the windows done so far
   * and the recording's window count; it is called a final time with `windowsDone === windowsTotal` (once with
   * `{ windowsDone: 0, windowsTotal: 0 }` when the recording is too short for a window). Counts only increase. An
   * error thrown by the callback stops the classification and propagates to the caller. Defaults to none.
   */
  onProgress?: (progress: ClassifyRecordingProgress) => void;
}

/** What {@link ClassifyRecordingOptions.onProgress} receives after each batch. */
export interface ClassifyRecordingProgress {
  /** Windows classified so far, from 0 up to `windowsTotal`. */
  windowsDone: number;
  /** Windows in the recording. */
  windowsTotal: number;
}

/** What {@link classifyRecording} returns. */
export interface ClassifyRecordingResult {
  /** One message per window (log time = window end), with probabilities. */
  messages: ClassificationMessage[];
  /** Consecutive windows with the same label merged into label events. */
  events: LabelEvent[];
  /** How the recording was resampled to the model's rate (`resampled: false` when it already had it). */
  resampling: ResampleReport | undefined;
  /** The recording's own reference field, when the model's features are relative to it. */
  reference: SensorReference | undefined;
  /**
   * With `labels`: per message, the window's true label, `undefined` where the window crosses a label boundary or
   * lies in an unlabelled gap (left out of scores). Without `labels`: `undefined`.
   */
  truth: (string | undefined)[] | undefined;
}

/**
 * Classifies a recording window by window: calibrated `mag_raw`/`acc_raw`/`gyro_raw` → windows → sensor
 * spectrograms → model, returning one classification message per window and the merged label events. Writing them
 * (e.g. with `@tsc/mcap-utils`) is the caller's job. Windows are cut, turned into spectrograms and predicted one
 * batch of `batchSize` at a time (`iterateRecordingWindows`, which also gives their count from the same layout of the
 * recording's samples), so the windows held at once are one batch's, whatever the recording's length; `onProgress`
 * reports after each batch.
 *
 * @example
 * ```ts
 * import { classifyRecording, DEFAULT_SENSOR_FEATURE_SETTINGS as settings, prepareRecording, recordingWindows, trainAst, windowsDataset } from '@tsc/ast-model';
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
 * const { messages, events } = classifyRecording(recording, result.classifier);
 * console.log(messages[0]); // the first 2 s window: { logTimeNs, predictedClassId: 0, label: '0', probabilities: [...], windowStartNs, windowEndNs }
 * console.log(events[0]?.metadata); // { mag_distortion: '0' }
 * ```
 */
export function classifyRecording(
  recording: ImuRecording,
  classifier: AstClassifier,
  options: ClassifyRecordingOptions = {},
): ClassifyRecordingResult {
  const stored = classifier.featureSettings;
  const {
    windowSec = stored.windowSec,
    hopSec = stored.hopSec,
    spectrogram = stored.spectrogram,
    labelKey = DISTORTION_LABEL_KEY,
    collection = '',
    batchSize = 64,
    labels,
    onProgress,
  } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new AstInputError('batchSize', 'a positive integer', batchSize);
  const settings: SensorFeatureSettings = { ...stored, windowSec, hopSec, spectrogram };
  const prepared = prepareRecording(recording, settings);
  // every window, each with its truth when labels are given (windows across a label boundary unlabelled)
  const windowOptions: RecordingWindowsOptions = {
    ...(labels === undefined ? {} : { labels }),
    labelKey,
    keepMixedWindows: true,
  };
  const windows = iterateRecordingWindows(prepared, settings, windowOptions);
  const windowsTotal = windows.count;
  const messages: ClassificationMessage[] = [];
  const truth: (string | undefined)[] | undefined = labels === undefined ? undefined : [];
  // Every window has the same sample count, so every batch gives spectrograms of the same shape.
  for (const batch of inBatches(windows, batchSize)) {
    const predictions = classifier.predict(windowFeatures(batch, prepared.spectrogram), { batchSize });
    batch.forEach((window, i) => {
      messages.push(windowMessage(predictions[i]!, window.startTimeNs, window.endTimeNs));
      truth?.push(window.label);
    });
    onProgress?.({ windowsDone: messages.length, windowsTotal });
  }
  if (windowsTotal === 0) onProgress?.({ windowsDone: 0, windowsTotal: 0 });
  return classificationResult(prepared, messages, truth, { labelKey, collection });
}

/** The items of `items` in consecutive arrays of `size` (the last one shorter), taken as they are used. */
function* inBatches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * A window's classification message as the reference writes it: log time = the window's end.
 * @internal
 */
export function windowMessage(
  { classId, label, probabilities }: Pick<AstPrediction, 'classId' | 'label' | 'probabilities'>,
  windowStartNs: bigint,
  windowEndNs: bigint,
): ClassificationMessage {
  return { logTimeNs: windowEndNs, predictedClassId: classId, label, probabilities, windowStartNs, windowEndNs };
}

/**
 * What a classification of a prepared recording's windows returns, for a model and a physics rule alike: the
 * messages, the merged label events, what preparing the recording did, and each window's truth when labels are given.
 */
export function classificationResult(
  prepared: Pick<PreparedRecording, 'resampling' | 'reference'>,
  messages: ClassificationMessage[],
  truth: (string | undefined)[] | undefined,
  { labelKey = DISTORTION_LABEL_KEY, collection = '' }: Pick<ClassifyRecordingOptions, 'labelKey' | 'collection'>,
): ClassifyRecordingResult {
  return {
    messages,
    events: mergePredictions(messages, { labelKey, collection }),
    resampling: prepared.resampling,
    reference: prepared.reference,
    truth,
  };
}
