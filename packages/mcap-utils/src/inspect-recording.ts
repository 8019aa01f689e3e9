import { type ByteSource, bytesSource } from './mcap/byte-source.js';
import { Opcode } from './mcap/constants.js';
import type { McapChannel, McapSchema } from './mcap/mcap-records.js';
import { locateRecord, RecordCursor } from './mcap/mcap-records.js';
import { type McapIndex, readHeader, readIndex, scanLinear, type TruncationReport } from './mcap/mcap-scanner.js';
import { wordsToUnsignedBigint } from './mcap/time-words.js';

/** One topic of an inspected file. */
export interface TopicInspection {
  /** Topic name. */
  readonly topic: string;
  /** Channel id. */
  readonly channelId: number;
  /** Schema name (`''` when none). */
  readonly schemaName: string;
  /** Message encoding, e.g. `json`. */
  readonly messageEncoding: string;
  /** Messages on the topic. */
  readonly messageCount: number;
  /** First log time (ns), when there are messages. */
  readonly firstTimeNs: bigint | undefined;
  /** Last log time (ns), when there are messages. */
  readonly lastTimeNs: bigint | undefined;
  /** Mean rate `(count − 1) / (last − first)` (Hz), when there are two messages or more. */
  readonly rateHz: number | undefined;
}

/** One schema of an inspected file. */
export interface SchemaInspection {
  /** Schema id. */
  readonly id: number;
  /** Schema name, e.g. `sensor_event`. */
  readonly name: string;
  /** Schema encoding, e.g. `jsonschema`. */
  readonly encoding: string;
}

/** Chunks using one compression. */
export interface CompressionInspection {
  /** Compression name (`none` for uncompressed chunks). */
  readonly compression: string;
  /** Chunks. */
  readonly chunkCount: number;
  /** Compressed bytes. */
  readonly compressedBytes: number;
  /** Uncompressed bytes. */
  readonly uncompressedBytes: number;
}

/** What {@link inspectRecording} reports about an MCAP file. */
export interface RecordingInspection {
  /** The file name. */
  readonly fileName: string;
  /** File size (bytes). */
  readonly sizeBytes: number;
  /** Header profile. */
  readonly profile: string;
  /** Header library (writer). */
  readonly library: string;
  /** Whether the file has a summary with chunk indexes (the figures then come from the index). */
  readonly indexed: boolean;
  /** Messages in the file. */
  readonly messageCount: number;
  /** Earliest log time (ns). */
  readonly startTimeNs: bigint | undefined;
  /** Latest log time (ns). */
  readonly endTimeNs: bigint | undefined;
  /** `endTimeNs − startTimeNs` in seconds (0 when empty). */
  readonly durationSec: number;
  /** Chunks in the file. */
  readonly chunkCount: number;
  /** Chunks per compression. */
  readonly compression: readonly CompressionInspection[];
  /** Schemas. */
  readonly schemas: readonly SchemaInspection[];
  /** Topics in channel-id order. */
  readonly topics: readonly TopicInspection[];
  /** Names of the metadata records. */
  readonly metadataNames: readonly string[];
  /** Attachments. */
  readonly attachmentCount: number;
  /** Set when the file is truncated (then the figures cover the readable part). */
  readonly truncation: TruncationReport | undefined;
}

interface TopicStats {
  count: number;
  first: bigint | undefined;
  last: bigint | undefined;
}

/** What an inspection collects from the summary or a scan: schemas, channels, log times, chunks, metadata. */
class InspectionTally {
  readonly schemas = new Map<number, McapSchema>();
  readonly channels = new Map<number, McapChannel>();
  /** Per channel id, its messages' count and time range. */
  readonly stats = new Map<number, TopicStats>();
  /** Per compression name (`none` for uncompressed), its chunks and bytes. */
  readonly compression = new Map<string, Omit<CompressionInspection, 'compression'>>();
  readonly metadataNames: string[] = [];
  attachmentCount = 0;

  addChunk({ compression, compressedSize, uncompressedSize }: ChunkSizes): void {
    const name = compression || 'none';
    const entry = this.compression.get(name) ?? { chunkCount: 0, compressedBytes: 0, uncompressedBytes: 0 };
    this.compression.set(name, {
      chunkCount: entry.chunkCount + 1,
      compressedBytes: entry.compressedBytes + compressedSize,
      uncompressedBytes: entry.uncompressedBytes + uncompressedSize,
    });
  }

  addTime(channelId: number, time: bigint): void {
    let stats = this.stats.get(channelId);
    if (stats === undefined) this.stats.set(channelId, (stats = { count: 0, first: undefined, last: undefined }));
    stats.count++;
    if (stats.first === undefined || time < stats.first) stats.first = time;
    if (stats.last === undefined || time > stats.last) stats.last = time;
  }
}

/** A chunk's compression and sizes, as a chunk record and a chunk index both state them. */
interface ChunkSizes {
  compression: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** Tallies an indexed file from its summary and message indexes, without decompressing chunks. */
async function tallyFromIndex(source: ByteSource, index: McapIndex, tally: InspectionTally): Promise<void> {
  for (const schema of index.schemas.values()) tally.schemas.set(schema.id, schema);
  for (const channel of index.channels.values()) tally.channels.set(channel.id, channel);
  for (const chunk of index.chunkIndexes) tally.addChunk(chunk);
  tally.metadataNames.push(...index.metadataIndexes.map((m) => m.name));
  tally.attachmentCount = index.attachmentCount;
  // Message index records hold every message's log time: read them, not the chunks.
  for (const chunk of index.chunkIndexes) {
    const start = chunk.chunkStartOffset + chunk.chunkLength;
    const bytes = await source.read(start, chunk.messageIndexLength);
    let offset = 0;
    while (offset < bytes.length) {
      const location = locateRecord(bytes, offset, bytes.length, source.name, start);
      if (location === undefined) break;
      if (location.opcode === Opcode.MessageIndex) {
        const c = new RecordCursor(bytes, location.bodyStart, location.end, source.name, 'MessageIndex', start);
        const channelId = c.uint16('channel id');
        const length = c.uint32('records length');
        for (let i = 0; i + 16 <= length; i += 16) {
          tally.addTime(channelId, c.uint64('log time'));
          c.uint64('offset');
        }
      }
      offset = location.end;
    }
  }
}

/** Tallies a file by a linear scan (no CRC checks); returns where a truncated file ends. */
async function tallyByScan(source: ByteSource, tally: InspectionTally): Promise<TruncationReport | undefined> {
  const end = await scanLinear(
    source,
    {
      schema: (schema) => tally.schemas.set(schema.id, schema),
      channel: (channel) => tally.channels.set(channel.id, channel),
      metadata: (name) => tally.metadataNames.push(name),
      record: (opcode) => {
        if (opcode === Opcode.Attachment) tally.attachmentCount++;
      },
      chunk: (chunk) => tally.addChunk(chunk),
      message: (channelId, timeHigh, timeLow) => tally.addTime(channelId, wordsToUnsignedBigint(timeHigh, timeLow)),
    },
    { verifyCrc: false },
  );
  return end.truncation;
}

/** The topics in channel-id order, with their counts, time ranges and mean rates. */
function topicInspections({ channels, stats, schemas }: InspectionTally): TopicInspection[] {
  return [...channels.values()]
    .sort((a, b) => a.id - b.id)
    .map((channel) => {
      const s = stats.get(channel.id) ?? { count: 0, first: undefined, last: undefined };
      const spanNs = s.first !== undefined && s.last !== undefined ? Number(s.last - s.first) : 0;
      return {
        topic: channel.topic,
        channelId: channel.id,
        schemaName: schemas.get(channel.schemaId)?.name ?? '',
        messageEncoding: channel.messageEncoding,
        messageCount: s.count,
        firstTimeNs: s.first,
        lastTimeNs: s.last,
        rateHz: s.count >= 2 && spanNs > 0 ? ((s.count - 1) * 1e9) / spanNs : undefined,
      };
    });
}

/** The earliest first and latest last log time over the topics. */
function timeSpan(topics: readonly TopicInspection[]): { startTimeNs?: bigint; endTimeNs?: bigint } {
  let startTimeNs: bigint | undefined;
  let endTimeNs: bigint | undefined;
  for (const t of topics) {
    if (t.firstTimeNs !== undefined && (startTimeNs === undefined || t.firstTimeNs < startTimeNs))
      startTimeNs = t.firstTimeNs;
    if (t.lastTimeNs !== undefined && (endTimeNs === undefined || t.lastTimeNs > endTimeNs)) endTimeNs = t.lastTimeNs;
  }
  return { startTimeNs, endTimeNs };
}

/**
 * Summarises an MCAP file: header, topics with message counts, time span and rates, duration,
 * chunk compression, schemas, metadata. Indexed files are summarised from their summary and
 * message indexes without decompressing chunks; others (and truncated ones) by a linear scan.
 * `tscls inspect FILE [--json]` prints this.
 */
export async function inspectSource(source: ByteSource): Promise<RecordingInspection> {
  const header = await readHeader(source);
  let index: McapIndex | undefined;
  try {
    index = await readIndex(source);
  } catch {
    index = undefined; // no footer (truncated or unfinished): scan instead
  }
  const tally = new InspectionTally();
  const indexed = index !== undefined && index.chunkIndexes.length > 0;
  let truncation: TruncationReport | undefined;
  if (index !== undefined && indexed) await tallyFromIndex(source, index, tally);
  else truncation = await tallyByScan(source, tally);
  const topics = topicInspections(tally);
  const { startTimeNs, endTimeNs } = timeSpan(topics);
  return {
    fileName: source.name,
    sizeBytes: source.size,
    profile: header.profile,
    library: header.library,
    indexed,
    messageCount: topics.reduce((sum, t) => sum + t.messageCount, 0),
    startTimeNs,
    endTimeNs,
    durationSec: startTimeNs !== undefined && endTimeNs !== undefined ? Number(endTimeNs - startTimeNs) / 1e9 : 0,
    chunkCount: [...tally.compression.values()].reduce((sum, c) => sum + c.chunkCount, 0),
    compression: [...tally.compression.entries()].map(([name, c]) => ({ compression: name, ...c })),
    schemas: [...tally.schemas.values()]
      .sort((a, b) => a.id - b.id)
      .map((s) => ({ id: s.id, name: s.name, encoding: s.encoding })),
    topics,
    metadataNames: tally.metadataNames,
    attachmentCount: tally.attachmentCount,
    truncation,
  };
}

/** Options of {@link inspectRecording}. */
export interface InspectOptions {
  /** The name used in the report and in errors. Defaults to `'<memory>'`. */
  fileName?: string;
}

/**
 * Summarises MCAP bytes (see {@link inspectSource}).
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { inspectRecording } from '@tsc/mcap-utils';
 *
 * const bytes = await readFile('fixtures/seed/basic_synthetic.mcap');
 * const info = await inspectRecording(bytes, { fileName: 'basic_synthetic.mcap' });
 * console.log(info.topics.map((t) => `${t.topic} ${t.messageCount} ${t.rateHz?.toFixed(1)} Hz`)); // ['pose_truth 1808 30.0 Hz', …]
 * ```
 */
export async function inspectRecording(
  bytes: Uint8Array,
  { fileName = '<memory>' }: InspectOptions = {},
): Promise<RecordingInspection> {
  return inspectSource(bytesSource(bytes, fileName));
}

/** The inspection as plain JSON (bigints as decimal strings), for `--json` output. */
export function inspectionToJson(inspection: RecordingInspection): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(inspection, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)),
  );
}

/** The inspection as human-readable text (one line per topic). */
export function formatInspection(inspection: RecordingInspection): string {
  const lines = [
    `file:        ${inspection.fileName} (${inspection.sizeBytes} bytes)`,
    `library:     ${inspection.library}${inspection.profile ? ` (profile ${inspection.profile})` : ''}`,
    `messages:    ${inspection.messageCount}${inspection.indexed ? '' : ' (no index: counted by scanning)'}`,
    `time:        ${inspection.startTimeNs ?? '-'} … ${inspection.endTimeNs ?? '-'} ns (${inspection.durationSec.toFixed(3)} s)`,
    `chunks:      ${inspection.chunkCount} (${inspection.compression.map((c) => `${c.compression}: ${c.chunkCount}, ${c.compressedBytes} / ${c.uncompressedBytes} bytes`).join('; ') || 'none'})`,
    `schemas:     ${inspection.schemas.map((s) => `${s.name} (${s.encoding})`).join(', ') || 'none'}`,
    `metadata:    ${inspection.metadataNames.join(', ') || 'none'}`,
    'topics:',
    ...inspection.topics.map(
      (t) =>
        `  ${t.topic.padEnd(16)} ${String(t.messageCount).padStart(8)} msgs  ${t.rateHz === undefined ? '      -' : t.rateHz.toFixed(2).padStart(7)} Hz  ${t.schemaName} (${t.messageEncoding})`,
    ),
  ];
  if (inspection.truncation)
    lines.push(`TRUNCATED at byte ${inspection.truncation.offset} of the file: ${inspection.truncation.detail}`);
  return lines.join('\n');
}
