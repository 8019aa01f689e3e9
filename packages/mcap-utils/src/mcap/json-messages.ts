import { MissingTopicError } from '../errors.js';
import type { ByteSource } from './byte-source.js';
import type { McapChannel, McapSchema } from './mcap-records.js';
import { readIndex, type ScanVisitor, scanIndexed, scanLinear } from './mcap-scanner.js';
import { wordsToBigint } from './time-words.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** One message of a topic, body decoded as UTF-8 text. */
export interface TopicMessage {
  /** The topic. */
  readonly topic: string;
  /** Log time (ns). */
  readonly logTimeNs: bigint;
  /** The body as text. */
  readonly text: string;
  /** The schema name of the channel (`''` when none). */
  readonly schemaName: string;
  /** Where the message is, for error messages. */
  readonly where: string;
}

/**
 * Reads every message of `topics` (through the index when the file has one, else by scanning),
 * in log-time order within each topic.
 *
 * @throws MissingTopicError when one of `topics` is not in the file (`optionalTopics` may be absent).
 * @internal
 */
export async function readTopicMessages(
  source: ByteSource,
  topics: readonly string[],
  optionalTopics: readonly string[] = [],
): Promise<Map<string, TopicMessage[]>> {
  const schemas = new Map<number, McapSchema>();
  const channels = new Map<number, McapChannel>();
  const result = new Map<string, TopicMessage[]>([...topics, ...optionalTopics].map((t) => [t, []]));
  const wanted = new Set(result.keys());
  const visitor: ScanVisitor = {
    schema: (schema) => schemas.set(schema.id, schema),
    channel: (channel) => channels.set(channel.id, channel),
    wantsChannel: (channelId) => {
      const channel = channels.get(channelId);
      return channel !== undefined && wanted.has(channel.topic);
    },
    message: (channelId, timeHigh, timeLow, block, dataStart, dataEnd, recordOffset) => {
      const logTimeNs = wordsToBigint(timeHigh, timeLow);
      const channel = channels.get(channelId)!;
      result.get(channel.topic)!.push({
        topic: channel.topic,
        logTimeNs,
        text: utf8.decode(block.bytes.subarray(dataStart, dataEnd)),
        schemaName: schemas.get(channel.schemaId)?.name ?? '',
        where: `${block.where}, record ${recordOffset}`,
      });
    },
  };
  const index = await readIndex(source);
  if (index.footer.summaryStart === 0 || index.chunkIndexes.length === 0) await scanLinear(source, visitor);
  else await scanIndexed(source, index, visitor);
  const available = [...channels.values()].map((c) => c.topic);
  for (const topic of topics)
    if (!available.includes(topic)) throw new MissingTopicError(source.name, topic, available);
  for (const list of result.values())
    list.sort((a, b) => (a.logTimeNs < b.logTimeNs ? -1 : a.logTimeNs > b.logTimeNs ? 1 : 0));
  return result;
}
