import { SENSOR_NAMES, type SensorName } from '@tsc/shared';
import { InvalidArgumentError, MissingTopicError } from './errors.js';
import type { ImuRecording, TopicSeries } from './imu-recording.js';

/**
 * The `<sensor>_raw` series in physical units: `truth = M · (raw − bias)` with the
 * `metadata.calibration[sensor]` of the recording (the reference's calibration model). When no
 * calibration is stored the raw series is returned unchanged (recorded phone logs are already in
 * µT, m/s² and rad/s). The result keeps the topic name `<sensor>_raw` and the timestamps (shared,
 * not copied).
 *
 * @param recording - A recording with a `<sensor>_raw` topic of width 3.
 * @param sensor - `mag`, `acc` or `gyro`.
 * @throws MissingTopicError when `<sensor>_raw` is absent; InvalidArgumentError when its width is not 3.
 *
 * @example
 * ```ts
 * import { calibratedSensor } from '@tsc/mcap-utils';
 * import { readRecordingFile } from '@tsc/mcap-utils/node';
 *
 * const recording = await readRecordingFile('fixtures/seed/basic_synthetic.mcap');
 * const mag = calibratedSensor(recording, 'mag'); // the reference's raw counts × 0.00053, in µT
 * ```
 */
export function calibratedSensor(recording: ImuRecording, sensor: SensorName): TopicSeries {
  const topic = `${sensor}_raw`;
  const series = recording.topics.get(topic);
  if (series === undefined) throw new MissingTopicError('<recording>', topic, [...recording.topics.keys()]);
  const calibration = recording.metadata.calibration?.[sensor];
  if (calibration === undefined) return series;
  if (series.width !== 3) throw new InvalidArgumentError(`recording.topics.${topic}.width`, '3', series.width);
  const [bx, by, bz] = calibration.bias;
  const m = calibration.matrix;
  if (m.length !== 9)
    throw new InvalidArgumentError(
      `recording.metadata.calibration.${sensor}.matrix`,
      '9 numbers (row-major 3×3)',
      m.length,
    );
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = m as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const raw = series.values;
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i += 3) {
    const x = raw[i]! - bx;
    const y = raw[i + 1]! - by;
    const z = raw[i + 2]! - bz;
    out[i] = m0 * x + m1 * y + m2 * z;
    out[i + 1] = m3 * x + m4 * y + m5 * z;
    out[i + 2] = m6 * x + m7 * y + m8 * z;
  }
  return { topic, timestampsNs: series.timestampsNs, values: out, width: 3 };
}

/**
 * A copy of the recording where `mag_raw`, `acc_raw` and `gyro_raw` (those present) are replaced by
 * their calibrated, physical-unit series (see {@link calibratedSensor}). Pass the result to
 * `windows()` to cut windows of calibrated data.
 */
export function calibratedRecording(recording: ImuRecording): ImuRecording {
  const topics = new Map(recording.topics);
  for (const sensor of SENSOR_NAMES) {
    if (topics.has(`${sensor}_raw`)) topics.set(`${sensor}_raw`, calibratedSensor(recording, sensor));
  }
  const { calibration: _calibration, ...rest } = recording.metadata;
  return { topics, metadata: rest, ...(recording.source === undefined ? {} : { source: recording.source }) };
}
