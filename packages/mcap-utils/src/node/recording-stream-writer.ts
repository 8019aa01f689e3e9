import { InvalidArgumentError, ValueWidthError } from '../errors.js';
import type { RecordingMetadata, TopicSeries } from '../imu-recording.js';
import type { ChunkCompression } from '../mcap/compression.js';
import type { Crc32Function } from '../mcap/crc32.js';
import { JsonMcapWriter } from '../mcap/json-mcap-writer.js';
import { bigintToWords, isLogTime, logTimeRangeError } from '../mcap/time-words.js';
import {
  type BodyStyle,
  REFERENCE_SAMPLE_ORDER,
  type RecordingChannel,
  registerRecordingChannel,
  registerSensorEventSchema,
  validateSeries,
  writeRecordingBlock,
  writeSensorEventMessage,
  writeSensorEventMessagePython,
} from '../recording-encoder.js';
import { metadataToRecords } from '../recording-metadata.js';
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
  /**
   * Metadata to store (units, calibration, sample rate, extra), written at once, before any message, where
   * `writeRecordingFile` puts it. Defaults to none; metadata known only at the end goes through
   * {@link RecordingStreamWriter.setMetadata} instead.
   */
  metadata?: RecordingMetadata;
  /** Topics to register up front, in this order (others are registered on first sample). Defaults to none. */
  topics?: readonly string[];
  /** Body text style (see `RecordingWriteOptions.bodyStyle`). Defaults to `'compact'`. */
  bodyStyle?: BodyStyle;
  /**
   * Order of the topics of a block ({@link RecordingStreamWriter.addBlock}) whose samples share a timestamp (see
   * `RecordingWriteOptions.sampleOrder`). Defaults to `REFERENCE_SAMPLE_ORDER`.
   */
  sampleOrder?: readonly string[];
  /** CRC-32 implementation. Defaults to Node's native `zlib.crc32` (where available). */
  crc32?: Crc32Function;
}

/** A registered topic: its channel and the value count of its samples (−1 before the first). */
interface StreamChannel extends RecordingChannel {
  width: number;
}

/**
 * Writes a long recording sample by sample, or block by block, with bounded memory (one chunk):
 * samples go into the current chunk, which is compressed and written to a temporary file as soon as
 * it is full. `close()` writes the summary and renames the file into place; `abort()` deletes it.
 * Samples should come in time order (they are written in the order given). A recording written as
 * blocks that follow each other in time, with its metadata and topics given to `open`, gives the
 * bytes `writeRecordingFile` writes for the whole recording.
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
  readonly #bodyStyle: BodyStyle;
  readonly #sampleOrder: readonly string[];
  readonly #channels = new Map<string, StreamChannel>();
  /** Metadata to write at close; `undefined` for none (or when it went out at open). */
  #metadata: RecordingMetadata | undefined;
  readonly #metadataWritten: boolean;
  #closed = false;

  private constructor(
    sink: AtomicFileSink,
    writer: JsonMcapWriter,
    {
      bodyStyle,
      sampleOrder,
      metadataWritten,
    }: { bodyStyle: BodyStyle; sampleOrder: readonly string[]; metadataWritten: boolean },
  ) {
    this.#sink = sink;
    this.#writer = writer;
    this.#bodyStyle = bodyStyle;
    this.#sampleOrder = sampleOrder;
    this.#metadataWritten = metadataWritten;
    this.#schemaId = registerSensorEventSchema(writer);
  }

  /**
   * Opens a temporary file beside `path` and writes the MCAP header (and the metadata, when given). Missing
   * folders above `path` are created first.
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
      sampleOrder = REFERENCE_SAMPLE_ORDER,
      crc32 = nativeCrc32,
    }: RecordingStreamWriterOptions = {},
  ): Promise<RecordingStreamWriter> {
    const sink = await AtomicFileSink.open(path);
    try {
      const writer = await JsonMcapWriter.create(sink, { compression, chunkSizeBytes, library, crc32 });
      if (metadata !== undefined) {
        for (const [name, entries] of metadataToRecords(metadata)) writer.addMetadata(name, entries);
      }
      const stream = new RecordingStreamWriter(sink, writer, {
        bodyStyle,
        sampleOrder,
        metadataWritten: metadata !== undefined,
      });
      for (const topic of topics) stream.#channel(topic);
      return stream;
    } catch (error) {
      await sink.abort();
      throw error;
    }
  }

  #channel(topic: string): StreamChannel {
    let channel = this.#channels.get(topic);
    if (channel === undefined) {
      channel = { ...registerRecordingChannel(this.#writer, topic, this.#schemaId, this.#bodyStyle), width: -1 };
      this.#channels.set(topic, channel);
    }
    return channel;
  }

  /** Checks `width` against the topic's earlier samples (the first sets it). */
  #checkWidth(channel: StreamChannel, topic: string, timestampNs: bigint, width: number): void {
    if (channel.width < 0) channel.width = width;
    else if (width !== channel.width)
      throw new ValueWidthError(this.#sink.path, topic, timestampNs, channel.width, width);
  }

  #checkOpen(): void {
    if (this.#closed) throw new InvalidArgumentError('RecordingStreamWriter', 'an open writer', 'closed');
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
    this.#checkOpen();
    if (!isLogTime(timestampNs)) {
      throw logTimeRangeError(`${topic} message ${this.sampleCount}`, timestampNs, this.#sink.path);
    }
    const channel = this.#channel(topic);
    this.#checkWidth(channel, topic, timestampNs, values.length);
    const [high, low] = bigintToWords(timestampNs);
    (this.#bodyStyle === 'python' ? writeSensorEventMessagePython : writeSensorEventMessage)(
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

  /**
   * Adds a block of samples of several topics (e.g. every topic of a recording over one time range), interleaved
   * by time as `writeRecordingFile` interleaves a whole recording: topics that share a timestamp in `sampleOrder`
   * order. Blocks should follow each other in time.
   *
   * @param block - The series of the block (a recording's `topics` map, or a list).
   * @throws InvalidArgumentError naming the topic when a series is inconsistent (values for its timestamps and
   *   width) or has a negative time; ValueWidthError when a topic's width differs from its earlier samples'.
   */
  addBlock(block: ReadonlyMap<string, TopicSeries> | Iterable<TopicSeries>): void {
    this.#checkOpen();
    const series = [...(block instanceof Map ? block.values() : (block as Iterable<TopicSeries>))];
    for (const s of series) validateSeries(s);
    const entries = series.map((s) => {
      const channel = this.#channel(s.topic);
      if (s.timestampsNs.length > 0) this.#checkWidth(channel, s.topic, s.timestampsNs[0]!, s.width);
      return { series: s, channel };
    });
    writeRecordingBlock(this.#writer, entries, this.#sampleOrder, this.#bodyStyle);
  }

  /**
   * Sets the metadata written at {@link RecordingStreamWriter.close} (replacing any set before).
   *
   * @throws InvalidArgumentError when metadata was given to `open` (it is already written).
   */
  setMetadata(metadata: RecordingMetadata): void {
    if (this.#metadataWritten) {
      throw new InvalidArgumentError(
        'setMetadata',
        'a writer opened without metadata',
        `one opened with metadata (written at once, in ${this.#sink.path})`,
      );
    }
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
