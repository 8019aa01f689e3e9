import { describe, expect, it } from 'vitest';
import { samplePhoneLog, t0 } from './__fixtures__/sample-phone-log.js';
import { JsonValidationError, ValueWidthError } from './errors.js';
import { labelEventTimesNs } from './labels.js';
import { convertPhoneLogText } from './phone-log.js';

describe('convertPhoneLogText', () => {
  it('converts records to topics with ns timestamps, labels START→STOP and the experiment', () => {
    const result = convertPhoneLogText(samplePhoneLog(), { fileName: 'logs/Sensor_Log_A.json', distortionLevel: '1' });
    expect(result.baseName).toBe('Sensor_Log_A');
    expect([...result.recording.topics.keys()]).toEqual(['mag_raw', 'acc_raw', 'temperature', 'gyro_raw']);
    const mag = result.recording.topics.get('mag_raw')!;
    expect(mag.timestampsNs.length).toBe(50);
    expect(mag.timestampsNs[0]).toBe(BigInt(t0 + 10) * 1000n);
    expect(Array.from(mag.values.subarray(0, 3))).toEqual([20.5, -3.25, 41.125]);
    expect(result.recording.topics.get('temperature')!.width).toBe(1);
    expect(result.recording.metadata.units).toEqual({ mag_raw: 'uT', acc_raw: 'm/s^2', gyro_raw: 'rad/s' });
    expect(result.recording.metadata.extra).toMatchObject({
      source_type: 'recorded_log',
      source_file: 'Sensor_Log_A.json',
      deviceModel: 'Pixel',
      userLabel: '',
    });
    expect(result.skippedRecords).toEqual({ TIMESTAMP_FULL: 1, START: 1, STOP: 1 });
    const [event] = result.labels.events;
    expect(labelEventTimesNs(event!)).toEqual({ startNs: BigInt(t0 + 5) * 1000n, endNs: BigInt(t0 + 500_005) * 1000n });
    expect(event!.metadata).toEqual({ mag_distortion: '1', source_file: 'Sensor_Log_A.json', '': '' });
    expect(event!.collection).toBe('projects/nst-test/data/recorded_logs/Sensor_Log_A/Sensor_Log_A.labels.json');
    expect(result.experiment).toMatchObject({
      dirname: 'recorded_logs/Sensor_Log_A',
      labelFiles: [{ filePath: event!.collection }],
      description: 'Recorded sensor log: Sensor_Log_A.json',
      metadata: {
        source_type: 'recorded_log',
        total_duration_s: 0.5,
        start_time_ns: `${BigInt(t0 + 5) * 1000n}`,
        firmware: '1.2',
      },
    });
  });

  it('names the file and JSON path of bad records', () => {
    const bad = JSON.stringify({ data: [{ ts: 1, type: 'MAG_AUTOCAL', values: [1, 'x', 3] }] });
    expect(() => convertPhoneLogText(bad, { fileName: 'bad.json' })).toThrow(JsonValidationError);
    expect(() => convertPhoneLogText(bad, { fileName: 'bad.json' })).toThrow(
      'bad.json: data[0].values[1]: expected a finite number, found "x"',
    );
    expect(() =>
      convertPhoneLogText('{"data": [{"type": "GYRO_AUTOCAL", "values": []}]}', { fileName: 'b.json' }),
    ).toThrow(/data\[0\]\.ts: expected a finite number/);
    const widths = JSON.stringify({
      data: [
        { ts: 1, type: 'GYRO_AUTOCAL', values: [1, 2, 3] },
        { ts: 2, type: 'GYRO_AUTOCAL', values: [1, 2] },
      ],
    });
    expect(() => convertPhoneLogText(widths, { fileName: 'w.json' })).toThrow(ValueWidthError);
  });
});
