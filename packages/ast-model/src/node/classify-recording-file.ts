import { inspectRecordingFile, iterateRecordingBlocks, readRecordingFile } from '@tsc/mcap-utils/node';
import type { AstClassifier } from '../inference/ast-classifier.js';
import type { ClassifyRecordingResult } from '../inference/classify-recording.js';
import {
  type ClassifyRecordingBlocksOptions,
  classifyRecordingBlocks,
} from '../inference/classify-recording-blocks.js';

/**
 * Classifies an MCAP recording file as `classifyRecording` classifies it whole, reading it one chunk at a time in two
 * passes ({@link classifyRecordingBlocks} over `iterateRecordingBlocks` of `@tsc/mcap-utils/node`): the sample counts
 * come from the file's index, the calibration from its metadata. Memory is bounded by one chunk, about one window of
 * samples and the results (a two-hour recording at 100 Hz: tens of MB instead of the ~500 MB of a whole read), whatever
 * the recording's length. Errors name `path`.
 *
 * @throws the errors of `readRecordingFile` (`McapFormatError`, `MissingTopicError`, …), `MessageOrderError` for a file
 *   whose chunks overlap in time (classify it whole), and `AstInputError` of `classifyRecordingBlocks`.
 *
 * @example
 * ```ts
 * import { DEFAULT_SENSOR_FEATURE_SETTINGS as settings, prepareRecording, recordingWindows, trainAst, windowsDataset } from '@tsc/ast-model';
 * import { classifyRecordingFile } from '@tsc/ast-model/node';
 * import { writeRecordingFile } from '@tsc/mcap-utils/node';
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
 * const { messages, events } = await classifyRecordingFile('run.mcap', result.classifier);
 * console.log(messages.length, events.length > 0); // 18 true
 * ```
 */
export async function classifyRecordingFile(
  path: string,
  classifier: AstClassifier,
  options: ClassifyRecordingBlocksOptions = {},
): Promise<ClassifyRecordingResult> {
  const inspection = await inspectRecordingFile(path);
  const sampleCounts = new Map<string, number>();
  // the first channel of a topic, as the reader takes it
  for (const { topic, messageCount } of inspection.topics)
    if (!sampleCounts.has(topic)) sampleCounts.set(topic, messageCount);
  const { metadata } = await readRecordingFile(path, { topics: [] });
  return classifyRecordingBlocks(
    { open: (topics) => iterateRecordingBlocks(path, { topics }), sampleCounts, metadata },
    classifier,
    options,
  );
}
