import { TscError } from '@tsc/errors';
import { McapCrcError, McapTruncatedError } from './errors.js';
import { type ByteSource, bytesSource } from './mcap/byte-source.js';
import type { McapChannel, McapChunkIndex, McapSchema, McapStatistics } from './mcap/mcap-records.js';
import {
  type ChunkInfo,
  type McapIndex,
  type RecordBlock,
  readHeader,
  readIndex,
  type ScanVisitor,
  scanLinear,
} from './mcap/mcap-scanner.js';
import { wordsToUnsignedBigint } from './mcap/time-words.js';
import {
  BodyParseError,
  GrowableFloat64,
  parseSensorEventValues,
  SENSOR_EVENT_SCHEMA_NAME,
} from './sensor-event-codec.js';

/** What kind of problem a {@link DoctorIssue} is. */
export type DoctorIssueCode =
  | 'format'
  | 'truncated'
  | 'crc'
  | 'no-index'
  | 'chunk-index'
  | 'message-index'
  | 'statistics'
  | 'time-order'
  | 'body'
  | 'width'
  | 'non-finite'
  | 'gap';

/** One problem found by {@link doctorRecording}. */
export interface DoctorIssue {
  /** `error`: the file is damaged or inconsistent; `warning`: readable but unusual. */
  readonly severity: 'error' | 'warning';
  /** The kind of problem. */
  readonly code: DoctorIssueCode;
  /** What is wrong, with expected and found values. */
  readonly message: string;
  /** File offset of the record concerned, when known. */
  readonly offset?: number;
}

/** The result of {@link doctorRecording}. */
export interface DoctorReport {
  /** The file name. */
  readonly fileName: string;
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
  /** Problems found, in file order per check. At most 20 per code are listed. */
  readonly issues: readonly DoctorIssue[];
  /** Messages read by the scan. */
  readonly messageCount: number;
  /** Chunks read by the scan. */
  readonly chunkCount: number;
}

interface ChunkSeen extends ChunkInfo {
  counts: Map<number, number>;
  firstTime: bigint | undefined;
  lastTime: bigint | undefined;
  indexCounts: Map<number, number>;
}

/** The issues found so far: at most 20 listed per code; `ok` while none is an error. */
class IssueList {
  readonly issues: DoctorIssue[] = [];
  readonly #perCode = new Map<DoctorIssueCode, number>();

  add(severity: 'error' | 'warning', code: DoctorIssueCode, message: string, offset?: number): void {
    const count = (this.#perCode.get(code) ?? 0) + 1;
    this.#perCode.set(code, count);
    if (count > 20) return;
    this.issues.push(offset === undefined ? { severity, code, message } : { severity, code, message, offset });
  }

  /** An issue for an error a read threw: its message after `prefix`, its file offset when it has one. */
  addThrown(code: DoctorIssueCode, error: unknown, prefix = ''): void {
    const offset = (error as { offset?: unknown }).offset;
    const message = error instanceof Error ? error.message : String(error);
    this.add('error', code, `${prefix}${message}`, typeof offset === 'number' ? offset : undefined);
  }

  get ok(): boolean {
    return !this.issues.some((issue) => issue.severity === 'error');
  }
}

/**
 * Checks an MCAP file's integrity: structure (magic, header, footer, records), CRCs (chunks,
 * data section, summary), the summary against the data (chunk indexes: offsets, lengths,
 * compression, sizes, time bounds; message indexes: counts per channel; statistics: counts and
 * time range), time order per channel (a warning), and for `sensor_event` channels every body and
 * its width, plus two data warnings per topic: samples holding NaN or infinite values (`non-finite`: count and
 * first log time) and gaps, steps longer than 1.5 median steps (`gap`: count, first log time, longest).
 * Never throws for a damaged file: problems become issues.
 */
export async function doctorSource(source: ByteSource): Promise<DoctorReport> {
  const issues = new IssueList();
  const report = (scan?: DoctorScan): DoctorReport => ({
    fileName: source.name,
    ok: issues.ok,
    issues: issues.issues,
    messageCount: scan?.messageCount ?? 0,
    chunkCount: scan?.chunks.length ?? 0,
  });
  if (!(await checkHeader(source, issues))) return report();
  const index = await checkIndex(source, issues);
  const scan = new DoctorScan(issues);
  if (!(await scanRecords(source, scan, issues))) return report(scan);
  checkChunksAgainstMessages(scan.chunks, issues);
  if (index !== undefined && index.footer.summaryStart !== 0) {
    checkChunkIndexes(index.chunkIndexes, scan.chunks, issues);
    if (index.statistics !== undefined) checkStatistics(index.statistics, scan, issues);
  }
  for (const [channelId, seen] of scan.series) {
    for (const [code, message] of dataWarnings(scan.channels.get(channelId)?.topic ?? String(channelId), seen)) {
      issues.add('warning', code, message);
    }
  }
  return report(scan);
}

/** Whether the magic and header read; an issue when not. */
async function checkHeader(source: ByteSource, issues: IssueList): Promise<boolean> {
  try {
    await readHeader(source);
    return true;
  } catch (error) {
    const truncated = TscError.isInstance(error) && error.name === 'McapTruncatedError';
    issues.addThrown(truncated ? 'truncated' : 'format', error);
    return false;
  }
}

/** The footer and summary, `undefined` when they do not read (an issue); a missing summary is a warning. */
async function checkIndex(source: ByteSource, issues: IssueList): Promise<McapIndex | undefined> {
  try {
    const index = await readIndex(source);
    if (index.footer.summaryStart === 0)
      issues.add('warning', 'no-index', 'the file has no summary section (readers must scan it)');
    else if (index.chunkIndexes.length === 0 && (index.statistics?.chunkCount ?? 0) > 0)
      issues.add('error', 'chunk-index', 'the summary has no chunk indexes');
    return index;
  } catch (error) {
    const code = error instanceof McapCrcError ? 'crc' : error instanceof McapTruncatedError ? 'truncated' : 'format';
    issues.addThrown(code, error, 'footer/summary: ');
    return undefined;
  }
}

/** Reads every record into `scan`; false when the scan stopped on a damaged record (an issue). */
async function scanRecords(source: ByteSource, scan: DoctorScan, issues: IssueList): Promise<boolean> {
  try {
    const end = await scanLinear(source, scan, {
      onCrcMismatch: (error) => issues.add('error', 'crc', error.message, error.offset),
    });
    if (end.truncation) {
      const { offset, detail } = end.truncation;
      issues.add('error', 'truncated', `${source.name}: truncated at byte ${offset} of the file: ${detail}`, offset);
    }
    return true;
  } catch (error) {
    if (!TscError.isInstance(error)) throw error;
    issues.addThrown(error instanceof McapCrcError ? 'crc' : 'format', error, 'scan stopped: ');
    return false;
  }
}

/**
 * What a linear scan finds, for the checks after it: schemas, channels, chunks with the messages seen in them, counts
 * and time ranges; issues about single records (undefined channel, time order, message bodies) as they come.
 */
class DoctorScan implements ScanVisitor {
  readonly schemas = new Map<number, McapSchema>();
  readonly channels = new Map<number, McapChannel>();
  readonly chunks: ChunkSeen[] = [];
  /** Messages per channel. */
  readonly channelCounts = new Map<number, number>();
  /** Samples of each `sensor_event` channel, for the data warnings. */
  readonly series = new Map<number, SensorSeriesSeen>();
  messageCount = 0;
  firstTime: bigint | undefined;
  lastTime: bigint | undefined;
  readonly #issues: IssueList;
  /** The chunk whose message indexes may follow (only message indexes may stand between). */
  #current: ChunkSeen | undefined;
  readonly #lastTimes = new Map<number, bigint>();
  readonly #widths = new Map<number, number>();
  readonly #scratch = new GrowableFloat64(64);

  constructor(issues: IssueList) {
    this.#issues = issues;
  }

  schema(schema: McapSchema): void {
    this.schemas.set(schema.id, schema);
  }

  channel(channel: McapChannel): void {
    this.channels.set(channel.id, channel);
  }

  record(opcode: number): void {
    if (opcode !== 0x07) this.#current = undefined; // message indexes must follow their chunk
  }

  chunk(info: ChunkInfo): void {
    this.#current = { ...info, counts: new Map(), firstTime: undefined, lastTime: undefined, indexCounts: new Map() };
    this.chunks.push(this.#current);
  }

  messageIndex(offset: number, channelId: number, entryCount: number): void {
    if (this.#current !== undefined) this.#current.indexCounts.set(channelId, entryCount);
    else this.#issues.add('error', 'message-index', `message index for channel ${channelId} not after a chunk`, offset);
  }

  message(
    channelId: number,
    timeHigh: number,
    timeLow: number,
    block: RecordBlock,
    dataStart: number,
    dataEnd: number,
    recordOffset: number,
  ): void {
    const logTimeNs = wordsToUnsignedBigint(timeHigh, timeLow);
    const where = `${block.where}, record ${recordOffset}`;
    this.#count(channelId, logTimeNs, block.where);
    const channel = this.channels.get(channelId);
    if (channel === undefined) {
      this.#issues.add('error', 'format', `message on channel ${channelId}, which was never defined (${where})`);
      return;
    }
    this.#checkTimeOrder(channel, logTimeNs, where);
    if (channel.messageEncoding === 'json' && this.schemas.get(channel.schemaId)?.name === SENSOR_EVENT_SCHEMA_NAME)
      this.#checkSensorBody(channel, logTimeNs, block.text, dataStart, dataEnd, where);
  }

  /** Counts a message in the file, its channel and its chunk, and widens their time ranges. */
  #count(channelId: number, logTimeNs: bigint, blockWhere: string): void {
    this.messageCount++;
    if (this.firstTime === undefined || logTimeNs < this.firstTime) this.firstTime = logTimeNs;
    if (this.lastTime === undefined || logTimeNs > this.lastTime) this.lastTime = logTimeNs;
    this.channelCounts.set(channelId, (this.channelCounts.get(channelId) ?? 0) + 1);
    const chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || blockWhere !== `chunk at ${chunk.offset}`) return;
    chunk.counts.set(channelId, (chunk.counts.get(channelId) ?? 0) + 1);
    if (chunk.firstTime === undefined || logTimeNs < chunk.firstTime) chunk.firstTime = logTimeNs;
    if (chunk.lastTime === undefined || logTimeNs > chunk.lastTime) chunk.lastTime = logTimeNs;
  }

  /** A warning when a channel's log time goes back. */
  #checkTimeOrder(channel: McapChannel, logTimeNs: bigint, where: string): void {
    const previous = this.#lastTimes.get(channel.id);
    if (previous !== undefined && logTimeNs < previous) {
      this.#issues.add(
        'warning',
        'time-order',
        `topic ${channel.topic}: log time ${logTimeNs} ns after ${previous} ns (${where})`,
      );
    }
    this.#lastTimes.set(channel.id, logTimeNs);
  }

  /** Parses a `sensor_event` body: an error when it does not parse or its width changes; notes the sample. */
  #checkSensorBody(
    channel: McapChannel,
    logTimeNs: bigint,
    text: string,
    dataStart: number,
    dataEnd: number,
    where: string,
  ): void {
    const scratch = this.#scratch;
    scratch.length = 0;
    try {
      const count = parseSensorEventValues(text, dataStart, dataEnd, scratch);
      noteSample(this.series, channel.id, logTimeNs, scratch);
      const width = this.#widths.get(channel.id);
      if (width === undefined) this.#widths.set(channel.id, count);
      else if (width !== count) {
        const message = `topic ${channel.topic} at ${logTimeNs} ns: expected ${width} values, found ${count} (${where})`;
        this.#issues.add('error', 'width', message);
      }
    } catch (error) {
      if (!(error instanceof BodyParseError)) throw error;
      const message = `topic ${channel.topic} at ${logTimeNs} ns: expected ${error.expected}, found ${error.found} (${where})`;
      this.#issues.add('error', 'body', message);
    }
  }
}

/** Each chunk's messages against its message indexes (count per channel) and its header's time range. */
function checkChunksAgainstMessages(chunks: readonly ChunkSeen[], issues: IssueList): void {
  for (const chunk of chunks) {
    for (const [channelId, count] of chunk.counts) {
      const indexed = chunk.indexCounts.get(channelId);
      if (indexed === count) continue;
      issues.add(
        'error',
        'message-index',
        `chunk at ${chunk.offset}, channel ${channelId}: expected ${count} message index entries, found ${indexed ?? 'none'}`,
        chunk.offset,
      );
    }
    if (
      chunk.firstTime !== undefined &&
      (chunk.firstTime !== chunk.messageStartTime || chunk.lastTime !== chunk.messageEndTime)
    ) {
      issues.add(
        'error',
        'chunk-index',
        `chunk at ${chunk.offset}: header says ${chunk.messageStartTime}…${chunk.messageEndTime} ns, messages span ${chunk.firstTime}…${chunk.lastTime} ns`,
        chunk.offset,
      );
    }
  }
}

/** The summary's chunk indexes against the chunks found: one per chunk, each agreeing with its chunk. */
function checkChunkIndexes(chunkIndexes: readonly McapChunkIndex[], chunks: readonly ChunkSeen[], issues: IssueList) {
  const byOffset = new Map(chunks.map((chunk) => [chunk.offset, chunk]));
  for (const chunkIndex of chunkIndexes) {
    const chunk = byOffset.get(chunkIndex.chunkStartOffset);
    if (chunk === undefined) {
      const offset = chunkIndex.chunkStartOffset;
      issues.add('error', 'chunk-index', `chunk index points to offset ${offset}, where there is no chunk`, offset);
      continue;
    }
    const mismatches = chunkIndexMismatches(chunkIndex, chunk);
    if (mismatches.length > 0) {
      const message = `chunk at ${chunk.offset}: index vs chunk: ${mismatches.join(', ')}`;
      issues.add('error', 'chunk-index', message, chunk.offset);
    }
  }
  if (chunkIndexes.length !== chunks.length) {
    const message = `expected ${chunks.length} chunk indexes (one per chunk), found ${chunkIndexes.length}`;
    issues.add('error', 'chunk-index', message);
  }
}

/** Where a chunk index and its chunk disagree, `index value vs chunk value` each. */
function chunkIndexMismatches(index: McapChunkIndex, chunk: ChunkInfo): string[] {
  const mismatches: string[] = [];
  if (chunk.length !== index.chunkLength) mismatches.push(`length ${index.chunkLength} vs ${chunk.length}`);
  if (chunk.compression !== index.compression)
    mismatches.push(`compression ${JSON.stringify(index.compression)} vs ${JSON.stringify(chunk.compression)}`);
  if (chunk.compressedSize !== index.compressedSize)
    mismatches.push(`compressed size ${index.compressedSize} vs ${chunk.compressedSize}`);
  if (chunk.uncompressedSize !== index.uncompressedSize)
    mismatches.push(`uncompressed size ${index.uncompressedSize} vs ${chunk.uncompressedSize}`);
  if (chunk.messageStartTime !== index.messageStartTime || chunk.messageEndTime !== index.messageEndTime) {
    mismatches.push(
      `time ${index.messageStartTime}…${index.messageEndTime} vs ${chunk.messageStartTime}…${chunk.messageEndTime}`,
    );
  }
  return mismatches;
}

/** The summary's statistics against what the scan counted: messages, chunks, time range, messages per channel. */
function checkStatistics(stats: McapStatistics, scan: DoctorScan, issues: IssueList): void {
  const { messageCount, firstTime, lastTime, chunks, channelCounts } = scan;
  if (stats.messageCount !== BigInt(messageCount))
    issues.add('error', 'statistics', `message count: statistics say ${stats.messageCount}, found ${messageCount}`);
  if (stats.chunkCount !== chunks.length)
    issues.add('error', 'statistics', `chunk count: statistics say ${stats.chunkCount}, found ${chunks.length}`);
  if (messageCount > 0 && (stats.messageStartTime !== firstTime || stats.messageEndTime !== lastTime)) {
    issues.add(
      'error',
      'statistics',
      `time range: statistics say ${stats.messageStartTime}…${stats.messageEndTime} ns, messages span ${firstTime}…${lastTime} ns`,
    );
  }
  for (const [channelId, count] of stats.channelMessageCounts) {
    const found = channelCounts.get(channelId) ?? 0;
    if (BigInt(found) !== count)
      issues.add('error', 'statistics', `channel ${channelId}: statistics say ${count} messages, found ${found}`);
  }
}

/** What the doctor keeps of a sensor topic for its data warnings. */
interface SensorSeriesSeen {
  /** Log time of the first sample (ns). */
  firstNs: bigint;
  /** Log times relative to `firstNs` (ns, as doubles). */
  times: GrowableFloat64;
  /** Samples with a NaN or infinite value. */
  nonFiniteCount: number;
  /** Log time of the first such sample (ns). */
  firstNonFiniteNs: bigint | undefined;
}

function noteSample(
  series: Map<number, SensorSeriesSeen>,
  channelId: number,
  logTimeNs: bigint,
  values: GrowableFloat64,
) {
  let seen = series.get(channelId);
  if (seen === undefined) {
    seen = { firstNs: logTimeNs, times: new GrowableFloat64(1024), nonFiniteCount: 0, firstNonFiniteNs: undefined };
    series.set(channelId, seen);
  }
  seen.times.push(Number(logTimeNs - seen.firstNs));
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values.data[i]!)) continue;
    seen.nonFiniteCount += 1;
    seen.firstNonFiniteNs ??= logTimeNs;
    break;
  }
}

/** The `non-finite` and `gap` warnings of one sensor topic. */
function dataWarnings(topic: string, seen: SensorSeriesSeen): [DoctorIssueCode, string][] {
  const warnings: [DoctorIssueCode, string][] = [];
  if (seen.nonFiniteCount > 0) {
    warnings.push([
      'non-finite',
      `topic ${topic}: ${seen.nonFiniteCount} sample(s) with NaN or infinite values, the first at log time ${seen.firstNonFiniteNs} ns`,
    ]);
  }
  const times = seen.times.toArray();
  const steps = new Float64Array(Math.max(0, times.length - 1));
  for (let i = 1; i < times.length; i++) steps[i - 1] = times[i]! - times[i - 1]!;
  const median = Float64Array.from(steps).sort()[Math.floor(steps.length / 2)];
  if (median === undefined || !(median > 0)) return warnings;
  let count = 0;
  let firstIndex = -1;
  let longest = 0;
  steps.forEach((step, i) => {
    if (step <= 1.5 * median) return;
    count += 1;
    if (firstIndex < 0) firstIndex = i;
    longest = Math.max(longest, step);
  });
  if (count > 0) {
    const firstNs = seen.firstNs + BigInt(Math.round(times[firstIndex]!));
    warnings.push([
      'gap',
      `topic ${topic}: ${count} gap(s) longer than 1.5 sample periods (${(median / 1e6).toFixed(3)} ms), the first after log time ${firstNs} ns, the longest ${(longest / 1e9).toFixed(3)} s`,
    ]);
  }
  return warnings;
}

/** Options of {@link doctorRecording}. */
export interface DoctorOptions {
  /** The name used in the report. Defaults to `'<memory>'`. */
  fileName?: string;
}

/**
 * Checks MCAP bytes (see {@link doctorSource}).
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { doctorRecording } from '@tsc/mcap-utils';
 *
 * const bytes = await readFile('fixtures/seed/basic_synthetic.mcap');
 * const report = await doctorRecording(bytes.subarray(0, 300_000), { fileName: 'cut.mcap' });
 * if (!report.ok) for (const issue of report.issues) console.log(issue.code, issue.message);
 * ```
 */
export async function doctorRecording(
  bytes: Uint8Array,
  { fileName = '<memory>' }: DoctorOptions = {},
): Promise<DoctorReport> {
  return doctorSource(bytesSource(bytes, fileName));
}
