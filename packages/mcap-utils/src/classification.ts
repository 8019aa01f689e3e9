import { DISTORTION_LABEL_KEY } from './distortion-classes.js';
import { InvalidArgumentError, MalformedMessageError } from './errors.js';
import { createLabelEvent, type LabelEvent } from './labels.js';
import { bytesSource } from './mcap/byte-source.js';
import type { ChunkCompression } from './mcap/compression.js';
import { JsonMcapWriter, MemorySink } from './mcap/json-mcap-writer.js';
import { readTopicMessages } from './mcap/json-messages.js';
import { formatJsonNumber } from './sensor-event-codec.js';

/** The topic and schema name of classification messages (as the reference). */
export const CLASSIFICATION_TOPIC = 'classification';

/** The `classification` JSON schema written by {@link encodeClassification}. */
export const CLASSIFICATION_SCHEMA_DATA = JSON.stringify({
  title: 'Magnetic Distortion Classification',
  type: 'object',
  properties: {
    predicted_class_id: { type: 'integer' },
    label: { type: 'string' },
    probabilities: { type: 'array', items: { type: 'number' } },
    windowStartNs: { type: 'integer' },
    windowEndNs: { type: 'integer' },
  },
});

/** The reference's fixed window length (3 s), used for files that do not store the window. */
export const REFERENCE_WINDOW_NS = 3_000_000_000n;

/** One prediction on the `classification` topic. */
export interface ClassificationMessage {
  /** Log time (ns); the reference uses the window's end. */
  readonly logTimeNs: bigint;
  /** Index of the predicted class (argmax of `probabilities`). */
  readonly predictedClassId: number;
  /** The class label, e.g. `"2"`. */
  readonly label: string;
  /** One probability per class, in label-id order (empty in reference files). */
  readonly probabilities: readonly number[];
  /** Start of the classified window (ns). */
  readonly windowStartNs: bigint;
  /** End of the classified window (ns, exclusive). */
  readonly windowEndNs: bigint;
}

/** Options of {@link encodeClassification}. */
export interface ClassificationWriteOptions {
  /** Chunk compression. Defaults to `'zstd'` in Node and `'lz4'` in browsers (no zstd compressor is bundled there). */
  compression?: ChunkCompression;
  /** Target uncompressed chunk size (bytes). Defaults to 1 MiB. */
  chunkSizeBytes?: number;
  /** The header's `library` field. Defaults to `'@tsc/mcap-utils'`. */
  library?: string;
}

/**
 * The body of one message: the reference's `{"predicted_class_id", "label"}` plus
 * `probabilities`, `windowStartNs` and `windowEndNs` (integers).
 */
export function formatClassificationBody(message: ClassificationMessage): string {
  return (
    `{"predicted_class_id":${message.predictedClassId},"label":${JSON.stringify(message.label)},` +
    `"probabilities":[${message.probabilities.map(formatJsonNumber).join(',')}],` +
    `"windowStartNs":${message.windowStartNs},"windowEndNs":${message.windowEndNs}}`
  );
}

/**
 * Throws unless every probability is a finite number in `[0, 1]`: a NaN would make the body invalid JSON
 * and a prediction without meaning.
 *
 * @throws {@link InvalidArgumentError} naming the message index, its log time and the probability.
 */
export function checkClassificationMessages(messages: readonly ClassificationMessage[]): void {
  messages.forEach((message, index) => {
    message.probabilities.forEach((probability, classId) => {
      if (!(Number.isFinite(probability) && probability >= 0 && probability <= 1)) {
        throw new InvalidArgumentError(
          `messages[${index}] (log time ${message.logTimeNs} ns).probabilities[${classId}]`,
          'a finite probability in [0, 1]',
          probability,
        );
      }
    });
  });
}

/**
 * Writes classification messages into an open writer (registers schema and channel).
 *
 * @throws {@link InvalidArgumentError} before writing anything when a probability is not finite or outside `[0, 1]`.
 */
export function writeClassificationMessages(writer: JsonMcapWriter, messages: readonly ClassificationMessage[]): void {
  checkClassificationMessages(messages);
  const schemaId = writer.registerSchema({ name: CLASSIFICATION_TOPIC, data: CLASSIFICATION_SCHEMA_DATA });
  const channelId = writer.registerChannel({ topic: CLASSIFICATION_TOPIC, schemaId });
  for (const message of messages) writer.addMessage(channelId, message.logTimeNs, formatClassificationBody(message));
}

/**
 * Encodes predictions as an MCAP file with the `classification` topic (schema `classification`,
 * JSON), `logTime = publishTime = logTimeNs`.
 *
 * @example
 * ```ts
 * import { encodeClassification } from '@tsc/mcap-utils';
 *
 * const bytes = await encodeClassification([
 *   { logTimeNs: 3_000_000_000n, predictedClassId: 2, label: '2', probabilities: [0.1, 0.2, 0.7], windowStartNs: 0n, windowEndNs: 3_000_000_000n },
 * ]); // an MCAP file with one message on the classification topic
 * ```
 */
export async function encodeClassification(
  messages: readonly ClassificationMessage[],
  { compression, chunkSizeBytes = 1024 * 1024, library = '@tsc/mcap-utils' }: ClassificationWriteOptions = {},
): Promise<Uint8Array> {
  const sink = new MemorySink();
  const writer = await JsonMcapWriter.create(sink, { compression, chunkSizeBytes, library });
  writeClassificationMessages(writer, messages);
  writer.finish();
  return sink.toBytes();
}

/** Options of {@link decodeClassification}. */
export interface ClassificationReadOptions {
  /** The name used in error messages. Defaults to `'<memory>'`. */
  fileName?: string;
}

function exactInteger(text: string, key: string): bigint | undefined {
  const match = new RegExp(`"${key}"\\s*:\\s*(-?\\d+)\\s*[,}]`).exec(text);
  return match ? BigInt(match[1]!) : undefined;
}

/**
 * Parses one `classification` body. Reference bodies have only `predicted_class_id` and `label`:
 * then `probabilities` is empty and the window is the reference's 3 s ending at the log time.
 * @internal
 */
export function parseClassificationBody(
  text: string,
  logTimeNs: bigint,
  file: string,
  where: string,
): ClassificationMessage {
  const fail = (expected: string, found: unknown): never => {
    throw new MalformedMessageError(file, CLASSIFICATION_TOPIC, logTimeNs, where, expected, found);
  };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail('a JSON object', text.slice(0, 40));
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('a JSON object', body);
  const object = body as Record<string, unknown>;
  const id = object.predicted_class_id;
  if (typeof id !== 'number' || !Number.isInteger(id)) fail('an integer "predicted_class_id"', id);
  if (typeof object.label !== 'string') fail('a string "label"', object.label);
  const probabilities = object.probabilities ?? [];
  if (!Array.isArray(probabilities) || !probabilities.every((p) => typeof p === 'number')) {
    fail('"probabilities" as an array of numbers', probabilities);
  }
  for (const key of ['windowStartNs', 'windowEndNs']) {
    if (object[key] !== undefined && (typeof object[key] !== 'number' || !Number.isInteger(object[key])))
      fail(`an integer "${key}"`, object[key]);
  }
  const windowEndNs =
    object.windowEndNs === undefined
      ? logTimeNs
      : (exactInteger(text, 'windowEndNs') ?? BigInt(object.windowEndNs as number));
  const windowStartNs =
    object.windowStartNs === undefined
      ? windowEndNs - REFERENCE_WINDOW_NS
      : (exactInteger(text, 'windowStartNs') ?? BigInt(object.windowStartNs as number));
  return {
    logTimeNs,
    predictedClassId: id as number,
    label: object.label as string,
    probabilities: probabilities as number[],
    windowStartNs,
    windowEndNs,
  };
}

/**
 * Decodes the `classification` topic of an MCAP file (ours or the reference's), in log-time order.
 *
 * @throws MissingTopicError without a `classification` topic; MalformedMessageError for bad bodies.
 */
export async function decodeClassification(
  bytes: Uint8Array,
  { fileName = '<memory>' }: ClassificationReadOptions = {},
): Promise<ClassificationMessage[]> {
  const messages = await readTopicMessages(bytesSource(bytes, fileName), [CLASSIFICATION_TOPIC]);
  return messages
    .get(CLASSIFICATION_TOPIC)!
    .map((m) => parseClassificationBody(m.text, m.logTimeNs, fileName, m.where));
}

/** Options of {@link mergePredictions}. */
export interface MergePredictionsOptions {
  /** Metadata key of the label in each event. Defaults to `'mag_distortion'`. */
  labelKey?: string;
  /** The events' `collection`. Defaults to `''`. */
  collection?: string;
}

/**
 * Merges consecutive predictions with the same label into label events. An event runs from its
 * first window's start to its last window's end; where two events meet, the boundary is the
 * midpoint between the centres of the last window of one and the first window of the next (for
 * back-to-back windows: the shared edge), so events never overlap.
 *
 * @example
 * ```ts
 * import { mergePredictions } from '@tsc/mcap-utils';
 *
 * const messages = [
 *   { logTimeNs: 3_000_000_000n, predictedClassId: 0, label: '0', probabilities: [0.9, 0.1, 0], windowStartNs: 0n, windowEndNs: 3_000_000_000n },
 *   { logTimeNs: 6_000_000_000n, predictedClassId: 2, label: '2', probabilities: [0.1, 0.2, 0.7], windowStartNs: 3_000_000_000n, windowEndNs: 6_000_000_000n },
 * ];
 * console.log(mergePredictions(messages, { collection: 'projects/p/data/run/run.labels.json' }));
 * // [{ startTime: { sec: 0, nsec: 0 }, endTime: { sec: 3, nsec: 0 }, metadata: { mag_distortion: '0' }, … }, …]
 * ```
 */
export function mergePredictions(
  messages: readonly ClassificationMessage[],
  { labelKey = DISTORTION_LABEL_KEY, collection = '' }: MergePredictionsOptions = {},
): LabelEvent[] {
  const sorted = [...messages].sort((a, b) =>
    a.windowStartNs < b.windowStartNs ? -1 : a.windowStartNs > b.windowStartNs ? 1 : 0,
  );
  const runs: { label: string; first: ClassificationMessage; last: ClassificationMessage }[] = [];
  for (const message of sorted) {
    const run = runs[runs.length - 1];
    if (run !== undefined && run.label === message.label) run.last = message;
    else runs.push({ label: message.label, first: message, last: message });
  }
  const centre = (m: ClassificationMessage) => (m.windowStartNs + m.windowEndNs) / 2n;
  return runs.map((run, i) => {
    const previous = runs[i - 1];
    const next = runs[i + 1];
    const startTimeNs =
      previous === undefined ? run.first.windowStartNs : (centre(previous.last) + centre(run.first)) / 2n;
    const endTimeNs = next === undefined ? run.last.windowEndNs : (centre(run.last) + centre(next.first)) / 2n;
    return createLabelEvent({ startTimeNs, endTimeNs, metadata: { [labelKey]: run.label }, collection });
  });
}
