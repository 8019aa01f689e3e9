import { describeFound, FileWriteError, InvalidArgumentError, TscError } from '@tsc/errors';

export { FileWriteError, InvalidArgumentError };

/** The name used in messages when bytes did not come from a file. */
export const IN_MEMORY = '<memory>';

/**
 * The bytes are not a valid MCAP file at some offset: bad magic, a record that does not parse,
 * a length that runs past the end, an unknown opcode where one is required.
 *
 * @example
 * ```ts
 * import { decodeRecording, McapFormatError } from '@tsc/mcap-utils';
 *
 * try {
 *   await decodeRecording(new TextEncoder().encode('not an MCAP file'), { fileName: 'x.mcap' });
 * } catch (error) {
 *   if (error instanceof McapFormatError) console.log(error.offset, error.expected, error.found);
 * }
 * ```
 */
export class McapFormatError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.McapFormatError');
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** Byte offset in the file (or in a decompressed chunk, see `record`) where the problem is. */
    readonly offset: number,
    /** The record being read, e.g. `Footer`, `Chunk at 42 / Message`. */
    readonly record: string,
    /** What the reader expected. */
    readonly expected: string,
    /** What it found. */
    readonly found: unknown,
  ) {
    super(`${file}: ${record} at offset ${offset}: expected ${expected}, found ${describeFound(found)}`);
  }
}

/**
 * The file ends before its last record is complete (or has no footer). Thrown by the indexed reader;
 * the streaming reader instead returns what it could read and reports the truncation.
 *
 * @example
 * ```ts
 * import { readFile, writeFile } from 'node:fs/promises';
 * import { readRecordingStream } from '@tsc/mcap-utils/node';
 *
 * const bytes = await readFile('fixtures/seed/basic_synthetic.mcap');
 * await writeFile('cut.mcap', bytes.subarray(0, 300_000)); // a recording cut short
 * const { recording, truncation } = await readRecordingStream('cut.mcap'); // no throw: what was read, and where it stopped
 * console.log(truncation?.fileSize); // 300000
 * ```
 */
export class McapTruncatedError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.McapTruncatedError');
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** Absolute byte offset in the file of the record that is incomplete. */
    readonly offset: number,
    /** Bytes the record needs. */
    readonly expectedBytes: number,
    /** Bytes that are left in the file from `offset`. */
    readonly foundBytes: number,
    /** The kind of record cut short, e.g. `Chunk`, `Header`, `leading magic`. Defaults to `'record'`. */
    readonly record = 'record',
  ) {
    super(
      `${file}: truncated at byte ${offset} of the file, in a ${record}: expected ${expectedBytes} bytes from there, found ${foundBytes}`,
    );
  }
}

/**
 * A CRC32 stored in the file does not match the bytes it covers.
 *
 * @example
 * ```ts
 * import { decodeRecording, McapCrcError } from '@tsc/mcap-utils';
 * import { readFile } from 'node:fs/promises';
 *
 * const bytes = new Uint8Array(await readFile('fixtures/seed/basic_synthetic.mcap'));
 * bytes[100_000] ^= 0xff; // one damaged byte inside a chunk
 * try {
 *   await decodeRecording(bytes, { fileName: 'damaged.mcap' });
 * } catch (error) {
 *   if (error instanceof McapCrcError) console.log(error.record, error.expected.toString(16));
 * }
 * ```
 */
export class McapCrcError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.McapCrcError');
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** Offset of the record whose CRC fails. */
    readonly offset: number,
    /** Which CRC: `Chunk`, `Summary`, `DataEnd`. */
    readonly record: string,
    /** The CRC stored in the file. */
    readonly expected: number,
    /** The CRC computed from the bytes. */
    readonly found: number,
  ) {
    super(
      `${file}: ${record} at offset ${offset}: CRC mismatch: expected 0x${expected.toString(16).padStart(8, '0')}, found 0x${found.toString(16).padStart(8, '0')}`,
    );
  }
}

/**
 * A chunk uses a compression this library cannot decompress (or a writer was asked for one it cannot write).
 *
 * @example
 * ```ts
 * import { decodeRecording, UnsupportedCompressionError } from '@tsc/mcap-utils';
 * import { readFile } from 'node:fs/promises';
 *
 * const bytes = new Uint8Array(await readFile('fixtures/seed/basic_synthetic.mcap'));
 * const at = Buffer.from(bytes).indexOf('zstd'); // the first chunk's compression name, renamed
 * bytes.set(new TextEncoder().encode('xz99'), at);
 * try {
 *   await decodeRecording(bytes, { fileName: 'odd.mcap', verifyCrc: false });
 * } catch (error) {
 *   if (error instanceof UnsupportedCompressionError) console.log(error.compression); // 'xz99'
 * }
 * ```
 */
export class UnsupportedCompressionError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.UnsupportedCompressionError');
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** Offset of the chunk. */
    readonly offset: number,
    /** The compression name found. */
    readonly compression: string,
    /** The compressions supported. */
    readonly supported: readonly string[],
  ) {
    super(
      `${file}: chunk at offset ${offset}: unsupported compression ${JSON.stringify(compression)}, expected one of ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
    );
  }
}

/**
 * A topic that was asked for is not in the recording.
 *
 * @example
 * ```ts
 * import { MissingTopicError } from '@tsc/mcap-utils';
 * import { readRecordingFile } from '@tsc/mcap-utils/node';
 *
 * try {
 *   await readRecordingFile('fixtures/seed/basic_synthetic.mcap', { topics: ['temperature'] });
 * } catch (error) {
 *   if (error instanceof MissingTopicError) console.log(error.topic, error.available);
 * }
 * ```
 */
export class MissingTopicError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.MissingTopicError');
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** The topic asked for. */
    readonly topic: string,
    /** The topics the recording has. */
    readonly available: readonly string[],
  ) {
    super(`${file}: missing topic ${JSON.stringify(topic)}: expected one of [${available.join(', ')}]`);
  }
}

/**
 * A message body is not the JSON the channel's schema describes (e.g. `sensor_event` without a
 * numeric `values` array).
 *
 * @example
 * ```ts
 * import { decodeRecording, JsonMcapWriter, MalformedMessageError, MemorySink } from '@tsc/mcap-utils';
 *
 * const sink = new MemorySink();
 * const writer = await JsonMcapWriter.create(sink, { compression: 'none' });
 * const channelId = writer.registerChannel({ topic: 'mag_raw', schemaId: writer.registerSchema({ name: 'sensor_event', data: '{}' }) });
 * writer.addMessage(channelId, 0n, '{"values": [1, 2');
 * writer.finish();
 * try {
 *   await decodeRecording(sink.toBytes(), { fileName: 'bad.mcap' });
 * } catch (error) {
 *   if (error instanceof MalformedMessageError) console.log(error.topic, error.logTimeNs);
 * }
 * ```
 */
export class MalformedMessageError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.MalformedMessageError');
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** The message's topic. */
    readonly topic: string,
    /** The message's log time (ns). */
    readonly logTimeNs: bigint,
    /** Offset of the message record (in the file, or `chunk+record` in a chunk). */
    readonly offset: string,
    /** What the body should contain. */
    readonly expected: string,
    /** What was found (a prefix of the body). */
    readonly found: unknown,
  ) {
    super(
      `${file}: topic ${topic} message at ${offset} (log time ${logTimeNs} ns): malformed body: expected ${expected}, found ${describeFound(found)}`,
    );
  }
}

/**
 * A message has a different number of values than the earlier messages of its topic (or than the
 * width a caller required).
 *
 * @example
 * ```ts
 * import { decodeRecording, JsonMcapWriter, MemorySink, ValueWidthError } from '@tsc/mcap-utils';
 *
 * const sink = new MemorySink();
 * const writer = await JsonMcapWriter.create(sink, { compression: 'none' });
 * const channelId = writer.registerChannel({ topic: 'mag_raw', schemaId: writer.registerSchema({ name: 'sensor_event', data: '{}' }) });
 * writer.addMessage(channelId, 0n, '{"values": [1, 2, 3]}');
 * writer.addMessage(channelId, 1n, '{"values": [1, 2]}');
 * writer.finish();
 * try {
 *   await decodeRecording(sink.toBytes(), { fileName: 'bad.mcap' });
 * } catch (error) {
 *   if (error instanceof ValueWidthError) console.log(error.topic, error.expected, error.found);
 * }
 * ```
 */
export class ValueWidthError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.ValueWidthError');
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** The topic. */
    readonly topic: string,
    /** The log time (ns) of the offending sample. */
    readonly logTimeNs: bigint,
    /** The width expected. */
    readonly expected: number,
    /** The width found. */
    readonly found: number,
  ) {
    super(
      `${file}: topic ${topic} at log time ${logTimeNs} ns: expected ${expected} values per sample, found ${found}`,
    );
  }
}

/**
 * A block-wise read found a topic's messages out of log-time order across the file's chunks (chunks that overlap in
 * time for one topic), which a reader that yields one chunk at a time cannot put back in order. Read such a file
 * whole (`readRecordingFile`, which sorts each topic), or rewrite it (`writeRecordingFile` writes chunks in order).
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { JsonMcapWriter, MemorySink, MessageOrderError } from '@tsc/mcap-utils';
 * import { iterateRecordingBlocks } from '@tsc/mcap-utils/node';
 *
 * const sink = new MemorySink();
 * const writer = await JsonMcapWriter.create(sink, { compression: 'none', chunkSizeBytes: 80 });
 * const channelId = writer.registerChannel({ topic: 'mag_raw', schemaId: writer.registerSchema({ name: 'sensor_event', data: '{}' }) });
 * for (const timeNs of [0n, 10n, 5n, 7n]) writer.addMessage(channelId, timeNs, `{"values": [${timeNs}, 0, 0]}`); // chunks [0, 10] and [5, 7]
 * writer.finish();
 * await writeFile('overlapping-chunks.mcap', sink.toBytes());
 * try {
 *   for await (const block of iterateRecordingBlocks('overlapping-chunks.mcap')) console.log(block.topics.size); // 1
 * } catch (error) {
 *   if (error instanceof MessageOrderError) console.log(error.topic, error.logTimeNs, error.previousLogTimeNs); // mag_raw 5n 10n
 * }
 * ```
 */
export class MessageOrderError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.MessageOrderError');
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** The topic. */
    readonly topic: string,
    /** The log time (ns) of the first message out of order. */
    readonly logTimeNs: bigint,
    /** The latest log time (ns) of the topic's messages read before it. */
    readonly previousLogTimeNs: bigint,
  ) {
    super(
      `${file}: topic ${topic}: expected messages in log-time order across chunks (at or after ${previousLogTimeNs} ns), found ${logTimeNs} ns; read the file whole with readRecordingFile`,
    );
  }
}

/**
 * A labels, experiment or phone-log JSON file does not have the expected shape: the file, the JSON path of the
 * bad value (`field`), what was expected and what was found, as every {@link InvalidArgumentError}:
 * `a.labels.json: events[0].startTime: expected an object, found nothing (missing)`.
 *
 * @example
 * ```ts
 * import { JsonValidationError, parseLabels } from '@tsc/mcap-utils';
 *
 * try {
 *   parseLabels('{"events": [{"id": 1}]}', { fileName: 'a.labels.json' });
 * } catch (error) {
 *   if (error instanceof JsonValidationError) console.log(error.file, error.field); // a.labels.json events[0].startTime
 * }
 * ```
 */
export class JsonValidationError extends InvalidArgumentError {
  static override readonly marker: symbol = Symbol.for('tsc.error.JsonValidationError');

  /** The file (or `<memory>`). */
  declare readonly file: string;

  /**
   * @param field - JSON path of the bad value, e.g. `events[2].startTime.sec` (empty for the whole file).
   * @param expected - What was expected there.
   * @param found - What was found there (`undefined` when missing).
   * @param file - The file (or `<memory>`).
   */
  constructor(field: string, expected: string, found: unknown, file: string) {
    super(field, expected, found, { file });
  }
}

/**
 * A sample value is NaN or infinite where finite numbers are needed (cutting windows for spectrograms).
 * Names the file, the topic, the log time and the axis of the first such value.
 *
 * @example
 * ```ts
 * import { NonFiniteSampleError, windows } from '@tsc/mcap-utils';
 *
 * const timestampsNs = BigInt64Array.from({ length: 300 }, (_, i) => BigInt(i) * 10_000_000n); // 3 s at 100 Hz
 * const values = new Float64Array(900).fill(30);
 * values[450] = Number.NaN;
 * const recording = { topics: new Map([['mag_raw', { topic: 'mag_raw', timestampsNs, values, width: 3 }]]), metadata: {} };
 * try {
 *   windows(recording, { topics: ['mag_raw'], windowSec: 1, hopSec: 1 });
 * } catch (error) {
 *   if (error instanceof NonFiniteSampleError) console.log(error.file, error.topic, error.logTimeNs);
 * }
 * ```
 */
export class NonFiniteSampleError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.NonFiniteSampleError');
  constructor(
    /** The file (or `<recording>` for a recording not read from a file). */
    readonly file: string,
    /** The topic. */
    readonly topic: string,
    /** The log time of the sample (ns). */
    readonly logTimeNs: bigint,
    /** The value's index within the sample (0 = x). */
    readonly axis: number,
    /** The value found. */
    readonly found: number,
  ) {
    super(
      `${file}: topic ${topic} at log time ${logTimeNs} ns (value ${axis}): expected a finite number, found ${found} (pass nonFinitePolicy 'skip' to drop the windows that hold such samples)`,
    );
  }
}
