import { TscError } from '@tsc/errors';
import { McapCrcError, McapTruncatedError } from './errors.js';
import { type ByteSource, bytesSource } from './mcap/byte-source.js';
import type { McapChannel, McapSchema } from './mcap/mcap-records.js';
import { type ChunkInfo, type McapIndex, readHeader, readIndex, scanLinear } from './mcap/mcap-scanner.js';
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
  const issues: DoctorIssue[] = [];
  const perCode = new Map<string, number>();
  const add = (severity: 'error' | 'warning', code: DoctorIssueCode, message: string, offset?: number) => {
    const count = (perCode.get(code) ?? 0) + 1;
    perCode.set(code, count);
    if (count <= 20)
      issues.push(offset === undefined ? { severity, code, message } : { severity, code, message, offset });
  };
  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const offsetOf = (error: unknown) => {
    const offset = (error as { offset?: unknown }).offset;
    return typeof offset === 'number' ? offset : undefined;
  };
  const report = (messageCount = 0, chunkCount = 0): DoctorReport => ({
    fileName: source.name,
    ok: !issues.some((i) => i.severity === 'error'),
    issues,
    messageCount,
    chunkCount,
  });

  try {
    await readHeader(source);
  } catch (error) {
    add(
      'error',
      TscError.isInstance(error) && error.name === 'McapTruncatedError' ? 'truncated' : 'format',
      describe(error),
      offsetOf(error),
    );
    return report();
  }
  let index: McapIndex | undefined;
  try {
    index = await readIndex(source);
    if (index.footer.summaryStart === 0)
      add('warning', 'no-index', 'the file has no summary section (readers must scan it)');
    else if (index.chunkIndexes.length === 0 && (index.statistics?.chunkCount ?? 0) > 0)
      add('error', 'chunk-index', 'the summary has no chunk indexes');
  } catch (error) {
    add(
      'error',
      error instanceof McapCrcError ? 'crc' : error instanceof McapTruncatedError ? 'truncated' : 'format',
      `footer/summary: ${describe(error)}`,
      offsetOf(error),
    );
  }

  const schemas = new Map<number, McapSchema>();
  const channels = new Map<number, McapChannel>();
  const chunks: ChunkSeen[] = [];
  let current: ChunkSeen | undefined;
  const channelCounts = new Map<number, number>();
  const lastTimes = new Map<number, bigint>();
  const widths = new Map<number, number>();
  const scratch = new GrowableFloat64(64);
  const series = new Map<number, SensorSeriesSeen>();
  let messageCount = 0;
  let firstTime: bigint | undefined;
  let lastTime: bigint | undefined;
  try {
    const end = await scanLinear(
      source,
      {
        schema: (schema) => schemas.set(schema.id, schema),
        channel: (channel) => channels.set(channel.id, channel),
        record: (opcode) => {
          if (opcode !== 0x07) current = undefined; // message indexes must follow their chunk
        },
        chunk: (info) => {
          current = { ...info, counts: new Map(), firstTime: undefined, lastTime: undefined, indexCounts: new Map() };
          chunks.push(current);
        },
        messageIndex: (offset, channelId, entryCount) => {
          if (current === undefined)
            add('error', 'message-index', `message index for channel ${channelId} not after a chunk`, offset);
          else current.indexCounts.set(channelId, entryCount);
        },
        message: (channelId, timeHigh, timeLow, block, dataStart, dataEnd, recordOffset) => {
          const logTimeNs = wordsToUnsignedBigint(timeHigh, timeLow);
          messageCount++;
          if (firstTime === undefined || logTimeNs < firstTime) firstTime = logTimeNs;
          if (lastTime === undefined || logTimeNs > lastTime) lastTime = logTimeNs;
          channelCounts.set(channelId, (channelCounts.get(channelId) ?? 0) + 1);
          const chunk = chunks[chunks.length - 1];
          if (chunk !== undefined && block.where === `chunk at ${chunk.offset}`) {
            chunk.counts.set(channelId, (chunk.counts.get(channelId) ?? 0) + 1);
            if (chunk.firstTime === undefined || logTimeNs < chunk.firstTime) chunk.firstTime = logTimeNs;
            if (chunk.lastTime === undefined || logTimeNs > chunk.lastTime) chunk.lastTime = logTimeNs;
          }
          const channel = channels.get(channelId);
          if (channel === undefined) {
            add(
              'error',
              'format',
              `message on channel ${channelId}, which was never defined (${block.where}, record ${recordOffset})`,
            );
            return;
          }
          const previous = lastTimes.get(channelId);
          if (previous !== undefined && logTimeNs < previous) {
            add(
              'warning',
              'time-order',
              `topic ${channel.topic}: log time ${logTimeNs} ns after ${previous} ns (${block.where}, record ${recordOffset})`,
            );
          }
          lastTimes.set(channelId, logTimeNs);
          if (channel.messageEncoding !== 'json' || schemas.get(channel.schemaId)?.name !== SENSOR_EVENT_SCHEMA_NAME)
            return;
          scratch.length = 0;
          try {
            const count = parseSensorEventValues(block.text, dataStart, dataEnd, scratch);
            noteSample(series, channelId, logTimeNs, scratch);
            const width = widths.get(channelId);
            if (width === undefined) widths.set(channelId, count);
            else if (width !== count) {
              add(
                'error',
                'width',
                `topic ${channel.topic} at ${logTimeNs} ns: expected ${width} values, found ${count} (${block.where}, record ${recordOffset})`,
              );
            }
          } catch (error) {
            if (!(error instanceof BodyParseError)) throw error;
            add(
              'error',
              'body',
              `topic ${channel.topic} at ${logTimeNs} ns: expected ${error.expected}, found ${error.found} (${block.where}, record ${recordOffset})`,
            );
          }
        },
      },
      { onCrcMismatch: (error) => add('error', 'crc', error.message, error.offset) },
    );
    if (end.truncation)
      add(
        'error',
        'truncated',
        `${source.name}: truncated at byte ${end.truncation.offset} of the file: ${end.truncation.detail}`,
        end.truncation.offset,
      );
  } catch (error) {
    if (!TscError.isInstance(error)) throw error;
    add('error', error instanceof McapCrcError ? 'crc' : 'format', `scan stopped: ${describe(error)}`, offsetOf(error));
    return report(messageCount, chunks.length);
  }

  for (const chunk of chunks) {
    for (const [channelId, count] of chunk.counts) {
      const indexed = chunk.indexCounts.get(channelId);
      if (indexed !== count) {
        add(
          'error',
          'message-index',
          `chunk at ${chunk.offset}, channel ${channelId}: expected ${count} message index entries, found ${indexed ?? 'none'}`,
          chunk.offset,
        );
      }
    }
    if (
      chunk.firstTime !== undefined &&
      (chunk.firstTime !== chunk.messageStartTime || chunk.lastTime !== chunk.messageEndTime)
    ) {
      add(
        'error',
        'chunk-index',
        `chunk at ${chunk.offset}: header says ${chunk.messageStartTime}…${chunk.messageEndTime} ns, messages span ${chunk.firstTime}…${chunk.lastTime} ns`,
        chunk.offset,
      );
    }
  }
  if (index !== undefined && index.footer.summaryStart !== 0) {
    const byOffset = new Map(chunks.map((c) => [c.offset, c]));
    for (const chunkIndex of index.chunkIndexes) {
      const chunk = byOffset.get(chunkIndex.chunkStartOffset);
      if (chunk === undefined) {
        add(
          'error',
          'chunk-index',
          `chunk index points to offset ${chunkIndex.chunkStartOffset}, where there is no chunk`,
          chunkIndex.chunkStartOffset,
        );
        continue;
      }
      const mismatches: string[] = [];
      if (chunk.length !== chunkIndex.chunkLength)
        mismatches.push(`length ${chunkIndex.chunkLength} vs ${chunk.length}`);
      if (chunk.compression !== chunkIndex.compression)
        mismatches.push(
          `compression ${JSON.stringify(chunkIndex.compression)} vs ${JSON.stringify(chunk.compression)}`,
        );
      if (chunk.compressedSize !== chunkIndex.compressedSize)
        mismatches.push(`compressed size ${chunkIndex.compressedSize} vs ${chunk.compressedSize}`);
      if (chunk.uncompressedSize !== chunkIndex.uncompressedSize)
        mismatches.push(`uncompressed size ${chunkIndex.uncompressedSize} vs ${chunk.uncompressedSize}`);
      if (
        chunk.messageStartTime !== chunkIndex.messageStartTime ||
        chunk.messageEndTime !== chunkIndex.messageEndTime
      ) {
        mismatches.push(
          `time ${chunkIndex.messageStartTime}…${chunkIndex.messageEndTime} vs ${chunk.messageStartTime}…${chunk.messageEndTime}`,
        );
      }
      if (mismatches.length > 0)
        add('error', 'chunk-index', `chunk at ${chunk.offset}: index vs chunk: ${mismatches.join(', ')}`, chunk.offset);
    }
    if (index.chunkIndexes.length !== chunks.length) {
      add(
        'error',
        'chunk-index',
        `expected ${chunks.length} chunk indexes (one per chunk), found ${index.chunkIndexes.length}`,
      );
    }
    const stats = index.statistics;
    if (stats !== undefined) {
      if (stats.messageCount !== BigInt(messageCount))
        add('error', 'statistics', `message count: statistics say ${stats.messageCount}, found ${messageCount}`);
      if (stats.chunkCount !== chunks.length)
        add('error', 'statistics', `chunk count: statistics say ${stats.chunkCount}, found ${chunks.length}`);
      if (messageCount > 0 && (stats.messageStartTime !== firstTime || stats.messageEndTime !== lastTime)) {
        add(
          'error',
          'statistics',
          `time range: statistics say ${stats.messageStartTime}…${stats.messageEndTime} ns, messages span ${firstTime}…${lastTime} ns`,
        );
      }
      for (const [channelId, count] of stats.channelMessageCounts) {
        if (BigInt(channelCounts.get(channelId) ?? 0) !== count) {
          add(
            'error',
            'statistics',
            `channel ${channelId}: statistics say ${count} messages, found ${channelCounts.get(channelId) ?? 0}`,
          );
        }
      }
    }
  }
  for (const [channelId, seen] of series) {
    for (const [code, message] of dataWarnings(channels.get(channelId)?.topic ?? String(channelId), seen)) {
      add('warning', code, message);
    }
  }
  return report(messageCount, chunks.length);
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
