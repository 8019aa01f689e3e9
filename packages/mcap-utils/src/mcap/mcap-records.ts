import { McapFormatError, McapTruncatedError } from '../errors.js';
import { FOOTER_RECORD_BYTES, MCAP_MAGIC, Opcode } from './constants.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A schema record. */
export interface McapSchema {
  /** Schema id. */
  readonly id: number;
  /** Schema name. */
  readonly name: string;
  /** Schema encoding, e.g. `jsonschema`. */
  readonly encoding: string;
  /** Schema data. */
  readonly data: Uint8Array;
}

/** A channel record. */
export interface McapChannel {
  /** Channel id. */
  readonly id: number;
  /** Schema id (0 = none). */
  readonly schemaId: number;
  /** Topic name. */
  readonly topic: string;
  /** Message encoding, e.g. `json`. */
  readonly messageEncoding: string;
  /** Channel metadata. */
  readonly metadata: ReadonlyMap<string, string>;
}

/** A chunk index record (summary). */
export interface McapChunkIndex {
  /** Earliest message log time in the chunk (ns). */
  readonly messageStartTime: bigint;
  /** Latest message log time in the chunk (ns). */
  readonly messageEndTime: bigint;
  /** File offset of the chunk record. */
  readonly chunkStartOffset: number;
  /** Length of the chunk record (bytes). */
  readonly chunkLength: number;
  /** File offset of each channel's message index record. */
  readonly messageIndexOffsets: ReadonlyMap<number, number>;
  /** Total length of the message index records (bytes). */
  readonly messageIndexLength: number;
  /** Compression name (`''` = none). */
  readonly compression: string;
  /** Compressed size (bytes). */
  readonly compressedSize: number;
  /** Uncompressed size (bytes). */
  readonly uncompressedSize: number;
}

/** A statistics record (summary). */
export interface McapStatistics {
  /** Number of messages. */
  readonly messageCount: bigint;
  /** Number of schemas. */
  readonly schemaCount: number;
  /** Number of channels. */
  readonly channelCount: number;
  /** Number of attachments. */
  readonly attachmentCount: number;
  /** Number of metadata records. */
  readonly metadataCount: number;
  /** Number of chunks. */
  readonly chunkCount: number;
  /** Earliest message log time (ns). */
  readonly messageStartTime: bigint;
  /** Latest message log time (ns). */
  readonly messageEndTime: bigint;
  /** Messages per channel id. */
  readonly channelMessageCounts: ReadonlyMap<number, bigint>;
}

/** A metadata index record (summary). */
export interface McapMetadataIndex {
  /** File offset of the metadata record. */
  readonly offset: number;
  /** Length of the metadata record. */
  readonly length: number;
  /** Metadata name. */
  readonly name: string;
}

/** An attachment record. */
export interface McapAttachment {
  /** Log time (ns). */
  readonly logTime: bigint;
  /** Creation time (ns). */
  readonly createTime: bigint;
  /** File name. */
  readonly name: string;
  /** Media type, e.g. `application/octet-stream`. */
  readonly mediaType: string;
  /** The attached bytes (a view into the record bytes). */
  readonly data: Uint8Array;
  /** CRC-32 of every field before it (0 = not computed). */
  readonly crc: number;
  /** Length of the record body up to the CRC field (bytes): the span the CRC covers. */
  readonly crcCoveredBytes: number;
}

/** An attachment index record (summary). */
export interface McapAttachmentIndex {
  /** File offset of the attachment record. */
  readonly offset: number;
  /** Length of the attachment record (bytes). */
  readonly length: number;
  /** Attachment name. */
  readonly name: string;
}

/** A chunk record's header fields and its (still compressed) records. */
export interface McapChunk {
  /** Earliest message log time (ns). */
  readonly messageStartTime: bigint;
  /** Latest message log time (ns). */
  readonly messageEndTime: bigint;
  /** Uncompressed size (bytes). */
  readonly uncompressedSize: number;
  /** CRC-32 of the uncompressed records (0 = not computed). */
  readonly uncompressedCrc: number;
  /** Compression name. */
  readonly compression: string;
  /** The compressed records (a view into the file bytes). */
  readonly records: Uint8Array;
}

/**
 * Reads MCAP fields from a byte array, little-endian, checking every length against the end of
 * the record. Errors carry the file name and the absolute offset.
 * @internal
 */
export class RecordCursor {
  readonly view: DataView;
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
    readonly file: string,
    readonly record: string,
    /** Added to offsets in error messages (the position of `bytes` in the file). */
    readonly base = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = start;
  }

  #need(bytes: number, what: string): void {
    if (this.offset + bytes > this.end) {
      throw new McapFormatError(
        this.file,
        this.base + this.offset,
        this.record,
        `${bytes} bytes for ${what}`,
        `${this.end - this.offset} bytes left in the record`,
      );
    }
  }

  uint8(what: string): number {
    this.#need(1, what);
    return this.bytes[this.offset++]!;
  }

  uint16(what: string): number {
    this.#need(2, what);
    const value = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return value;
  }

  uint32(what: string): number {
    this.#need(4, what);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  uint64(what: string): bigint {
    this.#need(8, what);
    const value = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return value;
  }

  /** A u64 that must fit a safe integer (offsets, lengths). */
  uint64Number(what: string): number {
    this.#need(8, what);
    const low = this.view.getUint32(this.offset, true);
    const high = this.view.getUint32(this.offset + 4, true);
    if (high > 0x1fffff) {
      throw new McapFormatError(
        this.file,
        this.base + this.offset,
        this.record,
        `${what} below 2^53`,
        `${(BigInt(high) << 32n) | BigInt(low)}`,
      );
    }
    this.offset += 8;
    return high * 0x100000000 + low;
  }

  bytesBorrow(length: number, what: string): Uint8Array {
    this.#need(length, what);
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  string(what: string): string {
    const length = this.uint32(`${what} length`);
    return utf8.decode(this.bytesBorrow(length, what));
  }

  prefixedBytes(what: string): Uint8Array {
    const length = this.uint32(`${what} length`);
    return this.bytesBorrow(length, what);
  }

  stringMap(what: string): Map<string, string> {
    const length = this.uint32(`${what} length`);
    this.#need(length, what);
    const end = this.offset + length;
    const map = new Map<string, string>();
    const inner = new RecordCursor(this.bytes, this.offset, end, this.file, this.record, this.base);
    while (inner.offset < end) map.set(inner.string(`${what} key`), inner.string(`${what} value`));
    this.offset = end;
    return map;
  }
}

/** Checks the 8 magic bytes at `offset` of `bytes`, which start at byte `base` of the file (named in errors). */
export function checkMagic(bytes: Uint8Array, offset: number, file: string, where: string, base = 0): void {
  if (bytes.length < offset + MCAP_MAGIC.length) {
    throw new McapTruncatedError(file, base + offset, MCAP_MAGIC.length, Math.max(0, bytes.length - offset), where);
  }
  for (let i = 0; i < MCAP_MAGIC.length; i++) {
    if (bytes[offset + i] !== MCAP_MAGIC[i]) {
      throw new McapFormatError(
        file,
        base + offset,
        where,
        where === 'trailing magic'
          ? 'the trailing MCAP magic 89 4d 43 41 50 30 0d 0a (is the file truncated or still being written?)'
          : 'the MCAP magic 89 4d 43 41 50 30 0d 0a',
        Array.from(bytes.subarray(offset, offset + 8), (b) => b.toString(16).padStart(2, '0')).join(' '),
      );
    }
  }
}

/** One record located in a byte array. */
export interface RecordLocation {
  /** Opcode. */
  readonly opcode: number;
  /** Offset of the record (its opcode byte). */
  readonly start: number;
  /** Offset of the record body. */
  readonly bodyStart: number;
  /** Offset just past the record. */
  readonly end: number;
}

/**
 * Locates the record at `offset`, or returns `undefined` if the bytes end before the record does
 * (for streaming reads of truncated files).
 */
export function locateRecord(
  bytes: Uint8Array,
  offset: number,
  limit: number,
  file: string,
  base = 0,
): RecordLocation | undefined {
  if (offset + 9 > limit) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const opcode = bytes[offset]!;
  const low = view.getUint32(offset + 1, true);
  const high = view.getUint32(offset + 5, true);
  const length = high * 0x100000000 + low;
  if (high > 0x1fffff) {
    throw new McapFormatError(
      file,
      base + offset,
      `record 0x${opcode.toString(16)}`,
      'a record length below 2^53',
      `${(BigInt(high) << 32n) | BigInt(low)}`,
    );
  }
  const end = offset + 9 + length;
  if (end > limit) return undefined;
  return { opcode, start: offset, bodyStart: offset + 9, end };
}

/** Parses a Schema record body. */
export function parseSchema(c: RecordCursor): McapSchema {
  const id = c.uint16('schema id');
  const name = c.string('schema name');
  const encoding = c.string('schema encoding');
  const data = c.prefixedBytes('schema data');
  return { id, name, encoding, data };
}

/** Parses a Channel record body. */
export function parseChannel(c: RecordCursor): McapChannel {
  const id = c.uint16('channel id');
  const schemaId = c.uint16('schema id');
  const topic = c.string('topic');
  const messageEncoding = c.string('message encoding');
  const metadata = c.stringMap('channel metadata');
  return { id, schemaId, topic, messageEncoding, metadata };
}

/** Parses a Chunk record body (the records stay compressed). */
export function parseChunk(c: RecordCursor): McapChunk {
  const messageStartTime = c.uint64('message start time');
  const messageEndTime = c.uint64('message end time');
  const uncompressedSize = c.uint64Number('uncompressed size');
  const uncompressedCrc = c.uint32('uncompressed crc');
  const compression = c.string('compression');
  const recordsLength = c.uint64Number('records length');
  const records = c.bytesBorrow(recordsLength, 'chunk records');
  return { messageStartTime, messageEndTime, uncompressedSize, uncompressedCrc, compression, records };
}

/** Parses a ChunkIndex record body. */
export function parseChunkIndex(c: RecordCursor): McapChunkIndex {
  const messageStartTime = c.uint64('message start time');
  const messageEndTime = c.uint64('message end time');
  const chunkStartOffset = c.uint64Number('chunk start offset');
  const chunkLength = c.uint64Number('chunk length');
  const mapLength = c.uint32('message index offsets length');
  const mapEnd = c.offset + mapLength;
  const messageIndexOffsets = new Map<number, number>();
  const inner = new RecordCursor(c.bytes, c.offset, Math.min(mapEnd, c.end), c.file, c.record, c.base);
  while (inner.offset < inner.end)
    messageIndexOffsets.set(inner.uint16('channel id'), inner.uint64Number('message index offset'));
  c.offset = mapEnd;
  const messageIndexLength = c.uint64Number('message index length');
  const compression = c.string('compression');
  const compressedSize = c.uint64Number('compressed size');
  const uncompressedSize = c.uint64Number('uncompressed size');
  return {
    messageStartTime,
    messageEndTime,
    chunkStartOffset,
    chunkLength,
    messageIndexOffsets,
    messageIndexLength,
    compression,
    compressedSize,
    uncompressedSize,
  };
}

/** Parses a Statistics record body. */
export function parseStatistics(c: RecordCursor): McapStatistics {
  const messageCount = c.uint64('message count');
  const schemaCount = c.uint16('schema count');
  const channelCount = c.uint32('channel count');
  const attachmentCount = c.uint32('attachment count');
  const metadataCount = c.uint32('metadata count');
  const chunkCount = c.uint32('chunk count');
  const messageStartTime = c.uint64('message start time');
  const messageEndTime = c.uint64('message end time');
  const mapLength = c.uint32('channel message counts length');
  const mapEnd = c.offset + mapLength;
  const inner = new RecordCursor(c.bytes, c.offset, Math.min(mapEnd, c.end), c.file, c.record, c.base);
  const channelMessageCounts = new Map<number, bigint>();
  while (inner.offset < inner.end) channelMessageCounts.set(inner.uint16('channel id'), inner.uint64('message count'));
  c.offset = mapEnd;
  return {
    messageCount,
    schemaCount,
    channelCount,
    attachmentCount,
    metadataCount,
    chunkCount,
    messageStartTime,
    messageEndTime,
    channelMessageCounts,
  };
}

/** Parses a Metadata record body. */
export function parseMetadata(c: RecordCursor): { name: string; metadata: Map<string, string> } {
  const name = c.string('metadata name');
  const metadata = c.stringMap('metadata');
  return { name, metadata };
}

/** Parses a MetadataIndex record body. */
export function parseMetadataIndex(c: RecordCursor): McapMetadataIndex {
  const offset = c.uint64Number('metadata offset');
  const length = c.uint64Number('metadata length');
  const name = c.string('metadata name');
  return { offset, length, name };
}

/** Parses an Attachment record body. */
export function parseAttachment(c: RecordCursor): McapAttachment {
  const bodyStart = c.offset;
  const logTime = c.uint64('attachment log time');
  const createTime = c.uint64('attachment create time');
  const name = c.string('attachment name');
  const mediaType = c.string('attachment media type');
  const data = c.bytesBorrow(c.uint64Number('attachment data length'), 'attachment data');
  const crcCoveredBytes = c.offset - bodyStart;
  const crc = c.uint32('attachment crc');
  return { logTime, createTime, name, mediaType, data, crc, crcCoveredBytes };
}

/** Parses an AttachmentIndex record body. */
export function parseAttachmentIndex(c: RecordCursor): McapAttachmentIndex {
  const offset = c.uint64Number('attachment offset');
  const length = c.uint64Number('attachment length');
  c.uint64('attachment log time');
  c.uint64('attachment create time');
  c.uint64Number('attachment data size');
  const name = c.string('attachment name');
  return { offset, length, name };
}

/** The footer fields. */
export interface McapFooter {
  /** Offset of the summary section (0 = none). */
  readonly summaryStart: number;
  /** Offset of the summary offset section (0 = none). */
  readonly summaryOffsetStart: number;
  /** CRC-32 of the summary (0 = not computed). */
  readonly summaryCrc: number;
}

/**
 * Parses the footer from the last 37 bytes of a file (footer record + trailing magic);
 * `tailOffset` is where those bytes start in the file.
 */
export function parseFooterTail(tail: Uint8Array, tailOffset: number, file: string): McapFooter {
  checkMagic(tail, FOOTER_RECORD_BYTES, file, 'trailing magic', tailOffset);
  if (tail[0] !== Opcode.Footer) {
    throw new McapFormatError(file, tailOffset, 'Footer', 'opcode 0x02', `0x${tail[0]!.toString(16)}`);
  }
  const c = new RecordCursor(tail, 1, FOOTER_RECORD_BYTES, file, 'Footer', tailOffset);
  const length = c.uint64Number('footer length');
  if (length !== 20) throw new McapFormatError(file, tailOffset, 'Footer', 'length 20', length);
  const summaryStart = c.uint64Number('summary start');
  const summaryOffsetStart = c.uint64Number('summary offset start');
  const summaryCrc = c.uint32('summary crc');
  return { summaryStart, summaryOffsetStart, summaryCrc };
}
