import { DISTORTION_LABEL_KEY } from './distortion-classes.js';
import { InvalidArgumentError, ValueWidthError } from './errors.js';
import type { ExperimentFile } from './experiment.js';
import type { ImuRecording, TopicSeries } from './imu-recording.js';
import { JsonValidator } from './json-validation.js';
import { createLabelEvent, type LabelsFile } from './labels.js';
import {
  checkPhoneLogMagnitude,
  type PhoneLogAccelerometerUnit,
  type PhoneLogUnitWarning,
  phoneLogDeclaredUnits,
  STANDARD_GRAVITY_MS2,
} from './phone-log-units.js';

/** Phone sensor-log record types and the topics they become (the reference's map). */
export const PHONE_LOG_TOPICS: Readonly<Record<string, string>> = {
  MAG_AUTOCAL: 'mag_raw',
  ACCEL_AUTOCAL: 'acc_raw',
  GYRO_AUTOCAL: 'gyro_raw',
  Q_MAG_ACCEL: 'q_mag_accel',
  Q_9AXIS: 'q_9axis',
  LINEAR_ACCEL: 'linear_accel',
  TEMPERATURE: 'temperature',
};

/** The device fields the reference copies from a log into the experiment metadata. */
export const PHONE_LOG_DEVICE_FIELDS = [
  'firmware',
  'serialNumber',
  'appVersion',
  'deviceModel',
  'deviceName',
  'osVersion',
  'userLabel',
] as const;

const UNITS: Readonly<Record<string, string>> = {
  mag_raw: 'uT',
  acc_raw: 'm/s^2',
  gyro_raw: 'rad/s',
  linear_accel: 'm/s^2',
  q_mag_accel: '1',
  q_9axis: '1',
};

/** Options of {@link convertPhoneLogText}. */
export interface ConvertPhoneLogOptions {
  /** The log's file name, e.g. `Sensor_Log_2023-11-08_09_05_43.json` (names the outputs and `source_file`). */
  fileName: string;
  /** The label value of the whole recording (`"0"` none, `"1"` low, `"2"` high). Defaults to `'0'`. */
  distortionLevel?: string;
  /** The project in storage paths (`projects/<id>/data/…`). Defaults to `'nst-test'` (as the reference). */
  projectId?: string;
  /** Remote folder relative to the data root. Defaults to `recorded_logs/<base name>` (as the reference). */
  remotePrefix?: string;
  /**
   * The unit of the log's `ACCEL_AUTOCAL` records: `'g'` values are multiplied by 9.80665 into m/s², `'m/s^2'`
   * values are kept. Defaults to `'g'`, the unit of the reference's phone logs.
   */
  accelerometerUnit?: PhoneLogAccelerometerUnit;
}

/** The result of converting one phone log. */
export interface PhoneLogConversion {
  /** Base name of the outputs (`<base>.mcap`, `<base>.labels.json`, `<base>.experiment.json`). */
  readonly baseName: string;
  /**
   * The sensor data: timestamps in ns (`ts` µs × 1000, on the log's own time base), `mag_raw` in µT,
   * `acc_raw` in m/s² (converted from g unless `accelerometerUnit` is `'m/s^2'`), `gyro_raw` in rad/s,
   * other topics as logged.
   */
  readonly recording: ImuRecording;
  /** One event from START to STOP (first to last record without them). */
  readonly labels: LabelsFile;
  /** The experiment description (`source_type: "recorded_log"`, device fields). */
  readonly experiment: ExperimentFile;
  /** Start of the recording (ns). */
  readonly startTimeNs: bigint;
  /** End of the recording (ns). */
  readonly stopTimeNs: bigint;
  /** Records skipped, by type (START, STOP, TIMESTAMP_FULL, …). */
  readonly skippedRecords: Readonly<Record<string, number>>;
  /** Sensors whose median magnitude does not fit their declared unit (empty when all fit). */
  readonly warnings: readonly PhoneLogUnitWarning[];
}

/** The largest log time a recording holds (ns): 2⁶³ − 1, the end of `BigInt64Array`. */
const MAX_LOG_TIME_NS = 2n ** 63n - 1n;

/** µs (a JSON number, possibly fractional) → ns as an exact bigint. */
function microsecondsToNs(us: number): bigint {
  const whole = Math.trunc(us);
  return BigInt(whole) * 1000n + BigInt(Math.round((us - whole) * 1000));
}

/** One sensor sample of a phone log record (see {@link parsePhoneLogLine}). */
export interface PhoneLogSample {
  /** The topic the record type maps to ({@link PHONE_LOG_TOPICS}), e.g. `mag_raw` for `MAG_AUTOCAL`. */
  readonly topic: string;
  /** The sample time (ns), from the record's `ts` (µs). */
  readonly timeNs: bigint;
  /** The values in µT, m/s² and rad/s (`ACCEL_AUTOCAL` converted from g, as {@link convertPhoneLogText} does). */
  readonly values: readonly number[];
}

/**
 * One line of a streamed phone sensor log: a single record of the log's `data` array as JSON,
 * `{"ts": <µs>, "type": "MAG_AUTOCAL", "values": [x, y, z]}`. Records of a type without a topic
 * (START, STOP, TIMESTAMP_FULL, …) and blank lines give `undefined`.
 *
 * @param line - The JSON text of one record.
 * @param where - The source and line for error messages. Defaults to `'<line>'`.
 * @param accelerometerUnit - The unit of `ACCEL_AUTOCAL` values, `g` (converted to m/s²) or `m/s^2`. Defaults to `'g'`,
 *   as {@link convertPhoneLogText}.
 * @throws JsonValidationError naming `where` and the field.
 *
 * @example
 * ```ts
 * import { parsePhoneLogLine } from '@tsc/mcap-utils';
 *
 * console.log(parsePhoneLogLine('{"ts":1000.5,"type":"MAG_AUTOCAL","values":[20,-3,41]}'));
 * // { topic: 'mag_raw', timeNs: 1000500n, values: [20, -3, 41] }
 * ```
 */
export function parsePhoneLogLine(
  line: string,
  where = '<line>',
  accelerometerUnit: PhoneLogAccelerometerUnit = 'g',
): PhoneLogSample | undefined {
  if (line.trim() === '') return undefined;
  const v = new JsonValidator(where);
  const record = v.object(v.parse(line), '');
  const topic = PHONE_LOG_TOPICS[v.string(record.type, 'type')];
  if (topic === undefined) return undefined;
  const timeNs = microsecondsToNs(v.number(record.ts, 'ts'));
  const scale = topic === PHONE_LOG_TOPICS.ACCEL_AUTOCAL && accelerometerUnit === 'g' ? STANDARD_GRAVITY_MS2 : 1;
  const values = v.array(record.values ?? [], 'values').map((x, k) => v.number(x, `values[${k}]`) * scale);
  return { topic, timeNs, values };
}

/**
 * Converts the reference's phone sensor-log JSON (`{<device fields>, data: [{ts (µs), type,
 * values}]}`) to a recording, labels and experiment as `convert_sensor_logs.py` does, but with
 * timestamps in ns everywhere (the reference kept µs in the message `timestamp`), records sorted by
 * time per topic, a deterministic label id, and the accelerometer converted from g to m/s² (the
 * reference stored it as logged, in g). Log times are `ts` × 1000 with no offset, so label events
 * given in seconds on the log's `ts` time base line up with the samples.
 *
 * Declared units: `ACCEL_AUTOCAL` in g (or `accelerometerUnit`), `MAG_AUTOCAL` in µT, `GYRO_AUTOCAL`
 * in rad/s. When the median |a| over the log does not fit gravity (0.75–1.25 g) or the median |m| does
 * not fit the Earth's field (15–80 µT) in the declared unit, `warnings` names the file, the record
 * type and the median found and expected; the values are converted as declared all the same.
 *
 * @throws JsonValidationError naming the file and the JSON path (e.g. `data[12].values[1]`), also for a
 *   `ts` outside [0, 2⁶³ − 1] ns and for a log without any sensor record; ValueWidthError when a
 *   sensor's records change width; InvalidArgumentError for an unknown `accelerometerUnit`.
 *
 * @example
 * ```ts
 * import { convertPhoneLogText } from '@tsc/mcap-utils';
 *
 * const text = JSON.stringify({
 *   data: [
 *     { ts: 1000, type: 'MAG_AUTOCAL', values: [20, -3, 41] },
 *     { ts: 1000, type: 'ACCEL_AUTOCAL', values: [0, 0, 1] },
 *     { ts: 11000, type: 'MAG_AUTOCAL', values: [21, -3, 40] },
 *     { ts: 11000, type: 'ACCEL_AUTOCAL', values: [0, 0.01, 1] },
 *   ],
 * });
 * const { recording, warnings } = convertPhoneLogText(text, { fileName: 'Sensor_Log_1.json' });
 * recording.topics.get('mag_raw')!.timestampsNs[0]; // 1000000n: ts × 1000
 * recording.topics.get('acc_raw')!.values[2]; // 9.80665: ACCEL_AUTOCAL z (g) × 9.80665, in m/s²
 * for (const warning of warnings) console.warn(warning.message);
 * ```
 */
export function convertPhoneLogText(
  text: string,
  {
    fileName,
    distortionLevel = '0',
    projectId = 'nst-test',
    remotePrefix,
    accelerometerUnit = 'g',
  }: ConvertPhoneLogOptions,
): PhoneLogConversion {
  if (accelerometerUnit !== 'g' && accelerometerUnit !== 'm/s^2')
    throw new InvalidArgumentError('options.accelerometerUnit', "'g' or 'm/s^2'", accelerometerUnit);
  const v = new JsonValidator(fileName);
  const root = v.object(v.parse(text), '');
  const logName = fileName.split(/[\\/]/).pop() ?? fileName;
  const baseName = logName.replace(/\.gz$/i, '').replace(/\.[^.]*$/, '');
  const prefix = remotePrefix ?? `recorded_logs/${baseName}`;
  const { collected, skipped, startTimeNs, stopTimeNs } = collectPhoneLogRecords(v, v.array(root.data, 'data'));
  const topics = sortedTopicSeries(collected);
  const warnings = applyDeclaredUnits(topics, fileName, accelerometerUnit);
  const device = Object.fromEntries(
    PHONE_LOG_DEVICE_FIELDS.map((key) => [key, typeof root[key] === 'string' ? root[key] : String(root[key] ?? '')]),
  );
  const units = Object.fromEntries([...topics.keys()].filter((t) => UNITS[t] !== undefined).map((t) => [t, UNITS[t]!]));
  const recording: ImuRecording = {
    topics,
    metadata: { units, extra: { source_type: 'recorded_log', source_file: logName, ...device } },
  };
  const collection = `projects/${projectId}/data/${prefix}/${baseName}.labels.json`;
  const labelMetadata = { [DISTORTION_LABEL_KEY]: distortionLevel, source_file: logName, '': '' };
  // biome-ignore lint/complexity/useMathMinMax: bigint log times (Math.max takes numbers)
  const endTimeNs = stopTimeNs < startTimeNs ? startTimeNs : stopTimeNs;
  const labels: LabelsFile = {
    events: [createLabelEvent({ startTimeNs, endTimeNs, metadata: labelMetadata, collection })],
  };
  const experiment: ExperimentFile = {
    dirname: prefix,
    labelFiles: [{ filePath: collection }],
    description: `Recorded sensor log: ${logName}`,
    metadata: {
      source_type: 'recorded_log',
      source_file: logName,
      total_duration_s: Number(stopTimeNs - startTimeNs) / 1e9,
      start_time_ns: startTimeNs.toString(),
      end_time_ns: stopTimeNs.toString(),
      ...device,
    },
  };
  return { baseName, recording, labels, experiment, startTimeNs, stopTimeNs, skippedRecords: skipped, warnings };
}

/** The samples of one sensor topic in log order, as collected. */
interface CollectedSeries {
  times: bigint[];
  /** Row-major `[samples, width]`. */
  values: number[];
  width: number;
}

/** What {@link collectPhoneLogRecords} finds in a log's `data` array. */
interface CollectedPhoneLog {
  /** Per topic, its records' times and values. */
  collected: Map<string, CollectedSeries>;
  /** Records of other types, counted per type. */
  skipped: Record<string, number>;
  /** The `START` record's time, else the first record's, else 0 (ns). */
  startTimeNs: bigint;
  /** The `STOP` record's time, else the last record's, else the start (ns). */
  stopTimeNs: bigint;
}

/** Validates every record and collects the sensor ones per topic; fails when there is none. */
function collectPhoneLogRecords(v: JsonValidator, records: readonly unknown[]): CollectedPhoneLog {
  const collected = new Map<string, CollectedSeries>();
  const skipped: Record<string, number> = {};
  const times: { start?: bigint; stop?: bigint; first?: bigint; last?: bigint } = {};
  records.forEach((value, i) => {
    const record = v.object(value, `data[${i}]`);
    const type = v.string(record.type, `data[${i}].type`);
    const timeNs = recordTimeNs(v, record.ts, i);
    if (i === 0) times.first = timeNs;
    if (i === records.length - 1) times.last = timeNs;
    if (type === 'START' && timeNs !== undefined) times.start = timeNs;
    if (type === 'STOP' && timeNs !== undefined) times.stop = timeNs;
    const topic = PHONE_LOG_TOPICS[type];
    if (topic === undefined) skipped[type] = (skipped[type] ?? 0) + 1;
    else addSensorRecord(v, collected, { topic, record, index: i, timeNs });
  });
  if (collected.size === 0) {
    const types = Object.entries(skipped).map(([type, count]) => `${count} ${type}`);
    v.fail(
      'data',
      `at least one sensor record (${Object.keys(PHONE_LOG_TOPICS).join(', ')})`,
      `${records.length} records${types.length === 0 ? '' : `: ${types.join(', ')}`}`,
    );
  }
  const startTimeNs = times.start ?? times.first ?? 0n;
  return { collected, skipped, startTimeNs, stopTimeNs: times.stop ?? times.last ?? startTimeNs };
}

/** A record's `ts` (µs) as a log time in ns, `undefined` when it has none; fails outside the 64-bit range. */
function recordTimeNs(v: JsonValidator, ts: unknown, i: number): bigint | undefined {
  if (ts === undefined) return undefined;
  const timeNs = microsecondsToNs(v.number(ts, `data[${i}].ts`));
  if (timeNs < 0n || timeNs > MAX_LOG_TIME_NS)
    v.fail(`data[${i}].ts`, `microseconds in [0, ${MAX_LOG_TIME_NS / 1000n}] (log times are 64-bit ns)`, ts);
  return timeNs;
}

/** Appends a sensor record (which must have a time and the width of the topic's first record) to its topic. */
function addSensorRecord(
  v: JsonValidator,
  collected: Map<string, CollectedSeries>,
  {
    topic,
    record,
    index: i,
    timeNs: maybeTimeNs,
  }: { topic: string; record: Record<string, unknown>; index: number; timeNs: bigint | undefined },
): void {
  const timeNs = maybeTimeNs ?? v.fail(`data[${i}].ts`, 'a finite number', record.ts);
  const values = v
    .array(record.values ?? [], `data[${i}].values`)
    .map((x, k) => v.number(x, `data[${i}].values[${k}]`));
  let series = collected.get(topic);
  if (series === undefined) collected.set(topic, (series = { times: [], values: [], width: values.length }));
  if (values.length !== series.width) throw new ValueWidthError(v.file, topic, timeNs, series.width, values.length);
  series.times.push(timeNs);
  for (const x of values) series.values.push(x);
}

/** Each topic's samples sorted by time (a stable sort: equal times keep the log's order). */
function sortedTopicSeries(collected: ReadonlyMap<string, CollectedSeries>): Map<string, TopicSeries> {
  const topics = new Map<string, TopicSeries>();
  for (const [topic, { times, values, width }] of collected) {
    const order = times
      .map((_, i) => i)
      .sort((a, b) => (times[a]! < times[b]! ? -1 : times[a]! > times[b]! ? 1 : a - b));
    const timestampsNs = BigInt64Array.from(order, (i) => times[i]!);
    const sorted = new Float64Array(values.length);
    order.forEach((from, to) => {
      for (let k = 0; k < width; k++) sorted[to * width + k] = values[from * width + k]!;
    });
    topics.set(topic, { topic, timestampsNs, values: sorted, width });
  }
  return topics;
}

/**
 * Checks the accelerometer and magnetometer magnitudes against their declared units, then converts
 * `acc_raw` from g to m/s² in place when the log is in g. Returns the warnings.
 */
function applyDeclaredUnits(
  topics: Map<string, TopicSeries>,
  fileName: string,
  accelerometerUnit: PhoneLogAccelerometerUnit,
): PhoneLogUnitWarning[] {
  const declared = phoneLogDeclaredUnits(accelerometerUnit);
  const warnings: PhoneLogUnitWarning[] = [];
  for (const recordType of ['ACCEL_AUTOCAL', 'MAG_AUTOCAL'] as const) {
    const series = topics.get(PHONE_LOG_TOPICS[recordType]!);
    if (series === undefined) continue;
    const warning = checkPhoneLogMagnitude(series, {
      file: fileName,
      recordType,
      declaredUnit: declared[recordType],
    });
    if (warning !== undefined) warnings.push(warning);
  }
  const acceleration = topics.get(PHONE_LOG_TOPICS.ACCEL_AUTOCAL!);
  if (acceleration !== undefined && accelerometerUnit === 'g') {
    const { values } = acceleration;
    for (let i = 0; i < values.length; i++) values[i] = values[i]! * STANDARD_GRAVITY_MS2;
  }
  return warnings;
}
