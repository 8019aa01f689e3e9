import {
  type ClassificationMessage,
  DISTORTION_LABEL_KEY,
  LabelTimeline,
  pureWindowLabel,
  type RecordingBlock,
  type RecordingMetadata,
} from '@tsc/mcap-utils';
import { AstInputError } from '../errors.js';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import { featureTopics, sensorTopics } from '../features/sensor-features.js';
import type { AstClassifier } from './ast-classifier.js';
import {
  type ClassifyRecordingOptions,
  type ClassifyRecordingResult,
  classificationResult,
  windowMessage,
} from './classify-recording.js';
import { surveyRecordingBlocks } from './recording-blocks-survey.js';
import { StreamingClassifier, type StreamingPrediction } from './streaming-classifier.js';

/**
 * A recording that {@link classifyRecordingBlocks} reads block by block, twice, e.g. an MCAP file through
 * `iterateRecordingBlocks` of `@tsc/mcap-utils/node` (`classifyRecordingFile` of `@tsc/ast-model/node` does that).
 */
export interface RecordingBlocks {
  /**
   * Starts a pass over the recording's blocks of `topics` from its beginning: each topic's samples in time order,
   * block after block. Called twice (the reference, then the windows).
   */
  open(topics: readonly string[]): AsyncIterable<RecordingBlock>;
  /** The recording's sample count per topic (e.g. an MCAP summary's message counts): the subsample's stride. */
  sampleCounts: ReadonlyMap<string, number>;
  /** The recording's metadata: its `calibration` turns raw counts into physical units. Defaults to none. */
  metadata?: RecordingMetadata;
}

/** Options of {@link classifyRecordingBlocks}: those of `classifyRecording` but `batchSize` (windows are classified as their blocks arrive). */
export type ClassifyRecordingBlocksOptions = Omit<ClassifyRecordingOptions, 'batchSize'>;

/**
 * Classifies a recording read block by block, in two passes with bounded memory, as `classifyRecording` classifies it
 * whole: the first pass measures what `prepareRecording` measures on the whole recording (the reference field of the
 * relative channels, from a strided subsample of at most 20 000 samples as `sensorReference` reads; the time base's
 * rate; whether it is resampled), the second pushes the blocks into a {@link StreamingClassifier} with that reference,
 * the rate and the recording's calibration. So it holds one block, about one window of samples and the results, not
 * the recording. On a recording whose topics share their timestamps at the model's rate, the reference is the one of
 * `classifyRecording`, and the windows, classes and probabilities are the same (the tests: equal windows and classes,
 * probabilities within 1e-6); on a recording resampled to the model's rate (a phone log), the reference comes from the
 * raw samples around the resampled grid's and differs by a little (the tests measure it on a phone log: the field by
 * less than 0.1 %, the windows and classes the same). `onProgress` is called after each block, its `windowsTotal` an
 * estimate from the recording's span until the last call.
 *
 * @throws {@link AstInputError} when a topic the model needs has no samples; the errors of the blocks' reader.
 *
 * @example
 * ```ts
 * import { classifyRecordingBlocks, DEFAULT_SENSOR_FEATURE_SETTINGS as settings, prepareRecording, recordingWindows, trainAst, windowsDataset } from '@tsc/ast-model';
 * import { inspectRecordingFile, iterateRecordingBlocks, readRecordingFile, writeRecordingFile } from '@tsc/mcap-utils/node';
 * import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
 *
 * // a model trained for a few steps on one synthetic recording: enough to run, not to trust
 * const { recording, labels } = generateRecording(createDatasetPlan({ seed: 1, durationSec: 20 }), { seed: 1 });
 * const prepared = prepareRecording(recording, settings);
 * const windows = recordingWindows(prepared, settings, { labels: labels.events });
 * const result = await trainAst({
 *   train: windowsDataset(windows, ['0', '1', '2'], prepared.spectrogram),
 *   options: { maxSteps: 3, featureSettings: { ...settings } },
 * });
 * await writeRecordingFile('run.mcap', recording);
 * const inspection = await inspectRecordingFile('run.mcap');
 * const { messages } = await classifyRecordingBlocks(
 *   {
 *     open: (topics) => iterateRecordingBlocks('run.mcap', { topics }), // one MCAP chunk at a time
 *     sampleCounts: new Map(inspection.topics.map((t) => [t.topic, t.messageCount])),
 *     metadata: (await readRecordingFile('run.mcap', { topics: [] })).metadata, // the calibration
 *   },
 *   result.classifier,
 * );
 * console.log(messages.length); // 18: 2 s windows every 1 s, as classifyRecording(recording, result.classifier) gives
 * ```
 */
export async function classifyRecordingBlocks(
  recording: RecordingBlocks,
  classifier: AstClassifier,
  options: ClassifyRecordingBlocksOptions = {},
): Promise<ClassifyRecordingResult> {
  const stored = classifier.featureSettings;
  const { windowSec = stored.windowSec, hopSec = stored.hopSec, spectrogram = stored.spectrogram } = options;
  const { labelKey = DISTORTION_LABEL_KEY, collection = '', labels, onProgress } = options;
  const settings: SensorFeatureSettings = { ...stored, windowSec, hopSec, spectrogram };
  const { sampleCounts, metadata = {} } = recording;
  const needed = sensorTopics(spectrogram);
  for (const topic of needed) {
    if (!((sampleCounts.get(topic) ?? 0) > 0))
      throw new AstInputError('recording topics', needed.join(', '), [...sampleCounts.keys()]);
  }
  // as prepareRecording: the reference also reads the accelerometer where there is one
  const topics = featureTopics(settings).filter((topic) => (sampleCounts.get(topic) ?? 0) > 0);
  const survey = await surveyRecordingBlocks(recording.open(topics), topics, { sampleCounts, metadata }, settings);
  const stream = new StreamingClassifier(classifier, {
    windowSec,
    hopSec,
    spectrogram,
    sampleRateHz: survey.sampleRateHz,
    ...(survey.reference === undefined ? {} : { reference: survey.reference }),
    ...(metadata.calibration === undefined ? {} : { calibration: metadata.calibration }),
  });
  const messages: ClassificationMessage[] = [];
  const truth: (string | undefined)[] | undefined = labels === undefined ? undefined : [];
  // one timeline for every window's truth: a look-up per sample, whatever the number of label events
  const timeline = labels === undefined ? undefined : new LabelTimeline(labels, labelKey);
  const take = (predictions: readonly StreamingPrediction[]) => {
    for (const p of predictions) {
      messages.push(windowMessage(p, p.windowStartNs, p.windowEndNs));
      truth?.push(windowTruth(p, stream, timeline!));
    }
  };
  for await (const block of recording.open(stream.topics)) {
    for (const [topic, series] of block.topics) take(stream.push(topic, series.timestampsNs, series.values));
    onProgress?.({ windowsDone: messages.length, windowsTotal: Math.max(messages.length, survey.windowsEstimate) });
  }
  take(stream.end());
  onProgress?.({ windowsDone: messages.length, windowsTotal: messages.length });
  return classificationResult(survey, messages, truth, { labelKey, collection });
}

/**
 * A streamed window's true label by the rule `classifyRecording` applies (`windows` of `@tsc/mcap-utils`: the label
 * of the events holding every sample of the window, `undefined` across a boundary or in an unlabelled gap), at the
 * times of its samples on the model's grid.
 */
function windowTruth(p: StreamingPrediction, stream: StreamingClassifier, timeline: LabelTimeline): string | undefined {
  const samples = Math.round(stream.windowSec * p.sampleRateHz);
  const timesNs = Array.from(
    { length: samples },
    (_, k) => p.windowStartNs + BigInt(Math.round((k * 1e9) / p.sampleRateHz)),
  );
  return pureWindowLabel(timeline, timesNs);
}
