import { InvalidArgumentError } from './errors.js';
import { JsonValidator, stringifyPythonStyle } from './json-validation.js';

/** A time as the labels file stores it: whole seconds and nanoseconds. */
export interface LabelTime {
  /** Whole seconds. */
  readonly sec: number;
  /** Nanoseconds, 0 ≤ nsec < 1e9. */
  readonly nsec: number;
}

/** One labelled time span of a `.labels.json` file (the reference's shape). */
export interface LabelEvent {
  /** Event id (the reference uses a UUID v4). */
  readonly id: string;
  /** Start of the span (inclusive). */
  readonly startTime: LabelTime;
  /** End of the span (exclusive). */
  readonly endTime: LabelTime;
  /** Labels, e.g. `{ mag_distortion: '2', '': '' }` (the reference adds the empty pair). */
  readonly metadata: Readonly<Record<string, string>>;
  /** The storage path of the labels file, e.g. `projects/nst-test/data/x/x.labels.json`. */
  readonly collection: string;
  /** Other fields found in the file (e.g. `formattedTime`), kept so a file round-trips. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** A `.labels.json` file. */
export interface LabelsFile {
  /** The labelled spans. */
  readonly events: readonly LabelEvent[];
}

/** Options of {@link parseLabels}. */
export interface ParseLabelsOptions {
  /** The file name used in error messages. Defaults to `'<memory>'`. */
  fileName?: string;
}

const KNOWN_EVENT_KEYS = new Set(['id', 'startTime', 'endTime', 'metadata', 'collection']);

function parseTime(v: JsonValidator, value: unknown, path: string): LabelTime {
  const object = v.object(value, path);
  return { sec: v.integer(object.sec, `${path}.sec`), nsec: v.integer(object.nsec, `${path}.nsec`, 0, 999_999_999) };
}

/**
 * Parses and validates a `.labels.json` file.
 *
 * @throws JsonValidationError naming the file, the JSON path (e.g. `events[2].startTime.nsec`),
 *   what was expected and what was found; also for an event whose endTime is before its startTime.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseLabels } from '@tsc/mcap-utils';
 *
 * const text = await readFile('fixtures/seed/example_labels.json', 'utf8');
 * const labels = parseLabels(text, { fileName: 'example_labels.json' });
 * console.log(labels.events.length, labels.events[0]?.startTime); // 2 { sec: …, nsec: … }
 * ```
 */
export function parseLabels(text: string, { fileName = '<memory>' }: ParseLabelsOptions = {}): LabelsFile {
  const v = new JsonValidator(fileName);
  const root = v.object(v.parse(text), '');
  const events = v.array(root.events, 'events').map((value, i): LabelEvent => {
    const path = `events[${i}]`;
    const object = v.object(value, path);
    const startTime = parseTime(v, object.startTime, `${path}.startTime`);
    const endTime = parseTime(v, object.endTime, `${path}.endTime`);
    if (endTime.sec < startTime.sec || (endTime.sec === startTime.sec && endTime.nsec < startTime.nsec)) {
      v.fail(
        `${path}.endTime`,
        `a time at or after startTime ${startTime.sec} s ${startTime.nsec} ns (event ${JSON.stringify(object.id)})`,
        object.endTime,
      );
    }
    const event: LabelEvent = {
      id: v.string(object.id, `${path}.id`),
      startTime,
      endTime,
      metadata: v.stringRecord(object.metadata, `${path}.metadata`),
      collection: v.string(object.collection, `${path}.collection`),
    };
    const extra = Object.fromEntries(Object.entries(object).filter(([key]) => !KNOWN_EVENT_KEYS.has(key)));
    return Object.keys(extra).length > 0 ? { ...event, extra } : event;
  });
  return { events };
}

/**
 * Serialises labels as the reference does (`json.dump(..., indent=4)`): keys `id`, `startTime`,
 * `endTime`, `metadata`, `collection`, then any `extra` fields.
 */
export function stringifyLabels(labels: LabelsFile): string {
  return stringifyPythonStyle(
    {
      events: labels.events.map((event) => ({
        id: event.id,
        startTime: { sec: event.startTime.sec, nsec: event.startTime.nsec },
        endTime: { sec: event.endTime.sec, nsec: event.endTime.nsec },
        metadata: { ...event.metadata },
        collection: event.collection,
        ...event.extra,
      })),
    },
    4,
  );
}

/** A time in ns as a labels-file `{sec, nsec}` (floor division, so nsec is never negative). */
export function labelTimeFromNs(timeNs: bigint): LabelTime {
  let sec = timeNs / 1_000_000_000n;
  let nsec = timeNs % 1_000_000_000n;
  if (nsec < 0n) {
    nsec += 1_000_000_000n;
    sec -= 1n;
  }
  return { sec: Number(sec), nsec: Number(nsec) };
}

/** A labels-file `{sec, nsec}` as ns. */
export function labelTimeToNs(time: LabelTime): bigint {
  return BigInt(time.sec) * 1_000_000_000n + BigInt(time.nsec);
}

/** A label event's span in ns. */
export interface LabelSpanNs {
  /** Start (ns, inclusive). */
  readonly startNs: bigint;
  /** End (ns, exclusive). */
  readonly endNs: bigint;
}

/** The span of a label event in ns: `[startNs, endNs)`. */
export function labelEventTimesNs(event: LabelEvent): LabelSpanNs {
  return { startNs: labelTimeToNs(event.startTime), endNs: labelTimeToNs(event.endTime) };
}

/**
 * The label at any time of a set of label events, found by binary search: events cut the time line into spans, and
 * each span takes the label of the first event in file order that holds it (as the events are read everywhere). Build
 * it once for many look-ups (every sample of a long recording, every window of a stream).
 */
export class LabelTimeline {
  /** The distinct label values, in order of first appearance in the events. */
  readonly names: readonly string[];
  /** Span starts (ns), increasing; span `i` is `[bounds[i], bounds[i + 1])`. */
  readonly #bounds: bigint[];
  /** The label index of each span, -1 for none. */
  readonly #labels: Int32Array;

  /**
   * @param events - The label events; those without `labelKey` are ignored.
   * @param labelKey - The metadata key holding the label.
   */
  constructor(events: readonly LabelEvent[], labelKey: string) {
    const names: string[] = [];
    const spans = events.flatMap((event) => {
      const name = event.metadata[labelKey];
      if (name === undefined) return [];
      let id = names.indexOf(name);
      if (id < 0) id = names.push(name) - 1;
      return [{ ...labelEventTimesNs(event), id }];
    });
    const bounds = [...new Set(spans.flatMap(({ startNs, endNs }) => [startNs, endNs]))].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    this.names = names;
    this.#bounds = bounds;
    this.#labels = Int32Array.from(bounds, (start) => {
      return spans.find(({ startNs, endNs }) => start >= startNs && start < endNs)?.id ?? -1;
    });
  }

  /** The index in {@link LabelTimeline.names} of the label at `timeNs`, -1 where no event holds it. */
  at(timeNs: bigint): number {
    const bounds = this.#bounds;
    let low = 0;
    let high = bounds.length; // the first bound after timeNs
    while (low < high) {
      const middle = (low + high) >> 1;
      if (bounds[middle]! <= timeNs) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? -1 : this.#labels[low - 1]!;
  }
}

/** Options of {@link createLabelEvent}. */
export interface CreateLabelEventOptions {
  /** Start of the span (ns, inclusive). */
  startTimeNs: bigint;
  /** End of the span (ns, exclusive). */
  endTimeNs: bigint;
  /** Labels, e.g. `{ mag_distortion: '1' }`. The reference's extra `"": ""` pair is not added. */
  metadata: Readonly<Record<string, string>>;
  /** The labels file's storage path. */
  collection: string;
  /**
   * Event id. Defaults to a deterministic UUID (version 8, RFC 9562) derived from the collection,
   * the times and the metadata, so regenerating the same labels gives the same file.
   */
  id?: string;
}

function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A UUID version 8 (custom) whose bits are a hash of `text`: deterministic ids. @internal */
export function deterministicUuid(text: string): string {
  const [a, b, c, d] = hash128(text);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const b2 = ((b & 0xffff0fff) | 0x00008000) >>> 0; // version 8
  const c2 = ((c & 0x3fffffff) | 0x80000000) >>> 0; // variant 10
  const s = hex(a) + hex(b2) + hex(c2) + hex(d);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * Makes a label event from ns times.
 *
 * @throws InvalidArgumentError when `endTimeNs < startTimeNs`.
 *
 * @example
 * ```ts
 * import { createLabelEvent } from '@tsc/mcap-utils';
 *
 * createLabelEvent({ startTimeNs: 0n, endTimeNs: 15_000_000_000n, metadata: { mag_distortion: '2' }, collection: 'x.labels.json' });
 * // { id: '…', startTime: { sec: 0, nsec: 0 }, endTime: { sec: 15, nsec: 0 }, metadata: { mag_distortion: '2' }, collection: 'x.labels.json' }
 * ```
 */
export function createLabelEvent({
  startTimeNs,
  endTimeNs,
  metadata,
  collection,
  id,
}: CreateLabelEventOptions): LabelEvent {
  if (endTimeNs < startTimeNs) throw new InvalidArgumentError('endTimeNs', `≥ startTimeNs (${startTimeNs})`, endTimeNs);
  const sortedMetadata = Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    id: id ?? deterministicUuid(JSON.stringify([collection, `${startTimeNs}`, `${endTimeNs}`, sortedMetadata])),
    startTime: labelTimeFromNs(startTimeNs),
    endTime: labelTimeFromNs(endTimeNs),
    metadata: { ...metadata },
    collection,
  };
}
