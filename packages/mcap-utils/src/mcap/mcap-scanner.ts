import { McapCrcError, McapFormatError, McapTruncatedError, UnsupportedCompressionError } from '../errors.js';
import type { ByteSource } from './byte-source.js';
import { DECOMPRESSION_NAMES, loadDecompressor } from './compression.js';
import { FOOTER_RECORD_BYTES, MCAP_MAGIC, Opcode, opcodeName } from './constants.js';
import { type Crc32Function, crc32 } from './crc32.js';
import {
  checkMagic,
  locateRecord,
  type McapAttachment,
  type McapAttachmentIndex,
  type McapChannel,
  type McapChunkIndex,
  type McapFooter,
  type McapMetadataIndex,
  type McapSchema,
  type McapStatistics,
  parseAttachment,
  parseAttachmentIndex,
  parseChannel,
  parseChunk,
  parseChunkIndex,
  parseFooterTail,
  parseMetadata,
  parseMetadataIndex,
  parseSchema,
  parseStatistics,
  RecordCursor,
} from './mcap-records.js';
import { bigintToWords, wordsLess } from './time-words.js';

// WHATWG maps the label latin1 to windows-1252: still one UTF-16 unit per byte, so offsets match,
// and the JSON the readers parse out of it is ASCII.
const latin1 = new TextDecoder('latin1');

function decodeLatin1(bytes: Uint8Array): string {
  return latin1.decode(bytes);
}

/**
 * A block of message records: a decompressed chunk, or one message outside chunks. `text` is a
 * latin1 view of `bytes` (one character per byte, so offsets match), built on first use.
 * @internal
 */
export class RecordBlock {
  #text: string | undefined;
  constructor(
    readonly bytes: Uint8Array,
    /** Where the block is, for error messages: `chunk at 42` or `offset 1234`. */
    readonly where: string,
  ) {}

  get text(): string {
    this.#text ??= decodeLatin1(this.bytes);
    return this.#text;
  }
}

/** What a scan reports, in file order (indexed scans: chunk order by start time). @internal */
export interface ScanVisitor {
  /** Called for each schema (data section or summary). */
  schema?(schema: McapSchema): void;
  /** Called for each channel. */
  channel?(channel: McapChannel): void;
  /** Called for each metadata record. */
  metadata?(name: string, metadata: Map<string, string>): void;
  /** Called for each attachment record (its CRC checked unless `verifyCrc` is false). */
  attachment?(attachment: McapAttachment): void;
  /**
   * Called for each message: its body is `block.bytes[dataStart, dataEnd)`; `recordOffset` is the
   * record's offset inside the block.
   */
  message(
    channelId: number,
    /** High 32 bits of the u64 log time (see `wordsToBigint`). */
    timeHigh: number,
    /** Low 32 bits of the u64 log time. */
    timeLow: number,
    block: RecordBlock,
    dataStart: number,
    dataEnd: number,
    recordOffset: number,
  ): void;
  /** Whether messages of this channel are wanted (chunks with no wanted channel are skipped). Defaults to all. */
  wantsChannel?(channelId: number): boolean;
  /** Linear scans: called for each chunk record before its messages. */
  chunk?(info: ChunkInfo): void;
  /** Linear scans: called for each message index record. */
  messageIndex?(offset: number, channelId: number, entryCount: number): void;
  /** Linear scans: called with every top-level record's opcode and offset. */
  record?(opcode: number, offset: number, length: number): void;
}

/** A chunk record as found by a linear scan. */
export interface ChunkInfo {
  /** Offset of the chunk record. */
  readonly offset: number;
  /** Length of the whole record (bytes). */
  readonly length: number;
  /** Compression name (`''` = none). */
  readonly compression: string;
  /** Compressed size of the records (bytes). */
  readonly compressedSize: number;
  /** Uncompressed size of the records (bytes). */
  readonly uncompressedSize: number;
  /** The chunk's message start time (ns). */
  readonly messageStartTime: bigint;
  /** The chunk's message end time (ns). */
  readonly messageEndTime: bigint;
}

/** Options of a scan. @internal */
export interface ScanOptions {
  /** Only messages with log time ≥ this (ns). */
  startTimeNs?: bigint | undefined;
  /** Only messages with log time < this (ns). */
  endTimeNs?: bigint | undefined;
  /** Check chunk CRCs (and the data-section CRC in linear scans). Defaults to true. */
  verifyCrc?: boolean;
  /** CRC-32 implementation. Defaults to the package's JS one (the `./node` readers pass `zlib.crc32`). */
  crc32?: Crc32Function;
  /** Called on a CRC mismatch instead of throwing {@link McapCrcError} (the scan goes on). */
  onCrcMismatch?: (error: McapCrcError) => void;
}

/** The summary of an indexed file. @internal */
export interface McapIndex {
  readonly footer: McapFooter;
  readonly schemas: Map<number, McapSchema>;
  readonly channels: Map<number, McapChannel>;
  readonly statistics: McapStatistics | undefined;
  readonly chunkIndexes: McapChunkIndex[];
  readonly metadataIndexes: McapMetadataIndex[];
  readonly attachmentIndexes: McapAttachmentIndex[];
  readonly attachmentCount: number;
}

/** How a linear scan ended. */
export interface ScanEnd {
  /** Set when the bytes end inside a record or before the footer. */
  readonly truncation?: TruncationReport;
  /** Whether a DataEnd record was found. */
  readonly sawDataEnd: boolean;
}

/** Where a streaming read stopped on a truncated file. */
export interface TruncationReport {
  /** Absolute byte offset in the file of the first incomplete record (everything before it was read). */
  readonly offset: number;
  /** Size of the file. */
  readonly fileSize: number;
  /** The kind of record cut short, e.g. `Chunk`, `DataEnd`, `record header`. */
  readonly record: string;
  /** Bytes that record needs from `offset`. */
  readonly neededBytes: number;
  /** What was missing, e.g. `Chunk record needs 228680 bytes, 1000 left`. */
  readonly detail: string;
}

/** A `[start, end)` log-time filter evaluated on 32-bit time words. */
class TimeRange {
  readonly #any: boolean;
  readonly #start: [number, number] | undefined;
  readonly #end: [number, number] | undefined;

  constructor(startTimeNs: bigint | undefined, endTimeNs: bigint | undefined) {
    this.#any = startTimeNs === undefined && endTimeNs === undefined;
    this.#start = startTimeNs === undefined ? undefined : bigintToWords(startTimeNs < 0n ? 0n : startTimeNs);
    this.#end = endTimeNs === undefined ? undefined : bigintToWords(endTimeNs < 0n ? 0n : endTimeNs);
  }

  inside(high: number, low: number): boolean {
    if (this.#any) return true;
    if (this.#start !== undefined && wordsLess(high, low, this.#start[0], this.#start[1])) return false;
    return this.#end === undefined || wordsLess(high, low, this.#end[0], this.#end[1]);
  }
}

async function decompress(
  chunkBytes: Uint8Array,
  chunkOffset: number,
  file: string,
  verifyCrc: boolean,
  onCrcMismatch?: (error: McapCrcError) => void,
  crc: Crc32Function = crc32,
): Promise<{ records: Uint8Array; chunk: ReturnType<typeof parseChunk> }> {
  const chunk = parseChunk(new RecordCursor(chunkBytes, 9, chunkBytes.length, file, 'Chunk', chunkOffset));
  const handler = await loadDecompressor(chunk.compression);
  if (handler === undefined) {
    throw new UnsupportedCompressionError(
      file,
      chunkOffset,
      chunk.compression,
      DECOMPRESSION_NAMES.map((n) => n || 'none'),
    );
  }
  let records: Uint8Array;
  try {
    records = handler(chunk.records, chunk.uncompressedSize);
  } catch (error) {
    throw new McapFormatError(
      file,
      chunkOffset,
      'Chunk',
      `${chunk.compression} data that decompresses`,
      String((error as Error)?.message ?? error),
    );
  }
  if (records.length !== chunk.uncompressedSize) {
    throw new McapFormatError(
      file,
      chunkOffset,
      'Chunk',
      `${chunk.uncompressedSize} uncompressed bytes`,
      records.length,
    );
  }
  if (verifyCrc && chunk.uncompressedCrc !== 0) {
    const found = crc(records);
    if (found !== chunk.uncompressedCrc) {
      const error = new McapCrcError(file, chunkOffset, 'Chunk', chunk.uncompressedCrc, found);
      if (onCrcMismatch === undefined) throw error;
      onCrcMismatch(error);
    }
  }
  return { records, chunk };
}

function visitChunkRecords(
  records: Uint8Array,
  where: string,
  file: string,
  chunkOffset: number,
  visitor: ScanVisitor,
  range: TimeRange,
): void {
  const block = new RecordBlock(records, where);
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const length = records.length;
  let offset = 0;
  while (offset < length) {
    if (offset + 9 > length) {
      throw new McapFormatError(
        file,
        chunkOffset,
        `${where}, record at ${offset}`,
        'a 9-byte record header',
        `${length - offset} bytes`,
      );
    }
    const opcode = records[offset]!;
    const low = view.getUint32(offset + 1, true);
    const high = view.getUint32(offset + 5, true);
    const recordEnd = offset + 9 + (high * 0x100000000 + low);
    if (high !== 0 || recordEnd > length) {
      throw new McapFormatError(
        file,
        chunkOffset,
        `${where}, record at ${offset}`,
        `a record length within the chunk (${length - offset - 9})`,
        high * 0x100000000 + low,
      );
    }
    if (opcode === Opcode.Message) {
      if (recordEnd - offset < 9 + 22) {
        throw new McapFormatError(
          file,
          chunkOffset,
          `${where}, message at ${offset}`,
          'at least 22 bytes',
          recordEnd - offset - 9,
        );
      }
      const channelId = view.getUint16(offset + 9, true);
      const low = view.getUint32(offset + 15, true);
      const high = view.getUint32(offset + 19, true);
      if (range.inside(high, low) && (visitor.wantsChannel === undefined || visitor.wantsChannel(channelId))) {
        visitor.message(channelId, high, low, block, offset + 31, recordEnd, offset);
      }
    } else if (opcode === Opcode.Schema) {
      visitor.schema?.(parseSchema(new RecordCursor(records, offset + 9, recordEnd, file, `${where} / Schema`, 0)));
    } else if (opcode === Opcode.Channel) {
      visitor.channel?.(parseChannel(new RecordCursor(records, offset + 9, recordEnd, file, `${where} / Channel`, 0)));
    }
    offset = recordEnd;
  }
}

/** The header record's fields. */
export interface McapHeader {
  /** The profile (`''` for the reference). */
  readonly profile: string;
  /** The writing library, e.g. `python mcap 1.2.1`. */
  readonly library: string;
}

/** Reads the Header record that follows the leading magic. @internal */
export async function readHeader(source: ByteSource): Promise<McapHeader> {
  const file = source.name;
  const head = await source.read(0, MCAP_MAGIC.length + 9);
  checkMagic(head, 0, file, 'leading magic');
  if (head.length < MCAP_MAGIC.length + 9)
    throw new McapTruncatedError(file, MCAP_MAGIC.length, 9, head.length - MCAP_MAGIC.length, 'Header');
  if (head[MCAP_MAGIC.length] !== Opcode.Header) {
    throw new McapFormatError(
      file,
      MCAP_MAGIC.length,
      'Header',
      'a Header record (opcode 0x01) after the magic',
      `opcode 0x${head[MCAP_MAGIC.length]!.toString(16)}`,
    );
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const length =
    view.getUint32(MCAP_MAGIC.length + 1, true) + view.getUint32(MCAP_MAGIC.length + 5, true) * 0x100000000;
  if (MCAP_MAGIC.length + 9 + length > source.size) {
    throw new McapTruncatedError(file, MCAP_MAGIC.length, 9 + length, source.size - MCAP_MAGIC.length, 'Header');
  }
  const bytes = await source.read(MCAP_MAGIC.length, 9 + length);
  const c = new RecordCursor(bytes, 9, bytes.length, file, 'Header', MCAP_MAGIC.length);
  return { profile: c.string('profile'), library: c.string('library') };
}

/** Whether the file ends with the MCAP magic (a complete file does; a cut one rarely). */
async function endsWithMagic(source: ByteSource): Promise<boolean> {
  if (source.size < MCAP_MAGIC.length) return false;
  const tail = await source.read(source.size - MCAP_MAGIC.length, MCAP_MAGIC.length);
  return tail.every((byte, i) => byte === MCAP_MAGIC[i]);
}

/**
 * Where a file is cut: walks the record headers from the start (9 bytes each, no bodies read) to the first record
 * that runs past the end of the file, or to a missing Footer. `undefined` when every record is complete up to a
 * Footer followed by the trailing magic.
 * @internal
 */
export async function findTruncation(source: ByteSource): Promise<TruncationReport | undefined> {
  const size = source.size;
  const cut = (offset: number, record: string, neededBytes: number, detail: string): TruncationReport => ({
    offset,
    fileSize: size,
    record,
    neededBytes,
    detail,
  });
  if (size < MCAP_MAGIC.length) return cut(0, 'leading magic', MCAP_MAGIC.length, `${size} of 8 magic bytes`);
  let offset = MCAP_MAGIC.length;
  for (;;) {
    if (offset === size) return cut(offset, 'Footer', FOOTER_RECORD_BYTES, 'file ends before the footer');
    const header = await source.read(offset, 9);
    if (header.length < 9) return cut(offset, 'record header', 9, `needs 9 bytes, ${header.length} left`);
    const view = new DataView(header.buffer, header.byteOffset, 9);
    const end = offset + 9 + view.getUint32(1, true) + view.getUint32(5, true) * 0x100000000;
    const record = opcodeName(header[0]!);
    if (end > size)
      return cut(offset, record, end - offset, `${record} record needs ${end - offset} bytes, ${size - offset} left`);
    if (header[0] === Opcode.Footer) {
      if (end + MCAP_MAGIC.length > size)
        return cut(end, 'trailing magic', MCAP_MAGIC.length, `needs 8 bytes, ${size - end} left`);
      return undefined;
    }
    offset = end;
  }
}

/** Reads and checks the footer and summary of an indexed file. @internal */
export async function readIndex(source: ByteSource, verifyCrc = true): Promise<McapIndex> {
  const { footer, footerStart } = await readFooter(source);
  const index: McapIndex = {
    footer,
    schemas: new Map(),
    channels: new Map(),
    statistics: undefined,
    chunkIndexes: [],
    metadataIndexes: [],
    attachmentIndexes: [],
    attachmentCount: 0,
  };
  if (footer.summaryStart === 0) return index;
  const summary = await source.read(footer.summaryStart, footerStart + 1 + 8 + 16 - footer.summaryStart);
  if (verifyCrc && footer.summaryCrc !== 0) {
    const found = crc32(summary);
    if (found !== footer.summaryCrc)
      throw new McapCrcError(source.name, footer.summaryStart, 'Summary', footer.summaryCrc, found);
  }
  readSummaryRecords(summary, index, footerStart, source.name);
  (index as { attachmentCount: number }).attachmentCount = index.attachmentIndexes.length;
  return index;
}

/** The footer of a complete file (a truncated one throws {@link McapTruncatedError}), its summary offsets checked. */
async function readFooter(source: ByteSource): Promise<{ footer: McapFooter; footerStart: number }> {
  const { name: file, size } = source;
  const minimum = 2 * MCAP_MAGIC.length + FOOTER_RECORD_BYTES;
  checkMagic(await source.read(0, MCAP_MAGIC.length), 0, file, 'leading magic');
  const truncation = size < minimum || !(await endsWithMagic(source)) ? await findTruncation(source) : undefined;
  if (truncation !== undefined) {
    const { offset, record, neededBytes } = truncation;
    throw new McapTruncatedError(file, offset, neededBytes, size - offset, record);
  }
  const tailLength = MCAP_MAGIC.length + FOOTER_RECORD_BYTES;
  const footerStart = size - tailLength;
  const footer = parseFooterTail(await source.read(footerStart, tailLength), footerStart, file);
  if (
    footer.summaryStart > footerStart ||
    footer.summaryOffsetStart > footerStart ||
    (footer.summaryStart !== 0 && footer.summaryStart < MCAP_MAGIC.length) ||
    (footer.summaryOffsetStart !== 0 && footer.summaryOffsetStart < footer.summaryStart)
  ) {
    throw new McapFormatError(file, footerStart, 'Footer', `summary offsets below ${footerStart}`, footer);
  }
  return { footer, footerStart };
}

/** Adds the summary section's records (up to the summary offsets) to `index`. */
function readSummaryRecords(summary: Uint8Array, index: McapIndex, footerStart: number, file: string): void {
  const { summaryStart, summaryOffsetStart } = index.footer;
  const limit = (summaryOffsetStart || footerStart) - summaryStart;
  let offset = 0;
  while (offset < limit) {
    const location = locateRecord(summary, offset, limit, file, summaryStart);
    if (location === undefined) {
      throw new McapFormatError(file, summaryStart + offset, 'Summary', 'a complete record', `${limit - offset} bytes`);
    }
    const cursor = (record: string) =>
      new RecordCursor(summary, location.bodyStart, location.end, file, record, summaryStart);
    addSummaryRecord(index, location.opcode, cursor, { file, footerStart, recordOffset: summaryStart + offset });
    offset = location.end;
  }
}

/** Adds one summary record to `index`; a chunk index pointing past the data is a format error. */
function addSummaryRecord(
  index: McapIndex,
  opcode: number,
  cursor: (record: string) => RecordCursor,
  { file, footerStart, recordOffset }: { file: string; footerStart: number; recordOffset: number },
): void {
  switch (opcode) {
    case Opcode.Schema: {
      const schema = parseSchema(cursor('Schema'));
      index.schemas.set(schema.id, schema);
      return;
    }
    case Opcode.Channel: {
      const channel = parseChannel(cursor('Channel'));
      index.channels.set(channel.id, channel);
      return;
    }
    case Opcode.Statistics:
      (index as { statistics: McapStatistics }).statistics = parseStatistics(cursor('Statistics'));
      return;
    case Opcode.ChunkIndex: {
      const chunkIndex = parseChunkIndex(cursor('ChunkIndex'));
      const chunkEnd = chunkIndex.chunkStartOffset + chunkIndex.chunkLength;
      if (chunkEnd > footerStart) {
        const expected = `a chunk inside the file (end ≤ ${footerStart})`;
        throw new McapFormatError(file, recordOffset, 'ChunkIndex', expected, chunkEnd);
      }
      index.chunkIndexes.push(chunkIndex);
      return;
    }
    case Opcode.MetadataIndex:
      index.metadataIndexes.push(parseMetadataIndex(cursor('MetadataIndex')));
      return;
    case Opcode.AttachmentIndex:
      index.attachmentIndexes.push(parseAttachmentIndex(cursor('AttachmentIndex')));
      return;
  }
}

/** The sequence number and publish time of the message record at `recordOffset` of `block`. @internal */
export function messageRecordFields(
  block: RecordBlock,
  recordOffset: number,
): { sequence: number; publishTime: bigint } {
  const view = new DataView(block.bytes.buffer, block.bytes.byteOffset, block.bytes.byteLength);
  return {
    sequence: view.getUint32(recordOffset + 11, true),
    publishTime: view.getBigUint64(recordOffset + 23, true),
  };
}

/** Parses the attachment record `bytes` (header included) at file offset `offset` and checks its CRC. */
function readAttachment(
  bytes: Uint8Array,
  offset: number,
  file: string,
  { verifyCrc = true, onCrcMismatch, crc32: crc = crc32 }: ScanOptions,
): McapAttachment {
  const attachment = parseAttachment(new RecordCursor(bytes, 9, bytes.length, file, 'Attachment', offset));
  if (verifyCrc && attachment.crc !== 0) {
    const found = crc(bytes.subarray(9, 9 + attachment.crcCoveredBytes));
    if (found !== attachment.crc) {
      const error = new McapCrcError(file, offset, 'Attachment', attachment.crc, found);
      if (onCrcMismatch === undefined) throw error;
      onCrcMismatch(error);
    }
  }
  return attachment;
}

/** Reads the record of `kind` that a summary index entry points to, checking that it is one. */
async function readIndexedRecord(
  source: ByteSource,
  entry: { offset: number; length: number },
  opcode: Opcode,
  kind: string,
): Promise<Uint8Array> {
  const bytes = await source.read(entry.offset, entry.length);
  const location = locateRecord(bytes, 0, bytes.length, source.name, entry.offset);
  if (location === undefined || location.opcode !== opcode || location.end !== bytes.length) {
    throw new McapFormatError(
      source.name,
      entry.offset,
      kind,
      `a ${kind} record of ${entry.length} bytes where the index points`,
      location === undefined ? `${bytes.length} bytes` : `opcode 0x${location.opcode.toString(16)}`,
    );
  }
  return bytes;
}

/**
 * Why the summary of `index` cannot stand in for the data section for what `visitor` wants (undefined when it
 * can): no summary, no chunk indexes, or metadata/attachment indexes that the statistics do not vouch for.
 * @internal
 */
export function indexGap(index: McapIndex, visitor: ScanVisitor): string | undefined {
  const { footer, statistics, chunkIndexes, metadataIndexes, attachmentIndexes } = index;
  if (footer.summaryStart === 0) return 'the file has no summary';
  if (chunkIndexes.length === 0 && statistics?.messageCount !== 0n) return 'the summary has no chunk indexes';
  if (statistics !== undefined && statistics.chunkCount !== chunkIndexes.length)
    return `the summary indexes ${chunkIndexes.length} of ${statistics.chunkCount} chunks`;
  const covered = (count: number | undefined, indexed: number) =>
    count === undefined ? indexed > 0 : count === indexed;
  if (visitor.metadata !== undefined && !covered(statistics?.metadataCount, metadataIndexes.length))
    return 'the summary does not index every metadata record';
  if (visitor.attachment !== undefined && !covered(statistics?.attachmentCount, attachmentIndexes.length))
    return 'the summary does not index every attachment';
  return undefined;
}

/**
 * The indexed reader: visits the file through its summary ({@link scanIndexed}) when the summary covers what the
 * visitor wants ({@link indexGap}), else by a linear scan from the start ({@link scanLinear}), which reads every
 * record. Returns how it read.
 * @internal
 */
export async function scanIndexedOrLinear(
  source: ByteSource,
  index: McapIndex,
  visitor: ScanVisitor,
  options: ScanOptions = {},
): Promise<'indexed' | 'linear'> {
  const steps = scanIndexedOrLinearSteps(source, index, visitor, options);
  for (;;) {
    const step = await steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link scanIndexedOrLinear} one step at a time: the generator pauses after each chunk (indexed) or top-level record
 * (linear) has been visited, so that a caller can take what the visitor collected before the next one is read.
 * @internal
 */
export async function* scanIndexedOrLinearSteps(
  source: ByteSource,
  index: McapIndex,
  visitor: ScanVisitor,
  options: ScanOptions = {},
): AsyncGenerator<void, 'indexed' | 'linear'> {
  if (indexGap(index, visitor) === undefined) {
    yield* scanIndexedSteps(source, index, visitor, options);
    return 'indexed';
  }
  yield* scanLinearSteps(source, visitor, options);
  return 'linear';
}

/**
 * Visits the messages of an indexed file: reads the chunks the index points to (skipping those
 * without wanted channels or outside the time range), in order of their start time.
 * @internal
 */
export async function scanIndexed(
  source: ByteSource,
  index: McapIndex,
  visitor: ScanVisitor,
  options: ScanOptions = {},
): Promise<void> {
  const steps = scanIndexedSteps(source, index, visitor, options);
  while (!(await steps.next()).done) {
    // each step visits one chunk
  }
}

/** {@link scanIndexed}, pausing after each chunk has been visited. */
async function* scanIndexedSteps(
  source: ByteSource,
  index: McapIndex,
  visitor: ScanVisitor,
  options: ScanOptions = {},
): AsyncGenerator<void, void> {
  const { startTimeNs, endTimeNs, verifyCrc = true, crc32: crc = crc32 } = options;
  const file = source.name;
  for (const schema of index.schemas.values()) visitor.schema?.(schema);
  for (const channel of index.channels.values()) visitor.channel?.(channel);
  for (const metadataIndex of index.metadataIndexes) {
    const bytes = await readIndexedRecord(source, metadataIndex, Opcode.Metadata, 'Metadata');
    const { name, metadata } = parseMetadata(
      new RecordCursor(bytes, 9, bytes.length, file, 'Metadata', metadataIndex.offset),
    );
    visitor.metadata?.(name, metadata);
  }
  if (visitor.attachment !== undefined) {
    for (const entry of index.attachmentIndexes) {
      const bytes = await readIndexedRecord(source, entry, Opcode.Attachment, 'Attachment');
      visitor.attachment(readAttachment(bytes, entry.offset, file, options));
    }
  }
  const range = new TimeRange(startTimeNs, endTimeNs);
  const chunks = index.chunkIndexes
    .filter((chunk) => {
      if (startTimeNs !== undefined && chunk.messageEndTime < startTimeNs) return false;
      if (endTimeNs !== undefined && chunk.messageStartTime >= endTimeNs) return false;
      // Channels are known up front only when the summary lists them; otherwise read every chunk.
      if (visitor.wantsChannel && chunk.messageIndexOffsets.size > 0 && index.channels.size > 0) {
        let any = false;
        for (const channelId of chunk.messageIndexOffsets.keys()) if (visitor.wantsChannel(channelId)) any = true;
        if (!any) return false;
      }
      return true;
    })
    .sort((a, b) =>
      a.messageStartTime < b.messageStartTime
        ? -1
        : a.messageStartTime > b.messageStartTime
          ? 1
          : a.chunkStartOffset - b.chunkStartOffset,
    );
  for (const chunkIndex of chunks) {
    const bytes = await source.read(chunkIndex.chunkStartOffset, chunkIndex.chunkLength);
    if (bytes.length !== chunkIndex.chunkLength || bytes[0] !== Opcode.Chunk) {
      throw new McapFormatError(
        file,
        chunkIndex.chunkStartOffset,
        'Chunk',
        'a chunk record where the chunk index points',
        bytes.length === 0 ? 'end of file' : `opcode 0x${bytes[0]!.toString(16)}`,
      );
    }
    const location = locateRecord(bytes, 0, bytes.length, file, chunkIndex.chunkStartOffset);
    if (location === undefined || location.end !== bytes.length) {
      throw new McapFormatError(
        file,
        chunkIndex.chunkStartOffset,
        'Chunk',
        `a record of ${chunkIndex.chunkLength} bytes`,
        location ? location.end : 'a longer record',
      );
    }
    const { records } = await decompress(bytes, chunkIndex.chunkStartOffset, file, verifyCrc, undefined, crc);
    visitChunkRecords(
      records,
      `chunk at ${chunkIndex.chunkStartOffset}`,
      file,
      chunkIndex.chunkStartOffset,
      visitor,
      range,
    );
    yield;
  }
}

/**
 * Visits every record from the start of the file, reading one record at a time (memory bounded by
 * the largest record). Stops at DataEnd or the footer. On a truncated file it stops before the
 * first incomplete record and reports it instead of throwing.
 * @internal
 */
export async function scanLinear(
  source: ByteSource,
  visitor: ScanVisitor,
  options: ScanOptions = {},
): Promise<ScanEnd> {
  const steps = scanLinearSteps(source, visitor, options);
  for (;;) {
    const step = await steps.next();
    if (step.done) return step.value;
  }
}

/** {@link scanLinear}, pausing after each top-level record has been visited. */
async function* scanLinearSteps(
  source: ByteSource,
  visitor: ScanVisitor,
  { startTimeNs, endTimeNs, verifyCrc = true, onCrcMismatch, crc32: crc = crc32 }: ScanOptions = {},
): AsyncGenerator<void, ScanEnd> {
  const head = await source.read(0, MCAP_MAGIC.length);
  checkMagic(head, 0, source.name, 'leading magic');
  const scan: LinearScan = {
    file: source.name,
    visitor,
    range: new TimeRange(startTimeNs, endTimeNs),
    crcOptions: { verifyCrc, onCrcMismatch, crc32: crc },
    dataCrc: crc(head),
  };
  let offset = MCAP_MAGIC.length;
  for (;;) {
    const record = await readTopLevelRecord(source, offset, offset === MCAP_MAGIC.length);
    if ('truncation' in record) return { sawDataEnd: false, truncation: record.truncation };
    visitor.record?.(record.opcode, offset, record.bytes.length);
    const end = await visitTopLevelRecord(scan, record.opcode, record.bytes, offset);
    if (end !== undefined) return end;
    scan.dataCrc = crc(record.bytes, scan.dataCrc);
    offset += record.bytes.length;
    yield;
  }
}

/** What {@link scanLinear} carries from record to record. */
interface LinearScan {
  file: string;
  visitor: ScanVisitor;
  range: TimeRange;
  crcOptions: { verifyCrc: boolean; onCrcMismatch: ((error: McapCrcError) => void) | undefined; crc32: Crc32Function };
  /** The running CRC of the data section up to the current record. */
  dataCrc: number;
}

/**
 * The whole record at `offset` (opcode, then bytes with the 9-byte header), or where the file ends before it; the
 * first record must be the Header.
 */
async function readTopLevelRecord(
  source: ByteSource,
  offset: number,
  first: boolean,
): Promise<{ opcode: number; bytes: Uint8Array } | { truncation: TruncationReport }> {
  const fileSize = source.size;
  const truncated = (record: string, neededBytes: number, detail: string) => ({
    truncation: { offset, fileSize, record, neededBytes, detail },
  });
  if (offset === fileSize) return truncated('DataEnd', 13, 'file ends before the DataEnd record and footer');
  const headerBytes = await source.read(offset, 9);
  if (headerBytes.length < 9)
    return truncated('record header', 9, `record header needs 9 bytes, ${headerBytes.length} left`);
  const opcode = headerBytes[0]!;
  const view = new DataView(headerBytes.buffer, headerBytes.byteOffset, 9);
  const length = view.getUint32(5, true) * 0x100000000 + view.getUint32(1, true);
  if (first && opcode !== Opcode.Header) {
    const found = `opcode 0x${opcode.toString(16)}`;
    throw new McapFormatError(source.name, offset, 'Header', 'a Header record (opcode 0x01) after the magic', found);
  }
  if (offset + 9 + length > fileSize) {
    const name = opcodeName(opcode);
    return truncated(name, 9 + length, `${name} record needs ${9 + length} bytes, ${fileSize - offset} left`);
  }
  return { opcode, bytes: await source.read(offset, 9 + length) };
}

/** Hands one top-level record to the visitor; returns how the scan ends at DataEnd or the footer. */
async function visitTopLevelRecord(
  scan: LinearScan,
  opcode: number,
  bytes: Uint8Array,
  offset: number,
): Promise<ScanEnd | undefined> {
  const { file, visitor, range, crcOptions } = scan;
  const cursor = (record: string) => new RecordCursor(bytes, 9, bytes.length, file, record, offset);
  switch (opcode) {
    case Opcode.MessageIndex: {
      const c = cursor('MessageIndex');
      const channelId = c.uint16('channel id');
      const entriesLength = c.uint32('records length');
      if (entriesLength % 16 !== 0)
        throw new McapFormatError(file, offset, 'MessageIndex', 'a records length divisible by 16', entriesLength);
      visitor.messageIndex?.(offset, channelId, entriesLength / 16);
      return undefined;
    }
    case Opcode.Schema:
      visitor.schema?.(parseSchema(cursor('Schema')));
      return undefined;
    case Opcode.Channel:
      visitor.channel?.(parseChannel(cursor('Channel')));
      return undefined;
    case Opcode.Metadata: {
      const { name, metadata } = parseMetadata(cursor('Metadata'));
      visitor.metadata?.(name, metadata);
      return undefined;
    }
    case Opcode.Attachment:
      if (visitor.attachment !== undefined) visitor.attachment(readAttachment(bytes, offset, file, crcOptions));
      return undefined;
    case Opcode.Message: {
      const c = cursor('Message');
      const channelId = c.uint16('channel id');
      c.uint32('sequence');
      const [high, low] = bigintToWords(c.uint64('log time'));
      c.uint64('publish time');
      if (range.inside(high, low) && (visitor.wantsChannel === undefined || visitor.wantsChannel(channelId))) {
        visitor.message(channelId, high, low, new RecordBlock(bytes, `offset ${offset}`), 31, bytes.length, 0);
      }
      return undefined;
    }
    case Opcode.Chunk:
      await visitChunk(scan, bytes, offset);
      return undefined;
    case Opcode.DataEnd:
      checkDataCrc(scan, cursor('DataEnd').uint32('data section crc'), offset);
      return { sawDataEnd: true };
    case Opcode.Footer:
      return { sawDataEnd: false };
    default:
      return undefined;
  }
}

/** Decompresses a chunk record (its CRC checked), reports it and visits the records inside. */
async function visitChunk(
  { file, visitor, range, crcOptions }: LinearScan,
  bytes: Uint8Array,
  offset: number,
): Promise<void> {
  const { verifyCrc, onCrcMismatch, crc32: crc } = crcOptions;
  const { records, chunk } = await decompress(bytes, offset, file, verifyCrc, onCrcMismatch, crc);
  visitor.chunk?.({
    offset,
    length: bytes.length,
    compression: chunk.compression,
    compressedSize: chunk.records.length,
    uncompressedSize: chunk.uncompressedSize,
    messageStartTime: chunk.messageStartTime,
    messageEndTime: chunk.messageEndTime,
  });
  visitChunkRecords(records, `chunk at ${offset}`, file, offset, visitor, range);
}

/** The DataEnd record's CRC (0: none) against the data section's: a mismatch throws, or goes to `onCrcMismatch`. */
function checkDataCrc({ file, dataCrc, crcOptions }: LinearScan, stored: number, offset: number): void {
  if (!crcOptions.verifyCrc || stored === 0 || stored === dataCrc) return;
  const error = new McapCrcError(file, offset, 'DataEnd', stored, dataCrc);
  if (crcOptions.onCrcMismatch === undefined) throw error;
  crcOptions.onCrcMismatch(error);
}
