import { InvalidArgumentError } from './errors.js';
import type { ImuRecording, TopicSeries } from './imu-recording.js';
import type { ChunkCompression } from './mcap/compression.js';
import type { Crc32Function } from './mcap/crc32.js';
import { type ByteSink, JsonMcapWriter, MemorySink } from './mcap/json-mcap-writer.js';
import { firstNegativeTime, logTimeRangeError, splitTimes, wordsLess, wordsToDecimal } from './mcap/time-words.js';
import { metadataToRecords } from './recording-metadata.js';
import {
  formatJsonNumber,
  formatPythonFloat,
  SENSOR_EVENT_SCHEMA_DATA,
  SENSOR_EVENT_SCHEMA_NAME,
  sensorEventPrefix,
} from './sensor-event-codec.js';

/** The order in which the reference writes the topics of one sample (used to order equal timestamps). */
export const REFERENCE_SAMPLE_ORDER: readonly string[] = [
  'mag_truth',
  'mag_raw',
  'acc_truth',
  'acc_raw',
  'gyro_truth',
  'gyro_raw',
  'pose_truth',
];

/** Options of {@link encodeRecording} and `writeRecordingFile`. */
export interface RecordingWriteOptions {
  /** Chunk compression. Defaults to `'zstd'` in Node and `'lz4'` in browsers (no zstd compressor is bundled there). (zstd as the reference). */
  compression?: ChunkCompression;
  /** Target uncompressed chunk size (bytes). Defaults to 1 MiB (as the reference). */
  chunkSizeBytes?: number;
  /** The MCAP header's `library` field. Defaults to `'@tsc/mcap-utils'`. */
  library?: string;
  /**
   * Order of topics whose samples share a timestamp. Topics not listed follow in the recording's
   * order. Defaults to {@link REFERENCE_SAMPLE_ORDER} (`mag_truth, mag_raw, acc_truth, …, pose_truth`).
   */
  sampleOrder?: readonly string[];
  /** CRC-32 implementation. Defaults to the package's JS one; `writeRecordingFile` passes Node's native `zlib.crc32`. */
  crc32?: Crc32Function;
  /**
   * Body text style: `compact` (`{"id":"mag_raw","timestamp":0,"values":[1.5,2]}`, shortest
   * numbers) or `python`, byte for byte what the reference's `json.dumps` writes
   * (`{"id": "mag_raw", "timestamp": 0, "values": [1.5, 2.0]}`). Both read back to the same doubles.
   * Defaults to `'compact'` (smaller and faster).
   */
  bodyStyle?: BodyStyle;
}

/** How `sensor_event` bodies are written: see {@link RecordingWriteOptions.bodyStyle}. */
export type BodyStyle = 'compact' | 'python';

/**
 * Checks that a series can be written: `values.length === timestamps × width`, and no negative time (MCAP log
 * times are unsigned; a negative one would wrap to about 1.8·10¹⁹ ns).
 *
 * @throws InvalidArgumentError naming the topic, and for a time the index of the first bad sample.
 */
export function validateSeries(series: TopicSeries, where = `recording.topics.${series.topic}`): void {
  const negative = firstNegativeTime(series.timestampsNs);
  if (negative >= 0) throw logTimeRangeError(`${where}.timestampsNs[${negative}]`, series.timestampsNs[negative]!);
  if (!Number.isInteger(series.width) || series.width < 0) {
    throw new InvalidArgumentError(`${where}.width`, 'a non-negative integer', series.width);
  }
  if (series.values.length !== series.timestampsNs.length * series.width) {
    throw new InvalidArgumentError(
      `${where}.values`,
      `${series.timestampsNs.length} samples × width ${series.width} = ${series.timestampsNs.length * series.width} values`,
      `${series.values.length} values`,
    );
  }
}

/**
 * Writes a recording through a {@link JsonMcapWriter} in the reference layout: schema
 * `sensor_event`, one JSON channel per topic (registered in the recording's topic order), bodies
 * `{"id": topic, "timestamp": ns, "values": [...]}` with `logTime = publishTime = timestamp`,
 * samples interleaved by time, metadata as MCAP Metadata records. Does not call `finish()`.
 */
export function writeRecordingMessages(
  writer: JsonMcapWriter,
  recording: ImuRecording,
  sampleOrder: readonly string[] = REFERENCE_SAMPLE_ORDER,
  bodyStyle: BodyStyle = 'compact',
): void {
  const series = [...recording.topics.values()];
  for (const s of series) validateSeries(s);
  for (const [name, entries] of metadataToRecords(recording.metadata)) writer.addMetadata(name, entries);
  const schemaId = registerSensorEventSchema(writer);
  const blocks = series.map((s) => ({
    series: s,
    channel: registerRecordingChannel(writer, s.topic, schemaId, bodyStyle),
  }));
  writeRecordingBlock(writer, blocks, sampleOrder, bodyStyle);
}

/** Registers the `sensor_event` schema of recording files; returns its id. @internal */
export function registerSensorEventSchema(writer: JsonMcapWriter): number {
  return writer.registerSchema({ name: SENSOR_EVENT_SCHEMA_NAME, data: SENSOR_EVENT_SCHEMA_DATA });
}

/** A topic's channel in a recording file: its id and the bytes every body starts with. @internal */
export interface RecordingChannel {
  /** Channel id. */
  readonly id: number;
  /** The body's bytes up to the timestamp digits. */
  readonly prefix: Uint8Array;
}

/** Registers `topic`'s channel with the `sensor_event` schema. @internal */
export function registerRecordingChannel(
  writer: JsonMcapWriter,
  topic: string,
  schemaId: number,
  bodyStyle: BodyStyle,
): RecordingChannel {
  return {
    id: writer.registerChannel({ topic, schemaId }),
    prefix:
      bodyStyle === 'python'
        ? textEncoder.encode(`{"id": ${JSON.stringify(topic)}, "timestamp": `)
        : sensorEventPrefixBytes(topic),
  };
}

/**
 * Writes the samples of a block of series (checked by {@link validateSeries}) on their channels, interleaved by
 * time, topics that share a time in `sampleOrder` order (then the block's order). A whole recording is one block;
 * a recording written block by block gives the same bytes when its blocks follow each other in time.
 * @internal
 */
export function writeRecordingBlock(
  writer: JsonMcapWriter,
  block: readonly { readonly series: TopicSeries; readonly channel: RecordingChannel }[],
  sampleOrder: readonly string[],
  bodyStyle: BodyStyle,
): void {
  const series = block.map((entry) => entry.series);
  // Times as 32-bit words, once per time array: no BigInt is created per sample.
  const words = new Map<BigInt64Array, { high: Uint32Array; low: Uint32Array }>();
  const wordsOf = (times: BigInt64Array) => words.get(times) ?? words.set(times, splitTimes(times)).get(times)!;
  const topics: OrderedTopic[] = tieOrder(series, sampleOrder).map((i) => ({
    series: series[i]!,
    channelId: block[i]!.channel.id,
    prefix: block[i]!.channel.prefix,
    words: wordsOf(series[i]!.timestampsNs),
  }));
  const writeMessage = bodyStyle === 'python' ? writeSensorEventMessagePython : writeSensorEventMessage;
  const first = topics[0];
  // All topics sampled at the same times (synthetic recordings): no merge needed.
  if (first !== undefined && topics.every((t) => sameWords(t.words, first.words)))
    writeSharedTimes(writer, topics, writeMessage);
  else writeMerged(writer, topics, writeMessage);
}

/** A topic as the writer interleaves it: its series, channel, body prefix and times as 32-bit words. */
interface OrderedTopic {
  series: TopicSeries;
  channelId: number;
  prefix: Uint8Array;
  words: { high: Uint32Array; low: Uint32Array };
}

type WriteMessage = typeof writeSensorEventMessage;

/** The series' indexes in tie order: position in `sampleOrder`, then the recording's order. */
function tieOrder(series: readonly TopicSeries[], sampleOrder: readonly string[]): number[] {
  const rank = series.map((s, i) => {
    const position = sampleOrder.indexOf(s.topic);
    return position >= 0 ? position : sampleOrder.length + i;
  });
  return series.map((_, i) => i).sort((a, b) => rank[a]! - rank[b]!);
}

/** Writes topics that share one time array: sample by sample, each sample's topics in tie order. */
function writeSharedTimes(writer: JsonMcapWriter, topics: readonly OrderedTopic[], writeMessage: WriteMessage): void {
  const { high, low } = topics[0]!.words;
  for (let i = 0; i < high.length; i++) {
    for (const { series: s, channelId, prefix } of topics) {
      writeMessage(writer, channelId, high[i]!, low[i]!, prefix, s.values, i * s.width, s.width);
    }
  }
}

/** Writes the topics' samples merged by time (signed log times; ties in topic order): a k-way merge. */
function writeMerged(writer: JsonMcapWriter, topics: readonly OrderedTopic[], writeMessage: WriteMessage): void {
  const cursors = new Int32Array(topics.length);
  for (;;) {
    let best = -1;
    let bestHigh = 0;
    let bestLow = 0;
    for (let j = 0; j < topics.length; j++) {
      const i = cursors[j]!;
      const { words } = topics[j]!;
      if (i >= words.high.length) continue;
      // Signed order: flip the sign bit of the high word.
      const high = (words.high[i]! ^ 0x80000000) >>> 0;
      const low = words.low[i]!;
      if (best < 0 || wordsLess(high, low, bestHigh, bestLow)) {
        best = j;
        bestHigh = high;
        bestLow = low;
      }
    }
    if (best < 0) return;
    const { series: s, channelId, prefix } = topics[best]!;
    const i = cursors[best]!;
    cursors[best] = i + 1;
    writeMessage(writer, channelId, (bestHigh ^ 0x80000000) >>> 0, bestLow, prefix, s.values, i * s.width, s.width);
  }
}

function sameWords(a: { high: Uint32Array; low: Uint32Array }, b: { high: Uint32Array; low: Uint32Array }): boolean {
  if (a === b) return true;
  if (a.high.length !== b.high.length) return false;
  for (let i = 0; i < a.high.length; i++) if (a.high[i] !== b.high[i] || a.low[i] !== b.low[i]) return false;
  return true;
}

const VALUES_OPEN = ',"values":[';
const PYTHON_VALUES_OPEN = ', "values": [';

/** {@link writeSensorEventMessage} in Python's `json.dumps` style (`prefix` must be the Python one). @internal */
export function writeSensorEventMessagePython(
  writer: JsonMcapWriter,
  channelId: number,
  timeHigh: number,
  timeLow: number,
  prefix: Uint8Array,
  values: ArrayLike<number>,
  offset: number,
  width: number,
): void {
  const out = writer.beginMessageWords(channelId, timeHigh, timeLow);
  out.raw(prefix);
  out.text(wordsToDecimal(timeHigh, timeLow));
  out.text(PYTHON_VALUES_OPEN);
  for (let c = 0; c < width; c++) {
    if (c > 0) out.text(', ');
    out.text(formatPythonFloat(values[offset + c]!));
  }
  out.text(']}');
  writer.endMessage();
}
const textEncoder = new TextEncoder();

/** The UTF-8 bytes of {@link sensorEventPrefix}. @internal */
export function sensorEventPrefixBytes(topic: string): Uint8Array {
  return textEncoder.encode(sensorEventPrefix(topic));
}

/**
 * Writes one `sensor_event` message straight into the writer's chunk: `prefix` (from
 * {@link sensorEventPrefixBytes}), the timestamp digits (the signed value of the two time words),
 * then `width` values from `values[offset]`.
 * @internal
 */
export function writeSensorEventMessage(
  writer: JsonMcapWriter,
  channelId: number,
  timeHigh: number,
  timeLow: number,
  prefix: Uint8Array,
  values: ArrayLike<number>,
  offset: number,
  width: number,
): void {
  const timeText = wordsToDecimal(timeHigh, timeLow);
  const out = writer.beginMessageWords(channelId, timeHigh, timeLow);
  out.ensure(prefix.length + timeText.length + 16 + width * 26);
  const bytes = out.bytes;
  let position = out.length;
  for (let p = 0; p < prefix.length; p++) bytes[position++] = prefix[p]!;
  out.length = position;
  out.asciiUnchecked(timeText);
  out.asciiUnchecked(VALUES_OPEN);
  for (let c = 0; c < width; c++) {
    if (c > 0) out.bytes[out.length++] = 44;
    const value = values[offset + c]!;
    out.asciiUnchecked(value !== 0 && Number.isFinite(value) ? '' + value : formatJsonNumber(value));
  }
  out.bytes[out.length++] = 93;
  out.bytes[out.length++] = 125;
  writer.endMessage();
}

/**
 * Encodes a recording as an MCAP file in the reference layout (see {@link writeRecordingMessages}),
 * zstd-compressed by default, with summary, statistics and chunk indexes.
 *
 * @param recording - The recording to write.
 * @param options - Compression, chunk size, library name, tie order.
 * @returns The bytes of a complete MCAP file.
 */
export async function encodeRecording(
  recording: ImuRecording,
  {
    compression,
    chunkSizeBytes = 1024 * 1024,
    library = '@tsc/mcap-utils',
    sampleOrder = REFERENCE_SAMPLE_ORDER,
    crc32,
    bodyStyle = 'compact',
  }: RecordingWriteOptions = {},
): Promise<Uint8Array> {
  const sink = new MemorySink();
  await writeRecordingToSink(sink, recording, { compression, chunkSizeBytes, library, sampleOrder, crc32, bodyStyle });
  return sink.toBytes();
}

/** Writes a complete recording file to a {@link ByteSink}. @internal */
export async function writeRecordingToSink(
  sink: ByteSink,
  recording: ImuRecording,
  options: RecordingWriteOptions = {},
): Promise<void> {
  const writer = await JsonMcapWriter.create(sink, {
    compression: options.compression,
    chunkSizeBytes: options.chunkSizeBytes ?? 1024 * 1024,
    library: options.library ?? '@tsc/mcap-utils',
    ...(options.crc32 === undefined ? {} : { crc32: options.crc32 }),
  });
  writeRecordingMessages(
    writer,
    recording,
    options.sampleOrder ?? REFERENCE_SAMPLE_ORDER,
    options.bodyStyle ?? 'compact',
  );
  writer.finish();
}
