import { inspectRecordingFile, iterateRecordingBlocks, readRecordingFile } from '@tsc/mcap-utils/node';
import type { AstClassifier } from '../inference/ast-classifier.js';
import type { ClassifyRecordingResult } from '../inference/classify-recording.js';
import { type ClassifyRecordingBlocksOptions, classifyRecordingBlocks } from '../inference/classify-recording-blocks.js';

/**
 * Classifies an MCAP recording file as `classifyRecording` classifies it whole, reading it one chunk at a time in two
 * passes ({@link classifyRecordingBlocks} over `iterateRecordingBlocks` of `@tsc/mcap-utils/node`): the sample counts
 * come from the file's index, the calibration from its metadata. Memory is bounded by one chunk, about one window of
 * samples and the results (a two-hour recording at 100 Hz: tens of MB instead of the ~500 MB of a whole read), whatever
 * the recording's length. Errors name `path`.
 *
 * @throws the errors of `readRecordingFile` (`McapFormatError`, `MissingTopicError`, …), `MessageOrderError` for a file
 *   whose chunks overlap in time (classify it whole), and {@link AstInputError} of `classifyRecordingBlocks`.
 *
 * @example
 * ```ts
 * import { classifyRecordingFile, loadModelDirectory } from '@tsc/ast-model/node';
 *
 * const classifier = await loadModelDirectory('model/');
 * const { messages, events } = await classifyRecordingFile('fixtures/seed/basic_synthetic.mcap', classifier);
 * console.log(messages.length, events.length); // windows, merged label events
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
  for (const { topic, messageCount } of inspection.topics) if (!sampleCounts.has(topic)) sampleCounts.set(topic, messageCount);
  const { metadata } = await readRecordingFile(path, { topics: [] });
  return classifyRecordingBlocks(
    { open: (topics) => iterateRecordingBlocks(path, { topics }), sampleCounts, metadata },
    classifier,
    options,
  );
}
