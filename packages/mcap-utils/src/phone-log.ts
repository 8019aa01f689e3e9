import { ValueWidthError } from './errors.js';
import type { ExperimentFile } from './experiment.js';
import type { ImuRecording, TopicSeries } from './imu-recording.js';
import { JsonValidator } from './json-validation.js';
import { createLabelEvent, type LabelsFile } from './labels.js';

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
}

/** The result of converting one phone log. */
export interface PhoneLogConversion {
  /** Base name of the outputs (`<base>.mcap`, `<base>.labels.json`, `<base>.experiment.json`). */
  readonly baseName: string;
  /** The sensor data, timestamps in ns, values as logged (µT, m/s², rad/s). */
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
}

/** µs (a JSON number, possibly fractional) → ns as an exact bigint. */
function microsecondsToNs(us: number): bigint {
  const whole = Math.trunc(us);
  return BigInt(whole) * 1000n + BigInt(Math.round((us - whole) * 1000));
}

/**
 * Converts the reference's phone sensor-log JSON (`{<device fields>, data: [{ts (µs), type,
 * values}]}`) to a recording, labels and experiment as `convert_sensor_logs.py` does, but with
 * timestamps in ns everywhere (the reference kept µs in the message `timestamp`), records sorted by
 * time per topic, and a deterministic label id.
 *
 * @throws JsonValidationError naming the file and the JSON path (e.g. `data[12].values[1]`);
 *   ValueWidthError when a sensor's records change width.
 *
 * @example
 * ```ts
 * const { recording, labels, experiment } = convertPhoneLogText(text, { fileName: 'Sensor_Log_1.json' });
 * recording.topics.get('mag_raw')!.timestampsNs[0]; // ts × 1000
 * ```
 */
export function convertPhoneLogText(
  text: string,
  { fileName, distortionLevel = '0', projectId = 'nst-test', remotePrefix }: ConvertPhoneLogOptions,
): PhoneLogConversion {
  const v = new JsonValidator(fileName);
  const root = v.object(v.parse(text), '');
  const records = v.array(root.data, 'data');
  const baseName = (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[^.]*$/, '');
  const logName = fileName.split(/[\\/]/).pop() ?? fileName;
  const prefix = remotePrefix ?? `recorded_logs/${baseName}`;

  const collected = new Map<string, { times: bigint[]; values: number[]; width: number }>();
  const skipped: Record<string, number> = {};
  let start: bigint | undefined;
  let stop: bigint | undefined;
  let first: bigint | undefined;
  let last: bigint | undefined;
  records.forEach((value, i) => {
    const record = v.object(value, `data[${i}]`);
    const type = v.string(record.type, `data[${i}].type`);
    const topic = PHONE_LOG_TOPICS[type];
    const hasTime = record.ts !== undefined;
    const timeNs = hasTime ? microsecondsToNs(v.number(record.ts, `data[${i}].ts`)) : undefined;
    if (i === 0) first = timeNs;
    if (i === records.length - 1) last = timeNs;
    if (type === 'START' && timeNs !== undefined) start = timeNs;
    if (type === 'STOP' && timeNs !== undefined) stop = timeNs;
    if (topic === undefined) {
      skipped[type] = (skipped[type] ?? 0) + 1;
      return;
    }
    if (timeNs === undefined) v.number(record.ts, `data[${i}].ts`);
    const values = v
      .array(record.values ?? [], `data[${i}].values`)
      .map((x, k) => v.number(x, `data[${i}].values[${k}]`));
    let series = collected.get(topic);
    if (series === undefined) collected.set(topic, (series = { times: [], values: [], width: values.length }));
    if (values.length !== series.width)
      throw new ValueWidthError(fileName, topic, timeNs!, series.width, values.length);
    series.times.push(timeNs!);
    for (const x of values) series.values.push(x);
  });
  const startTimeNs = start ?? first ?? 0n;
  const stopTimeNs = stop ?? last ?? startTimeNs;

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
  const device = Object.fromEntries(
    PHONE_LOG_DEVICE_FIELDS.map((key) => [key, typeof root[key] === 'string' ? root[key] : String(root[key] ?? '')]),
  );
  const units = Object.fromEntries([...topics.keys()].filter((t) => UNITS[t] !== undefined).map((t) => [t, UNITS[t]!]));
  const recording: ImuRecording = {
    topics,
    metadata: { units, extra: { source_type: 'recorded_log', source_file: logName, ...device } },
  };
  const collection = `projects/${projectId}/data/${prefix}/${baseName}.labels.json`;
  const labels: LabelsFile = {
    events: [
      createLabelEvent({
        startTimeNs,
        endTimeNs: stopTimeNs < startTimeNs ? startTimeNs : stopTimeNs,
        metadata: { mag_distortion: distortionLevel, source_file: logName, '': '' },
        collection,
      }),
    ],
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
  return { baseName, recording, labels, experiment, startTimeNs, stopTimeNs, skippedRecords: skipped };
}
