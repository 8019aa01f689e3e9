import { describe, expect, it } from 'vitest';
import { samplePhoneLog, t0 } from './__fixtures__/sample-phone-log.js';
import { InvalidArgumentError, JsonValidationError, ValueWidthError } from './errors.js';
import { labelEventTimesNs } from './labels.js';
import { convertPhoneLogText, parsePhoneLogLine } from './phone-log.js';
import { medianMagnitude, STANDARD_GRAVITY_MS2 } from './phone-log-units.js';

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
    expect(result.recording.topics.get('acc_raw')!.values[2]).toBeCloseTo(1.0003 * 9.80665, 12);
    expect(result.warnings).toEqual([]);
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

/** A log of `count` records each of `ACCEL_AUTOCAL` = `acc` and `MAG_AUTOCAL` = `mag`, 100 Hz from ts 1 s. */
function constantLog(acc: number[], mag: number[], count = 20): string {
  const data: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const ts = 1_000_000 + i * 10_000;
    data.push({ ts, type: 'ACCEL_AUTOCAL', values: acc }, { ts, type: 'MAG_AUTOCAL', values: mag });
    data.push({ ts, type: 'GYRO_AUTOCAL', values: [0.1, 0, 0] });
  }
  return JSON.stringify({ data });
}

describe('convertPhoneLogText units', () => {
  it('converts ACCEL_AUTOCAL from g to m/s² and keeps µT and rad/s', () => {
    const { recording, warnings } = convertPhoneLogText(constantLog([-0.154, 0.084, -0.982], [10, 20, -40]), {
      fileName: 'g.json',
    });
    const acc = Array.from(recording.topics.get('acc_raw')!.values.subarray(0, 3));
    expect(acc[0]).toBeCloseTo(-0.154 * 9.80665, 12);
    expect(acc[1]).toBeCloseTo(0.084 * 9.80665, 12);
    expect(acc[2]).toBeCloseTo(-0.982 * 9.80665, 12);
    expect(STANDARD_GRAVITY_MS2).toBe(9.80665);
    expect(Array.from(recording.topics.get('mag_raw')!.values.subarray(0, 3))).toEqual([10, 20, -40]);
    expect(Array.from(recording.topics.get('gyro_raw')!.values.subarray(0, 3))).toEqual([0.1, 0, 0]);
    expect(recording.metadata.units).toEqual({ acc_raw: 'm/s^2', mag_raw: 'uT', gyro_raw: 'rad/s' });
    expect(warnings).toEqual([]);
  });

  it('warns when a log read as g has gravity of 9.8, and still converts as declared', () => {
    const { recording, warnings } = convertPhoneLogText(constantLog([0.1, 0.2, 9.81], [10, 20, -40]), {
      fileName: 'logs/ms2.json',
    });
    expect(recording.topics.get('acc_raw')!.values[2]).toBeCloseTo(9.81 * 9.80665, 12);
    const median = Math.hypot(0.1, 0.2, 9.81);
    expect(warnings).toEqual([
      {
        kind: 'unit-mismatch',
        file: 'logs/ms2.json',
        recordType: 'ACCEL_AUTOCAL',
        topic: 'acc_raw',
        quantity: 'gravity',
        declaredUnit: 'g',
        medianMagnitude: median,
        expectedMinimum: 0.75,
        expectedMaximum: 1.25,
        likelyUnit: 'm/s^2',
        message:
          'logs/ms2.json: ACCEL_AUTOCAL: median |a| 9.81 g does not fit gravity in g (expected 0.75 to 1.25 g); it fits m/s^2',
      },
    ]);
  });

  it('keeps m/s² as logged with accelerometerUnit m/s^2, and then warns about a log in g', () => {
    const inMs2 = convertPhoneLogText(constantLog([0.1, 0.2, 9.81], [10, 20, -40]), {
      fileName: 'ms2.json',
      accelerometerUnit: 'm/s^2',
    });
    expect(inMs2.recording.topics.get('acc_raw')!.values[2]).toBe(9.81);
    expect(inMs2.warnings).toEqual([]);
    const inG = convertPhoneLogText(constantLog([0, 0, 1], [10, 20, -40]), {
      fileName: 'g.json',
      accelerometerUnit: 'm/s^2',
    });
    expect(inG.warnings.map((w) => [w.recordType, w.declaredUnit, w.likelyUnit])).toEqual([
      ['ACCEL_AUTOCAL', 'm/s^2', 'g'],
    ]);
    expect(inG.warnings[0]!.expectedMinimum).toBeCloseTo(0.75 * 9.80665, 12);
    expect(inG.warnings[0]!.message).toBe(
      'g.json: ACCEL_AUTOCAL: median |a| 1 m/s^2 does not fit gravity in m/s^2 (expected 7.35 to 12.3 m/s^2); it fits g',
    );
    expect(() =>
      convertPhoneLogText(constantLog([0, 0, 1], [10, 20, -40]), {
        fileName: 'g.json',
        accelerometerUnit: 'mps2' as 'g',
      }),
    ).toThrow(InvalidArgumentError);
  });

  it('warns when the field does not fit µT, naming a unit that fits when there is one', () => {
    const milligauss = convertPhoneLogText(constantLog([0, 0, 1], [100, 200, -400]), { fileName: 'mg.json' });
    expect(milligauss.warnings).toHaveLength(1);
    expect(milligauss.warnings[0]).toMatchObject({
      recordType: 'MAG_AUTOCAL',
      topic: 'mag_raw',
      quantity: 'magnetic field',
      declaredUnit: 'uT',
      expectedMinimum: 15,
      expectedMaximum: 80,
      likelyUnit: 'mG',
    });
    expect(milligauss.warnings[0]!.medianMagnitude).toBeCloseTo(Math.hypot(100, 200, 400), 12);
    expect(milligauss.warnings[0]!.message).toBe(
      'mg.json: MAG_AUTOCAL: median |m| 458 uT does not fit magnetic field in uT (expected 15 to 80 uT); it fits mG',
    );
    const weak = convertPhoneLogText(constantLog([0, 0, 1], [1, 2, -4]), { fileName: 'weak.json' });
    expect(weak.warnings).toHaveLength(1);
    expect(weak.warnings[0]!.likelyUnit).toBeUndefined();
    expect(weak.warnings[0]!.message).toBe(
      'weak.json: MAG_AUTOCAL: median |m| 4.58 uT does not fit magnetic field in uT (expected 15 to 80 uT)',
    );
  });

  it('judges by the median, so motion and a magnet for part of the log do not warn', () => {
    const data: unknown[] = [];
    for (let i = 0; i < 100; i++) {
      const ts = 1_000_000 + i * 10_000;
      const shaken = i % 5 === 0; // 20 % of the records far from 1 g and 44 µT
      data.push({ ts, type: 'ACCEL_AUTOCAL', values: shaken ? [3, 0, 1] : [0, 0.1, 0.99] });
      data.push({ ts, type: 'MAG_AUTOCAL', values: shaken ? [300, 0, 0] : [0, 20, -39] });
    }
    expect(convertPhoneLogText(JSON.stringify({ data }), { fileName: 'm.json' }).warnings).toEqual([]);
  });
});

describe('medianMagnitude', () => {
  it('takes the middle magnitude, or the mean of the two middle ones', () => {
    expect(medianMagnitude(Float64Array.of(3, 4, 0, 0, 0, 1, 0, 0, 2), 3)).toBe(2);
    expect(medianMagnitude(Float64Array.of(3, 4, 0, 0, 0, 1, 0, 0, 2, 0, 0, 10), 3)).toBe(3.5);
    expect(medianMagnitude(Float64Array.of(3, 4, 0, 9, 0, 0, 1, 9), 4)).toBe(3);
    expect(medianMagnitude(new Float64Array(0), 3)).toBeNaN();
  });
});

describe('parsePhoneLogLine', () => {
  it('turns one streamed record into a sample of its topic, ns from µs, and skips other types', () => {
    expect(parsePhoneLogLine('{"ts":1000.5,"type":"MAG_AUTOCAL","values":[20,-3,41]}')).toEqual({
      topic: 'mag_raw',
      timeNs: 1_000_500n,
      values: [20, -3, 41],
    });
    expect(parsePhoneLogLine('{"ts":5,"type":"START"}')).toBeUndefined();
    // ACCEL_AUTOCAL in g by default, as convertPhoneLogText reads it
    expect(parsePhoneLogLine('{"ts":1,"type":"ACCEL_AUTOCAL","values":[0,0,1]}')!.values).toEqual([
      0,
      0,
      STANDARD_GRAVITY_MS2,
    ]);
    expect(parsePhoneLogLine('{"ts":1,"type":"ACCEL_AUTOCAL","values":[0,0,9.8]}', 'x', 'm/s^2')!.values).toEqual([
      0, 0, 9.8,
    ]);
    expect(parsePhoneLogLine('   ')).toBeUndefined();
  });

  it('names the source and the field of a bad record', () => {
    expect(() => parsePhoneLogLine('{"ts":"x","type":"GYRO_AUTOCAL","values":[1,2,3]}', 'stdin:4')).toThrow(
      /stdin:4.*ts/,
    );
  });
});
