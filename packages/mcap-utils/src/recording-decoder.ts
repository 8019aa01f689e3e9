import { MalformedMessageError, MessageOrderError, MissingTopicError, ValueWidthError } from './errors.js';
import type { ImuRecording, TopicSeries } from './imu-recording.js';
import { type ByteSource, bytesSource } from './mcap/byte-source.js';
import type { Crc32Function } from './mcap/crc32.js';
import type { McapChannel, McapSchema } from './mcap/mcap-records.js';
import {
  type McapIndex,
  readIndex,
  type ScanVisitor,
  scanIndexedOrLinear,
  scanIndexedOrLinearSteps,
  scanLinear,
  type TruncationReport,
} from './mcap/mcap-scanner.js';
import { setTimeWords, wordsLess, wordsToBigint } from './mcap/time-words.js';
import { metadataFromRecords } from './recording-metadata.js';
import {
  BodyParseError,
  GrowableFloat64,
  parseSensorEventLayout,
  parseSensorEventValues,
  SENSOR_EVENT_SCHEMA_NAME,
  sensorEventLayouts,
} from './sensor-event-codec.js';

/** Options of {@link decodeRecording} and `readRecordingFile`. */
export interface RecordingReadOptions {
  /** Topics to read. Defaults to every sensor topic (channels with schema `sensor_event`). A topic missing from the file raises {@link MissingTopicError}. */
  topics?: readonly string[];
  /** Only samples with log time ≥ this (ns, inclusive). Defaults to the start of the file. */
  startTimeNs?: bigint;
  /** Only samples with log time < this (ns, exclusive, as the reference's `iter_messages`). Defaults to the end of the file. */
  endTimeNs?: bigint;
  /** The name used in error messages. Defaults to `'<memory>'` (the node readers pass the path). */
  fileName?: string;
  /** Check chunk and summary CRCs. Defaults to true. */
  verifyCrc?: boolean;
  /** CRC-32 implementation. Defaults to the package's JS one; `readRecordingFile` passes Node's native `zlib.crc32`. */
  crc32?: Crc32Function;
}

/** A streaming read's result: what could be read, and where the file was cut if it was. */
export interface StreamReadResult {
  /** The samples read (everything before the first incomplete record). */
  readonly recording: ImuRecording;
  /** Set when the file is truncated (no footer, or a record cut short). */
  readonly truncation: TruncationReport | undefined;
}

class SeriesBuilder {
  times: BigInt64Array;
  count = 0;
  values: GrowableFloat64;
  width = -1;
  sorted = true;
  /** Known body layouts of this topic, the last one that matched first. */
  layouts: { prefix: string; values: string }[];

  constructor(
    readonly topic: string,
    capacity: number,
  ) {
    this.times = new BigInt64Array(Math.max(16, capacity));
    this.values = new GrowableFloat64(Math.max(16, capacity * 3));
    this.layouts = [...sensorEventLayouts(topic)];
  }

  #view: DataView | undefined;
  #lastHigh = 0;
  #lastLow = 0;

  /** Appends a time given as two words (signed order, as BigInt64Array reads it), creating no BigInt. */
  pushTimeWords(high: number, low: number): void {
    if (this.count === this.times.length) {
      const next = new BigInt64Array(this.times.length * 2);
      next.set(this.times);
      this.times = next;
      this.#view = undefined;
    }
    this.#view ??= new DataView(this.times.buffer, this.times.byteOffset, this.times.byteLength);
    const signedHigh = (high ^ 0x80000000) >>> 0;
    if (this.count > 0 && wordsLess(signedHigh, low, this.#lastHigh, this.#lastLow)) this.sorted = false;
    this.#lastHigh = signedHigh;
    this.#lastLow = low;
    setTimeWords(this.#view, this.count++, high, low);
  }

  build(): TopicSeries {
    const width = Math.max(0, this.width);
    let timestampsNs = this.times.length === this.count ? this.times : this.times.slice(0, this.count);
    let values = this.values.toArray();
    if (!this.sorted) {
      const order = Array.from({ length: this.count }, (_, i) => i).sort((a, b) =>
        timestampsNs[a]! < timestampsNs[b]! ? -1 : timestampsNs[a]! > timestampsNs[b]! ? 1 : a - b,
      );
      const sortedTimes = new BigInt64Array(this.count);
      const sortedValues = new Float64Array(values.length);
      order.forEach((from, to) => {
        sortedTimes[to] = timestampsNs[from]!;
        sortedValues.set(values.subarray(from * width, from * width + width), to * width);
      });
      timestampsNs = sortedTimes;
      values = sortedValues;
    }
    return { topic: this.topic, timestampsNs, values, width };
  }

  /** The latest time of the samples taken so far by {@link take}. */
  #takenUntilNs: bigint | undefined;

  /**
   * The samples collected since the last take, in time order (`undefined` when none), and a fresh start: the series
   * owns its arrays. Block-wise reads take one per chunk; a sample before one taken earlier cannot be put back in order.
   *
   * @throws MessageOrderError when the first sample is earlier than the last one taken before.
   */
  take(file: string): TopicSeries | undefined {
    if (this.count === 0) return undefined;
    const series = this.build();
    const first = series.timestampsNs[0]!;
    if (this.#takenUntilNs !== undefined && first < this.#takenUntilNs)
      throw new MessageOrderError(file, this.topic, first, this.#takenUntilNs);
    this.#takenUntilNs = series.timestampsNs[this.count - 1]!;
    this.times = new BigInt64Array(Math.max(16, this.count));
    this.values = new GrowableFloat64(Math.max(16, this.count * Math.max(1, this.width)));
    this.#view = undefined;
    this.count = 0;
    this.sorted = true;
    return series;
  }
}

/** Collects sensor series from a scan. */
class RecordingCollector implements ScanVisitor {
  readonly schemas = new Map<number, McapSchema>();
  readonly channels = new Map<number, McapChannel>();
  readonly builders = new Map<number, SeriesBuilder>();
  readonly metadataRecords = new Map<string, Map<string, string>>();
  readonly #wanted: Set<string> | undefined;
  readonly #capacity: ReadonlyMap<number, bigint> | undefined;

  constructor(
    readonly file: string,
    topics: readonly string[] | undefined,
    capacity: ReadonlyMap<number, bigint> | undefined,
  ) {
    this.#wanted = topics === undefined ? undefined : new Set(topics);
    this.#capacity = capacity;
  }

  schema(schema: McapSchema): void {
    this.schemas.set(schema.id, schema);
  }

  channel(channel: McapChannel): void {
    if (this.channels.has(channel.id)) return;
    this.channels.set(channel.id, channel);
    if (this.#wanted !== undefined && !this.#wanted.has(channel.topic)) return;
    const schema = this.schemas.get(channel.schemaId);
    const isSensor =
      channel.messageEncoding === 'json' &&
      (schema === undefined ? channel.schemaId === 0 : schema.name === SENSOR_EVENT_SCHEMA_NAME);
    if (!isSensor && this.#wanted === undefined) return;
    const capacity = Number(this.#capacity?.get(channel.id) ?? 1024n);
    this.builders.set(channel.id, new SeriesBuilder(channel.topic, Math.min(capacity, 1 << 24)));
  }

  metadata(name: string, metadata: Map<string, string>): void {
    this.metadataRecords.set(name, metadata);
  }

  wantsChannel(channelId: number): boolean {
    return this.builders.has(channelId);
  }

  message(
    channelId: number,
    timeHigh: number,
    timeLow: number,
    block: { text: string; where: string },
    dataStart: number,
    dataEnd: number,
    recordOffset: number,
  ): void {
    const builder = this.builders.get(channelId);
    if (builder === undefined) return;
    const text = block.text;
    let count = parseSensorEventLayout(text, dataStart, dataEnd, builder.values, builder.layouts[0]!);
    if (count < 0) {
      count = parseSensorEventLayout(text, dataStart, dataEnd, builder.values, builder.layouts[1]!);
      if (count >= 0) builder.layouts.reverse();
    }
    if (count < 0) {
      try {
        count = parseSensorEventValues(text, dataStart, dataEnd, builder.values);
      } catch (error) {
        if (error instanceof BodyParseError) {
          throw new MalformedMessageError(
            this.file,
            builder.topic,
            wordsToBigint(timeHigh, timeLow),
            `${block.where}, record ${recordOffset}`,
            error.expected,
            error.found,
          );
        }
        throw error;
      }
    }
    if (builder.width < 0) builder.width = count;
    else if (count !== builder.width)
      throw new ValueWidthError(this.file, builder.topic, wordsToBigint(timeHigh, timeLow), builder.width, count);
    builder.pushTimeWords(timeHigh, timeLow);
  }

  /** Throws {@link MissingTopicError} for a requested topic that no channel seen so far has. */
  checkTopics(requested: readonly string[] | undefined): void {
    const available = [...this.channels.values()].map((c) => c.topic);
    for (const topic of requested ?? []) {
      if (!available.includes(topic)) throw new MissingTopicError(this.file, topic, available);
    }
  }

  /**
   * The builders in channel-id order, the first channel of each topic only (later ones with its name are ignored; a
   * whole read takes the first one with messages, which is the same unless a file has an empty channel of that name).
   */
  #firstBuilders(): SeriesBuilder[] {
    const seen = new Set<string>();
    const ids = [...this.builders.keys()].sort((a, b) => a - b);
    return ids
      .map((id) => this.builders.get(id)!)
      .filter((builder) => !seen.has(builder.topic) && seen.add(builder.topic));
  }

  finish(requested: readonly string[] | undefined): ImuRecording {
    this.checkTopics(requested);
    const topics = new Map<string, TopicSeries>();
    const ids = [...this.builders.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      const builder = this.builders.get(id)!;
      if (builder.count === 0 && requested === undefined) continue;
      if (topics.has(builder.topic)) continue;
      topics.set(builder.topic, builder.build());
    }
    return { topics, metadata: metadataFromRecords(this.metadataRecords), source: this.file };
  }

  /** The samples per topic collected since the last block (topics with none left out); each topic starts afresh. */
  takeBlock(): RecordingBlock {
    const topics = new Map<string, TopicSeries>();
    for (const builder of this.#firstBuilders()) {
      const series = builder.take(this.file);
      if (series !== undefined) topics.set(builder.topic, series);
    }
    return { topics };
  }
}

/**
 * Reads a recording through the file's index (summary and chunk indexes): only the chunks holding
 * wanted topics and times are decompressed. Files whose summary does not cover the data section (no summary, no
 * chunk indexes, unindexed metadata) are read by a linear scan.
 * Sensor topics are the channels whose schema is `sensor_event` (unknown topic names included);
 * topics without messages are left out unless asked for.
 */
export async function readRecordingIndexed(
  source: ByteSource,
  options: RecordingReadOptions = {},
): Promise<ImuRecording> {
  const index: McapIndex = await readIndex(source, options.verifyCrc ?? true);
  const timeFiltered = options.startTimeNs !== undefined || options.endTimeNs !== undefined;
  const collector = new RecordingCollector(
    source.name,
    options.topics,
    timeFiltered ? undefined : index.statistics?.channelMessageCounts,
  );
  const scanOptions = {
    startTimeNs: options.startTimeNs,
    endTimeNs: options.endTimeNs,
    verifyCrc: options.verifyCrc ?? true,
    crc32: options.crc32,
  };
  await scanIndexedOrLinear(source, index, collector, scanOptions);
  return collector.finish(options.topics);
}

/** One block of a block-wise read (`iterateRecordingBlocks` of `@tsc/mcap-utils/node`): the samples of one MCAP chunk, per topic. */
export interface RecordingBlock {
  /**
   * Per topic, its samples in this block, in log-time order and after those of the topic's earlier blocks (topics
   * without samples in the block are left out). Each series owns its arrays.
   */
  readonly topics: ReadonlyMap<string, TopicSeries>;
}

/**
 * Reads a recording block by block: one block per chunk that holds wanted messages (per message record outside
 * chunks), in the order of {@link readRecordingIndexed} (the index's chunks by start time; a linear scan for files
 * whose summary does not cover the data), decoded by the same code. Concatenating every block's series of a topic
 * gives what `readRecordingIndexed` reads for it, so memory is bounded by one chunk (and whatever the caller keeps)
 * instead of the whole recording. Topics and times are filtered as there; a requested topic that the summary does not
 * list fails before any chunk is read.
 *
 * @throws the errors of {@link readRecordingIndexed}, and MessageOrderError when a topic's messages go back in time
 *   from one chunk to the next (chunks overlapping in time, which only a whole read can sort).
 * @internal
 */
export async function* readRecordingBlocks(
  source: ByteSource,
  options: RecordingReadOptions = {},
): AsyncGenerator<RecordingBlock, void> {
  const index: McapIndex = await readIndex(source, options.verifyCrc ?? true);
  const collector = new RecordingCollector(source.name, options.topics, undefined);
  if (index.channels.size > 0) {
    for (const schema of index.schemas.values()) collector.schema(schema);
    for (const channel of index.channels.values()) collector.channel(channel);
    collector.checkTopics(options.topics);
  }
  const steps = scanIndexedOrLinearSteps(source, index, collector, {
    startTimeNs: options.startTimeNs,
    endTimeNs: options.endTimeNs,
    verifyCrc: options.verifyCrc ?? true,
    crc32: options.crc32,
  });
  for (;;) {
    const step = await steps.next();
    const block = collector.takeBlock();
    if (block.topics.size > 0) yield block;
    if (step.done === true) break;
  }
  collector.checkTopics(options.topics);
}

/**
 * Reads a recording record by record from the start, without the index. On a truncated file it
 * returns the samples of every complete record and reports where the file was cut.
 */
export async function readRecordingLinear(
  source: ByteSource,
  options: RecordingReadOptions = {},
): Promise<StreamReadResult> {
  const collector = new RecordingCollector(source.name, options.topics, undefined);
  const end = await scanLinear(source, collector, {
    startTimeNs: options.startTimeNs,
    endTimeNs: options.endTimeNs,
    verifyCrc: options.verifyCrc ?? true,
    crc32: options.crc32,
  });
  return { recording: collector.finish(options.topics), truncation: end.truncation };
}

/**
 * Decodes an MCAP recording from bytes with the indexed reader (topic and time filters).
 *
 * @param bytes - A complete MCAP file.
 * @param options - Topics, time range, file name for errors.
 * @throws McapFormatError, McapTruncatedError, McapCrcError, UnsupportedCompressionError,
 *   MissingTopicError, MalformedMessageError, ValueWidthError.
 */
export async function decodeRecording(bytes: Uint8Array, options: RecordingReadOptions = {}): Promise<ImuRecording> {
  return readRecordingIndexed(bytesSource(bytes, options.fileName ?? '<memory>'), options);
}

/**
 * Decodes an MCAP recording from bytes with the streaming reader: no index needed; a truncated
 * file gives everything up to the last complete record plus a {@link TruncationReport}.
 */
export async function decodeRecordingStream(
  bytes: Uint8Array,
  options: RecordingReadOptions = {},
): Promise<StreamReadResult> {
  return readRecordingLinear(bytesSource(bytes, options.fileName ?? '<memory>'), options);
}
