import type { ImuRecording } from '../imu-recording.js';
import {
  type RecordingBlock,
  type RecordingReadOptions,
  readRecordingBlocks,
  readRecordingIndexed,
  readRecordingLinear,
  type StreamReadResult,
} from '../recording-decoder.js';
import type { RecordingWriteOptions } from '../recording-encoder.js';
import { openFileSource, withFileSource } from './file-source.js';
import { nativeCrc32 } from './native-crc32.js';
import { RecordingStreamWriter } from './recording-stream-writer.js';

/**
 * Writes a recording to `path` as MCAP in the reference layout (see `encodeRecording`), through a
 * temporary file in the same directory renamed into place. Missing folders above `path` are created.
 * Each chunk goes to the file as soon as it is compressed, so the memory used beyond the recording's
 * own arrays is about one chunk (`chunkSizeBytes`), not the whole file. The recording is one block of a
 * {@link RecordingStreamWriter}: a recording too long to hold can be written block by block with it, to
 * the same bytes.
 *
 * @throws InvalidArgumentError naming `path` when its folder cannot be created (e.g. a path
 *   component is a file); FileWriteError naming `path` when a write fails (e.g. a full disk).
 *
 * @example
 * ```ts
 * import { readRecordingFile, writeRecordingFile } from '@tsc/mcap-utils/node';
 *
 * const recording = await readRecordingFile('fixtures/seed/basic_synthetic.mcap');
 * await writeRecordingFile('out.mcap', recording, { compression: 'zstd' });
 * ```
 */
export async function writeRecordingFile(
  path: string,
  recording: ImuRecording,
  options: RecordingWriteOptions = {},
): Promise<void> {
  const writer = await RecordingStreamWriter.open(path, {
    ...options,
    metadata: recording.metadata,
    topics: [...recording.topics.keys()],
  });
  try {
    writer.addBlock(recording.topics);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.close();
}

/**
 * Reads a recording from an MCAP file with the indexed reader: only the chunks holding the wanted
 * topics and times are read and decompressed. Errors name `path`.
 *
 * @example
 * ```ts
 * import { readRecordingFile } from '@tsc/mcap-utils/node';
 *
 * // the reference's synthetic recording, from a clone of the repository
 * const recording = await readRecordingFile('fixtures/seed/basic_synthetic.mcap', { topics: ['mag_raw'] });
 * console.log(recording.topics.get('mag_raw')!.values.length); // 5424 = 1808 samples × 3
 * ```
 */
export async function readRecordingFile(path: string, options: RecordingReadOptions = {}): Promise<ImuRecording> {
  return withFileSource(path, (source) => readRecordingIndexed(source, { crc32: nativeCrc32, ...options }));
}

/**
 * Reads a recording from an MCAP file one chunk at a time, through the index as {@link readRecordingFile} (whose
 * result is the concatenation of the blocks, per topic): each block holds the samples per topic of one chunk, in
 * log-time order. Memory is bounded by one chunk (about 1 MiB uncompressed as `writeRecordingFile` writes them) plus
 * what the caller keeps, whatever the recording's length: a two-hour recording at 100 Hz is read in blocks of a few
 * thousand samples. The file stays open until the loop ends (or breaks). Errors name `path`.
 *
 * @throws the errors of {@link readRecordingFile}; MessageOrderError when a topic's messages go back in time from
 *   one chunk to the next (chunks overlapping in time: read such a file whole).
 *
 * @example
 * ```ts
 * import { iterateRecordingBlocks } from '@tsc/mcap-utils/node';
 *
 * let samples = 0;
 * for await (const block of iterateRecordingBlocks('fixtures/seed/basic_synthetic.mcap', { topics: ['mag_raw'] })) {
 *   samples += block.topics.get('mag_raw')?.timestampsNs.length ?? 0; // one chunk in memory at a time
 * }
 * console.log(samples); // 1808
 * ```
 */
export async function* iterateRecordingBlocks(
  path: string,
  options: RecordingReadOptions = {},
): AsyncGenerator<RecordingBlock, void> {
  const source = await openFileSource(path);
  try {
    yield* readRecordingBlocks(source, { crc32: nativeCrc32, ...options });
  } finally {
    await source.close();
  }
}

/**
 * Reads a recording record by record without the index (memory bounded by one chunk plus the
 * result). A truncated file (e.g. a recorder that crashed) gives everything up to the last
 * complete record, and `truncation` says where the file was cut.
 */
export async function readRecordingStream(path: string, options: RecordingReadOptions = {}): Promise<StreamReadResult> {
  return withFileSource(path, (source) => readRecordingLinear(source, { crc32: nativeCrc32, ...options }));
}
