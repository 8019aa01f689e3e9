import { ByteWriter } from './byte-writer.js';
import { type ChunkCompression, type CompressChunk, loadCompressor } from './compression.js';
import { MCAP_MAGIC, Opcode } from './constants.js';
import { type Crc32Function, crc32 } from './crc32.js';
import { bigintToWords, isLogTime, logTimeRangeError, wordsLess } from './time-words.js';

/** Where a {@link JsonMcapWriter} puts its bytes, in order. `write` must copy or keep the bytes it gets. */
export interface ByteSink {
  /** Appends bytes to the output. The writer never reuses a buffer it has passed here. */
  write(bytes: Uint8Array): void;
}

/** A {@link ByteSink} that keeps everything in memory. */
export class MemorySink implements ByteSink {
  readonly #parts: Uint8Array[] = [];
  #length = 0;

  /** Appends bytes. */
  write(bytes: Uint8Array): void {
    this.#parts.push(bytes);
    this.#length += bytes.length;
  }

  /** Everything written so far, as one array. */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const part of this.#parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

/** Options of {@link JsonMcapWriter.create}. */
export interface JsonMcapWriterOptions {
  /** Chunk compression. Defaults to `'zstd'` in Node and `'lz4'` in browsers (no zstd compressor is bundled there). */
  compression?: ChunkCompression;
  /** Target uncompressed chunk size (bytes); a chunk is closed once it reaches it. Defaults to 1 MiB (as the reference). */
  chunkSizeBytes?: number;
  /** The header's `library` field. Defaults to `'@tsc/mcap-utils'`. */
  library?: string;
  /** The header's `profile` field. Defaults to `''` (as the reference). */
  profile?: string;
  /** CRC-32 implementation for chunk, data and summary CRCs. Defaults to the package's JS one; the `./node` writers pass Node's native `zlib.crc32`. */
  crc32?: Crc32Function;
  /** zstd compression level. Defaults to 1 (faster than 3 and as small on sensor JSON). */
  zstdLevel?: number;
}

/** A schema to register with {@link JsonMcapWriter.registerSchema}. */
export interface SchemaDefinition {
  /** Schema name, e.g. `sensor_event`. */
  name: string;
  /** Schema encoding. Defaults to `'jsonschema'`. */
  encoding?: string;
  /** Schema text (the JSON schema), written as UTF-8. */
  data: string;
}

/** A channel to register with {@link JsonMcapWriter.registerChannel}. */
export interface ChannelDefinition {
  /** Topic name. */
  topic: string;
  /** Id returned by {@link JsonMcapWriter.registerSchema}. */
  schemaId: number;
  /** Message encoding. Defaults to `'json'`. */
  messageEncoding?: string;
  /** Channel metadata. Defaults to none. */
  metadata?: Readonly<Record<string, string>>;
}

/** One channel's message index inside the open chunk (reused across chunks). */
class ChannelIndex {
  high = new Uint32Array(256);
  low = new Uint32Array(256);
  offsets = new Float64Array(256);
  count = 0;

  push(high: number, low: number, offset: number): void {
    if (this.count === this.high.length) {
      const grow = <T extends Uint32Array | Float64Array>(from: T, to: T): T => {
        to.set(from);
        return to;
      };
      this.high = grow(this.high, new Uint32Array(this.count * 2));
      this.low = grow(this.low, new Uint32Array(this.count * 2));
      this.offsets = grow(this.offsets, new Float64Array(this.count * 2));
    }
    this.high[this.count] = high;
    this.low[this.count] = low;
    this.offsets[this.count++] = offset;
  }
}

interface ChunkIndexEntry {
  startHigh: number;
  startLow: number;
  endHigh: number;
  endLow: number;
  chunkStartOffset: number;
  chunkLength: number;
  messageIndexOffsets: [number, number][];
  messageIndexLength: number;
  compressedSize: number;
  uncompressedSize: number;
}

const textEncoder = new TextEncoder();

/**
 * The one MCAP writer of the package: registers schemas and channels and writes JSON messages into
 * chunks (zstd, lz4 or none), with message indexes, and on {@link JsonMcapWriter.finish} a summary
 * (schemas, channels, statistics, metadata and chunk indexes, summary offsets) and the footer.
 * Recording, classification and spectrogram files are all written through it. Memory stays bounded
 * by one chunk: finished chunks go straight to the {@link ByteSink}.
 *
 * @example
 * ```ts
 * import { JsonMcapWriter, MemorySink } from '@tsc/mcap-utils';
 *
 * const sink = new MemorySink();
 * const writer = await JsonMcapWriter.create(sink, { compression: 'zstd' });
 * const schemaId = writer.registerSchema({ name: 'sensor_event', data: '{"type":"object"}' });
 * const channelId = writer.registerChannel({ topic: 'mag_raw', schemaId });
 * writer.addMessage(channelId, 0n, '{"id":"mag_raw","timestamp":0,"values":[1,2,3]}');
 * writer.finish();
 * const bytes = sink.toBytes(); // a complete, indexed MCAP file
 * ```
 */
export class JsonMcapWriter {
  readonly #sink: ByteSink;
  readonly #compress: CompressChunk | undefined;
  readonly #compressionName: string;
  readonly #chunkSizeBytes: number;
  #position = 0;
  #dataCrc = 0;
  readonly #crc32: Crc32Function;
  readonly #chunk = new ByteWriter(1 << 16);
  #chunkStartHigh = 0;
  #chunkStartLow = 0;
  #chunkEndHigh = 0;
  #chunkEndLow = 0;
  #chunkMessages = 0;
  readonly #chunkChannels = new Map<number, ChannelIndex>();
  readonly #schemas: { id: number; name: string; encoding: string; data: Uint8Array }[] = [];
  readonly #channels: ChannelDefinition[] = [];
  readonly #channelCounts: number[] = [];
  #messageOffset = 0;
  readonly #chunkIndexes: ChunkIndexEntry[] = [];
  readonly #metadataIndexes: { offset: number; length: number; name: string }[] = [];
  #messageCount = 0;
  #hasMessages = false;
  #messageStartHigh = 0;
  #messageStartLow = 0;
  #messageEndHigh = 0;
  #messageEndLow = 0;
  #finished = false;

  private constructor(
    sink: ByteSink,
    compressor: { name: string; compress: CompressChunk } | undefined,
    chunkSizeBytes: number,
    crc: Crc32Function,
  ) {
    this.#crc32 = crc;
    this.#sink = sink;
    this.#compress = compressor?.compress;
    this.#compressionName = compressor?.name ?? '';
    this.#chunkSizeBytes = chunkSizeBytes;
  }

  /**
   * Opens a writer and writes the magic and header.
   *
   * @param sink - Where the bytes go.
   * @param options - Compression, chunk size, header fields.
   */
  static async create(
    sink: ByteSink,
    {
      compression,
      chunkSizeBytes = 1024 * 1024,
      library = '@tsc/mcap-utils',
      profile = '',
      zstdLevel = 1,
      crc32: crc = crc32,
    }: JsonMcapWriterOptions = {},
  ): Promise<JsonMcapWriter> {
    const compressor = await loadCompressor(compression, zstdLevel);
    const writer = new JsonMcapWriter(sink, compressor, Math.max(1, chunkSizeBytes), crc);
    const header = new ByteWriter(64);
    header.raw(MCAP_MAGIC);
    const at = header.beginRecord(Opcode.Header);
    header.string(profile);
    header.string(library);
    header.endRecord(at);
    writer.#emit(header.toBytes());
    return writer;
  }

  /** Bytes written to the sink so far. */
  get bytesWritten(): number {
    return this.#position;
  }

  /** Messages added so far. */
  get messageCount(): number {
    return this.#messageCount;
  }

  #emit(bytes: Uint8Array): void {
    this.#dataCrc = this.#crc32(bytes, this.#dataCrc);
    this.#position += bytes.length;
    this.#sink.write(bytes);
  }

  #checkOpen(): void {
    if (this.#finished) throw new Error('JsonMcapWriter: already finished');
  }

  /** The next message on `channelId`, for errors: `<topic> message <index in the file>`. */
  #describeMessage(channelId: number): string {
    const topic = this.#channels[channelId - 1]?.topic ?? `channel ${channelId}`;
    return `${topic} message ${this.#messageCount}`;
  }

  /** Registers a schema (written at once to the data section); returns its id (1, 2, …). */
  registerSchema({ name, encoding = 'jsonschema', data }: SchemaDefinition): number {
    this.#checkOpen();
    const id = this.#schemas.length + 1;
    const schema = { id, name, encoding, data: textEncoder.encode(data) };
    this.#schemas.push(schema);
    const out = new ByteWriter(64 + schema.data.length);
    writeSchema(out, schema);
    this.#emit(out.toBytes());
    return id;
  }

  /** Registers a channel (written at once to the data section); returns its id (1, 2, …). */
  registerChannel(channel: ChannelDefinition): number {
    this.#checkOpen();
    const id = this.#channels.length + 1;
    this.#channels.push(channel);
    const out = new ByteWriter(128);
    writeChannel(out, id, channel);
    this.#emit(out.toBytes());
    return id;
  }

  /**
   * Adds one message to the current chunk.
   *
   * @param channelId - Id from {@link JsonMcapWriter.registerChannel}.
   * @param logTimeNs - Log time (ns); also the publish time unless `publishTimeNs` is given.
   * @param data - The body: a string (written as UTF-8) or bytes.
   * @param publishTimeNs - Publish time (ns). Defaults to `logTimeNs`.
   * @throws InvalidArgumentError naming the channel's topic and the message when a time is outside [0, 2⁶⁴) ns.
   */
  addMessage(channelId: number, logTimeNs: bigint, data: string | Uint8Array, publishTimeNs: bigint = logTimeNs): void {
    const chunk = this.beginMessage(channelId, logTimeNs, publishTimeNs);
    if (typeof data === 'string') chunk.text(data);
    else chunk.raw(data);
    this.endMessage();
  }

  /**
   * Starts a message whose body the caller writes straight into the returned buffer (no
   * intermediate string), then closes with {@link JsonMcapWriter.endMessage}. The fast path of
   * the recording writer.
   * @internal
   */
  beginMessage(channelId: number, logTimeNs: bigint, publishTimeNs: bigint = logTimeNs): ByteWriter {
    if (!isLogTime(logTimeNs)) throw logTimeRangeError(`${this.#describeMessage(channelId)} log time`, logTimeNs);
    if (!isLogTime(publishTimeNs)) {
      throw logTimeRangeError(`${this.#describeMessage(channelId)} publish time`, publishTimeNs);
    }
    const [high, low] = bigintToWords(logTimeNs);
    const chunk = this.beginMessageWords(channelId, high, low);
    if (publishTimeNs !== logTimeNs) {
      const [publishHigh, publishLow] = bigintToWords(publishTimeNs);
      chunk.view.setUint32(this.#messageOffset + 23, publishLow, true);
      chunk.view.setUint32(this.#messageOffset + 27, publishHigh, true);
    }
    return chunk;
  }

  /**
   * {@link JsonMcapWriter.beginMessage} with the log time (= publish time) as two 32-bit words
   * (unsigned 64-bit high and low), so no BigInt is created.
   * @internal
   */
  beginMessageWords(channelId: number, high: number, low: number): ByteWriter {
    this.#checkOpen();
    const chunk = this.#chunk;
    const offset = chunk.length;
    chunk.ensure(31);
    const view = chunk.view;
    chunk.bytes[offset] = Opcode.Message;
    view.setUint16(offset + 9, channelId, true);
    view.setUint32(offset + 11, 0, true);
    view.setUint32(offset + 15, low, true);
    view.setUint32(offset + 19, high, true);
    view.setUint32(offset + 23, low, true);
    view.setUint32(offset + 27, high, true);
    chunk.length = offset + 31;
    this.#messageOffset = offset;

    let index = this.#chunkChannels.get(channelId);
    if (index === undefined) {
      index = new ChannelIndex();
      this.#chunkChannels.set(channelId, index);
    }
    index.push(high, low, offset);
    if (this.#chunkMessages === 0 || wordsLess(high, low, this.#chunkStartHigh, this.#chunkStartLow)) {
      this.#chunkStartHigh = high;
      this.#chunkStartLow = low;
    }
    if (this.#chunkMessages === 0 || wordsLess(this.#chunkEndHigh, this.#chunkEndLow, high, low)) {
      this.#chunkEndHigh = high;
      this.#chunkEndLow = low;
    }
    this.#chunkMessages++;
    this.#messageCount++;
    this.#channelCounts[channelId] = (this.#channelCounts[channelId] ?? 0) + 1;
    return chunk;
  }

  /** Finishes the message begun by {@link JsonMcapWriter.beginMessage}. @internal */
  endMessage(): void {
    const chunk = this.#chunk;
    chunk.patchUint64(this.#messageOffset + 1, chunk.length - this.#messageOffset - 9);
    if (chunk.length >= this.#chunkSizeBytes) this.flushChunk();
  }

  /** Writes a Metadata record (name + string map) to the data section; it is indexed in the summary. */
  addMetadata(name: string, entries: Readonly<Record<string, string>>): void {
    this.#checkOpen();
    const out = new ByteWriter(256);
    const at = out.beginRecord(Opcode.Metadata);
    out.string(name);
    out.stringMap(entries);
    out.endRecord(at);
    this.#metadataIndexes.push({ offset: this.#position, length: out.length, name });
    this.#emit(out.toBytes());
  }

  /** Closes the current chunk (if it holds messages) and writes it with its message indexes. */
  flushChunk(): void {
    if (this.#chunkMessages === 0) return;
    const records = this.#chunk.bytes.subarray(0, this.#chunk.length);
    const uncompressedCrc = this.#crc32(records);
    const compressed = this.#compress ? this.#compress(records) : records;
    const out = new ByteWriter(compressed.length + 128 + this.#chunkMessages * 16 + this.#chunkChannels.size * 16);
    const chunkStartOffset = this.#position;
    const at = out.beginRecord(Opcode.Chunk);
    out.uint64Words(this.#chunkStartHigh, this.#chunkStartLow);
    out.uint64Words(this.#chunkEndHigh, this.#chunkEndLow);
    out.uint64Number(records.length);
    out.uint32(uncompressedCrc);
    out.string(this.#compressionName);
    out.uint64Number(compressed.length);
    out.raw(compressed);
    out.endRecord(at);
    const chunkLength = out.length;
    const messageIndexOffsets: [number, number][] = [];
    const channelIds = [...this.#chunkChannels.keys()].sort((a, b) => a - b);
    for (const channelId of channelIds) {
      const index = this.#chunkChannels.get(channelId)!;
      if (index.count === 0) continue;
      messageIndexOffsets.push([channelId, chunkStartOffset + out.length]);
      const indexAt = out.beginRecord(Opcode.MessageIndex);
      out.uint16(channelId);
      out.uint32(index.count * 16);
      out.ensure(index.count * 16);
      for (let i = 0; i < index.count; i++) {
        out.view.setUint32(out.length, index.low[i]!, true);
        out.view.setUint32(out.length + 4, index.high[i]!, true);
        out.patchUint64(out.length + 8, index.offsets[i]!);
        out.length += 16;
      }
      out.endRecord(indexAt);
    }
    this.#chunkIndexes.push({
      startHigh: this.#chunkStartHigh,
      startLow: this.#chunkStartLow,
      endHigh: this.#chunkEndHigh,
      endLow: this.#chunkEndLow,
      chunkStartOffset,
      chunkLength,
      messageIndexOffsets,
      messageIndexLength: out.length - chunkLength,
      compressedSize: compressed.length,
      uncompressedSize: records.length,
    });
    if (
      !this.#hasMessages ||
      wordsLess(this.#chunkStartHigh, this.#chunkStartLow, this.#messageStartHigh, this.#messageStartLow)
    ) {
      this.#messageStartHigh = this.#chunkStartHigh;
      this.#messageStartLow = this.#chunkStartLow;
    }
    if (
      !this.#hasMessages ||
      wordsLess(this.#messageEndHigh, this.#messageEndLow, this.#chunkEndHigh, this.#chunkEndLow)
    ) {
      this.#messageEndHigh = this.#chunkEndHigh;
      this.#messageEndLow = this.#chunkEndLow;
    }
    this.#hasMessages = true;
    this.#emit(out.bytes.subarray(0, out.length));
    this.#chunk.reset();
    for (const index of this.#chunkChannels.values()) index.count = 0;
    this.#chunkMessages = 0;
  }

  /** Writes the last chunk, the data end, the summary and the footer. The writer cannot be used afterwards. */
  finish(): void {
    this.#checkOpen();
    this.flushChunk();
    this.#finished = true;
    const dataEnd = new ByteWriter(16);
    const dataEndAt = dataEnd.beginRecord(Opcode.DataEnd);
    dataEnd.uint32(this.#dataCrc);
    dataEnd.endRecord(dataEndAt);
    this.#emit(dataEnd.toBytes());

    const summaryStart = this.#position;
    const out = new ByteWriter(4096);
    const groups: { opcode: Opcode; start: number; length: number }[] = [];
    const group = (opcode: Opcode, write: () => void): void => {
      const start = out.length;
      write();
      if (out.length > start) groups.push({ opcode, start: summaryStart + start, length: out.length - start });
    };
    // the summary in the order the MCAP specification writes it
    group(Opcode.Schema, () => {
      for (const schema of this.#schemas) writeSchema(out, schema);
    });
    group(Opcode.Channel, () => {
      this.#channels.forEach((channel, i) => {
        writeChannel(out, i + 1, channel);
      });
    });
    group(Opcode.Statistics, () => this.#writeStatistics(out));
    group(Opcode.MetadataIndex, () => {
      for (const index of this.#metadataIndexes) {
        const at = out.beginRecord(Opcode.MetadataIndex);
        out.uint64Number(index.offset);
        out.uint64Number(index.length);
        out.string(index.name);
        out.endRecord(at);
      }
    });
    group(Opcode.ChunkIndex, () => this.#writeChunkIndexes(out));
    const summaryOffsetStart = summaryStart + out.length;
    for (const { opcode, start, length } of groups) {
      const at = out.beginRecord(Opcode.SummaryOffset);
      out.uint8(opcode);
      out.uint64Number(start);
      out.uint64Number(length);
      out.endRecord(at);
    }
    out.uint8(Opcode.Footer);
    out.uint64Number(20);
    out.uint64Number(summaryStart);
    out.uint64Number(summaryOffsetStart);
    out.uint32(this.#crc32(out.bytes.subarray(0, out.length)));
    out.raw(MCAP_MAGIC);
    this.#emit(out.toBytes());
  }

  /** The Statistics record: counts, the message time range and the messages per channel. */
  #writeStatistics(out: ByteWriter): void {
    const at = out.beginRecord(Opcode.Statistics);
    out.uint64Number(this.#messageCount);
    out.uint16(this.#schemas.length);
    out.uint32(this.#channels.length);
    out.uint32(0);
    out.uint32(this.#metadataIndexes.length);
    out.uint32(this.#chunkIndexes.length);
    out.uint64Words(this.#messageStartHigh, this.#messageStartLow);
    out.uint64Words(this.#messageEndHigh, this.#messageEndLow);
    const countsAt = out.length;
    out.uint32(0);
    this.#channelCounts.forEach((count, channelId) => {
      out.uint16(channelId);
      out.uint64Number(count);
    });
    out.view.setUint32(countsAt, out.length - countsAt - 4, true);
    out.endRecord(at);
  }

  /** One ChunkIndex record per chunk written. */
  #writeChunkIndexes(out: ByteWriter): void {
    for (const index of this.#chunkIndexes) {
      const at = out.beginRecord(Opcode.ChunkIndex);
      out.uint64Words(index.startHigh, index.startLow);
      out.uint64Words(index.endHigh, index.endLow);
      out.uint64Number(index.chunkStartOffset);
      out.uint64Number(index.chunkLength);
      out.uint32(index.messageIndexOffsets.length * 10);
      for (const [channelId, offset] of index.messageIndexOffsets) {
        out.uint16(channelId);
        out.uint64Number(offset);
      }
      out.uint64Number(index.messageIndexLength);
      out.string(this.#compressionName);
      out.uint64Number(index.compressedSize);
      out.uint64Number(index.uncompressedSize);
      out.endRecord(at);
    }
  }
}

function writeSchema(out: ByteWriter, schema: { id: number; name: string; encoding: string; data: Uint8Array }): void {
  const at = out.beginRecord(Opcode.Schema);
  out.uint16(schema.id);
  out.string(schema.name);
  out.string(schema.encoding);
  out.prefixedBytes(schema.data);
  out.endRecord(at);
}

function writeChannel(out: ByteWriter, id: number, channel: ChannelDefinition): void {
  const at = out.beginRecord(Opcode.Channel);
  out.uint16(id);
  out.uint16(channel.schemaId);
  out.string(channel.topic);
  out.string(channel.messageEncoding ?? 'json');
  out.stringMap(channel.metadata ?? {});
  out.endRecord(at);
}
