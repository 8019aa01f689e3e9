import { InvalidArgumentError, ValueWidthError } from '../errors.js';
import type { RecordingMetadata } from '../imu-recording.js';
import type { ChunkCompression } from '../mcap/compression.js';
import { JsonMcapWriter } from '../mcap/json-mcap-writer.js';
import { bigintToWords, isLogTime, logTimeRangeError } from '../mcap/time-words.js';
import {
  type BodyStyle,
  sensorEventPrefixBytes,
  writeSensorEventMessage,
  writeSensorEventMessagePython,
} from '../recording-encoder.js';

const textEncoder = new TextEncoder();

import { metadataToRecords } from '../recording-metadata.js';
import { SENSOR_EVENT_SCHEMA_DATA, SENSOR_EVENT_SCHEMA_NAME } from '../sensor-event-codec.js';
import { AtomicFileSink } from './atomic-file-sink.js';
import { nativeCrc32 } from './native-crc32.js';

/** Options of {@link RecordingStreamWriter.open}. */
export interface RecordingStreamWriterOptions {
  /** Chunk compression. Defaults to `'zstd'`. */
  compression?: ChunkCompression;
  /** Target uncompressed chunk size (bytes); memory stays around this size. Defaults to 1 MiB. */
  chunkSizeBytes?: number;
  /** The header's `library` field. Defaults to `'@tsc/mcap-utils'`. */
  library?: string;
  /** Metadata to store (units, calibration, sample rate, extra). Defaults to none; see also {@link RecordingStreamWriter.setMetadata}. */
  metadata?: RecordingMetadata;
  /** Topics to register up front, in this order (others are registered on first sample). Defaults to none. */
  topics?: readonly string[];
  /** Body text style (see `RecordingWriteOptions.bodyStyle`). Defaults to `'compact'`. */
  bodyStyle?: BodyStyle;
}

/**
 * Writes a long recording sample by sample with bounded memory (one chunk): samples go into
 * the current chunk, which is compressed and written to a temporary file as soon as it is full.
 * `close()` writes the summary and renames the file into place; `abort()` deletes it. Samples
 * should come in time order (they are written in the order given). Same layout as
 * `writeRecordingFile`.
 *
 * @example
 * ```ts
 * import { RecordingStreamWriter } from '@tsc/mcap-utils/node';
 *
 * const writer = await RecordingStreamWriter.open('long.mcap', { metadata: { sampleRateHz: 100 } });
 * for (let i = 0; i < 360_000; i++) {
 *   writer.addSample('mag_raw', BigInt(i) * 10_000_000n, [20 * Math.cos(i / 100), 20 * Math.sin(i / 100), -40]);
 * }
 * await writer.close(); // one hour at 100 Hz, written chunk by chunk
 * ```
 */
export class RecordingStreamWriter {
  readonly #sink: AtomicFileSink;
  readonly #writer: JsonMcapWriter;
  readonly #schemaId: number;
  readonly #python: boolean;
  readonly #channels = new Map<string, { id: number; prefix: Uint8Array; width: number }>();
  #metadata: RecordingMetadata | undefined;
  #closed = false;

  private constructor(
    sink: AtomicFileSink,
    writer: JsonMcapWriter,
    metadata: RecordingMetadata | undefined,
    python: boolean,
  ) {
    this.#python = python;
    this.#sink = sink;
    this.#writer = writer;
    this.#metadata = metadata;
    this.#schemaId = writer.registerSchema({ name: SENSOR_EVENT_SCHEMA_NAME, data: SENSOR_EVENT_SCHEMA_DATA });
  }

  /**
   * Opens a temporary file beside `path` and writes the MCAP header. Missing folders above
   * `path` are created first.
   *
   * @param path - The final file; written only by {@link RecordingStreamWriter.close}.
   * @param options - Compression, chunk size, metadata, topic order.
   * @throws InvalidArgumentError naming `path` when its folder cannot be created (e.g. a path
   *   component is a file).
   */
  static async open(
    path: string,
    {
      compression = 'zstd',
      chunkSizeBytes = 1024 * 1024,
      library = '@tsc/mcap-utils',
      metadata,
      topics = [],
      bodyStyle = 'compact',
    }: RecordingStreamWriterOptions = {},
  ): Promise<RecordingStreamWriter> {
    const sink = await AtomicFileSink.open(path);
    try {
      const writer = await JsonMcapWriter.create(sink, { compression, chunkSizeBytes, library, crc32: nativeCrc32 });
      const stream = new RecordingStreamWriter(sink, writer, metadata, bodyStyle === 'python');
      for (const topic of topics) stream.#channel(topic);
      return stream;
    } catch (error) {
      await sink.abort();
      throw error;
    }
  }

  #channel(topic: string): { id: number; prefix: Uint8Array; width: number } {
    let channel = this.#channels.get(topic);
    if (channel === undefined) {
      channel = {
        id: this.#writer.registerChannel({ topic, schemaId: this.#schemaId }),
        prefix: this.#python
          ? textEncoder.encode(`{"id": ${JSON.stringify(topic)}, "timestamp": `)
          : sensorEventPrefixBytes(topic),
        width: -1,
      };
      this.#channels.set(topic, channel);
    }
    return channel;
  }

  /** Samples written so far. */
  get sampleCount(): number {
    return this.#writer.messageCount;
  }

  /**
   * Adds one sample.
   *
   * @param topic - Topic name (registered on first use).
   * @param timestampNs - Sample time (ns): log time, publish time and the body's `timestamp`.
   * @param values - The sample's values; every sample of a topic must have the same count.
   * @throws ValueWidthError when the count differs from the topic's first sample; InvalidArgumentError naming the
   *   topic and the sample when `timestampNs` is outside [0, 2⁶⁴) ns (it would wrap).
   */
  addSample(topic: string, timestampNs: bigint, values: ArrayLike<number>): void {
    if (this.#closed) throw new InvalidArgumentError('RecordingStreamWriter', 'an open writer', 'closed');
    if (!isLogTime(timestampNs)) {
      throw logTimeRangeError(`${topic} message ${this.sampleCount}`, timestampNs, this.#sink.path);
    }
    const channel = this.#channel(topic);
    if (channel.width < 0) channel.width = values.length;
    else if (values.length !== channel.width)
      throw new ValueWidthError(this.#sink.path, topic, timestampNs, channel.width, values.length);
    const [high, low] = bigintToWords(timestampNs);
    (this.#python ? writeSensorEventMessagePython : writeSensorEventMessage)(
      this.#writer,
      channel.id,
      high,
      low,
      channel.prefix,
      values,
      0,
      values.length,
    );
  }

  /** Replaces the metadata written at {@link RecordingStreamWriter.close}. */
  setMetadata(metadata: RecordingMetadata): void {
    this.#metadata = metadata;
  }

  /** Writes the last chunk, metadata, summary and footer, syncs, and renames the file into place. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#metadata !== undefined) {
        this.#writer.flushChunk();
        for (const [name, entries] of metadataToRecords(this.#metadata)) this.#writer.addMetadata(name, entries);
      }
      this.#writer.finish();
    } catch (error) {
      await this.#sink.abort();
      throw error;
    }
    await this.#sink.commit();
  }

  /** Stops writing and deletes the temporary file; `path` is left untouched. */
  async abort(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#sink.abort();
  }
}
