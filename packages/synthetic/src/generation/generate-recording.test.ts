import { describe, expect, it } from 'vitest';
import { testPlan, testSegment } from '../__fixtures__/test-plans.js';
import { InvalidOptionError } from '../invalid-option-error.js';
import { earthField } from '../physics/earth-field.js';
import { generateRecording } from './generate-recording.js';
import { normalGravity, STANDARD_GRAVITY } from './physical-generator.js';

function values(result: ReturnType<typeof generateRecording>, topic: string): Float64Array {
  const series = result.recording.topics.get(topic);
  if (series === undefined) throw new Error(`no ${topic}`);
  return series.values;
}

const field = earthField({ latitudeDeg: 38.446421508551126, longitudeDeg: -122.6870156573012 });

describe('generateRecording (physical mode)', () => {
  it('is deterministic: the same plan and seed give identical data and labels', () => {
    const plan = testPlan([
      testSegment(2, { yaw: 90 }, { level: 'low', kind: 'soft_iron' }),
      testSegment(1, { roll: 30 }),
    ]);
    const a = generateRecording(plan, { seed: 5 });
    const b = generateRecording(plan, { seed: 5 });
    const c = generateRecording(plan, { seed: 6 });
    for (const topic of a.recording.topics.keys()) expect(values(b, topic)).toEqual(values(a, topic));
    expect(b.labels).toEqual(a.labels);
    expect(values(c, 'mag_raw')).not.toEqual(values(a, 'mag_raw'));
    expect(generateRecording({ ...plan, initialization: { ...plan.initialization, seed: 5 } }).labels).toEqual(
      a.labels,
    );
  });

  it('gives duration·rate samples per segment on a continuous clock from start_time_ns', () => {
    const plan = testPlan([testSegment(1.5), testSegment(2), testSegment(0.25)], { start_time_ns: 5_000_000_000 });
    const result = generateRecording(plan);
    expect(result.segments.map((segment) => segment.sampleCount)).toEqual([150, 200, 25]);
    const timestamps = result.recording.topics.get('mag_raw')!.timestampsNs;
    expect(timestamps.length).toBe(375);
    expect(Array.from(timestamps)).toEqual(
      Array.from({ length: 375 }, (_, n) => 5_000_000_000n + BigInt(n) * 10_000_000n),
    );
    expect(result.segments[1]).toMatchObject({
      firstSample: 150,
      startTimeNs: 6_500_000_000n,
      endTimeNs: 8_500_000_000n,
    });
    const odd = generateRecording(testPlan([testSegment(1)], { sample_rate: 30 }));
    expect(odd.recording.topics.get('acc_raw')!.timestampsNs[1]).toBe(33_333_333n);
    expect(odd.recording.topics.get('acc_raw')!.timestampsNs[2]).toBe(66_666_667n);
  });

  it('integrates orientation exactly: the gyroscope reads the body rate and segments end at the planned rotation', () => {
    const plan = testPlan([testSegment(2, { yaw: 90 }), testSegment(4, { roll: 720 }), testSegment(1)]);
    const result = generateRecording(plan, { seed: 1 });
    const gyro = values(result, 'gyro_truth');
    expect(gyro[0]).toBe(0);
    expect(gyro[2]).toBeCloseTo(Math.PI / 4, 14);
    expect(gyro[200 * 3]).toBeCloseTo(Math.PI, 14);
    const pose = values(result, 'pose_truth');
    // sample 600 is the first of the third segment: yaw 90° then two full rolls.
    const q = Array.from(pose.subarray(600 * 10 + 6, 600 * 10 + 10));
    expect(q[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(q[3]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(Math.abs(q[1]!) + Math.abs(q[2]!)).toBeLessThan(1e-12);
    // the first sample is the initial pose, not one step rotated
    expect(Array.from(pose.subarray(6, 10))).toEqual([1, 0, 0, 0]);
  });

  it('measures gravity as specific force and adds the linear acceleration of a translation', () => {
    const plan = testPlan([testSegment(1), { ...testSegment(1), translation_m: { x: 2, y: 0, z: 0 } }]);
    const result = generateRecording(plan, { seed: 1 });
    const acc = values(result, 'acc_truth');
    expect(Array.from(acc.subarray(0, 3))).toEqual([0, 0, STANDARD_GRAVITY]);
    // a quarter into the 1 s translation: a = D·2π·sin(π/2)/T² = 4π m/s²
    expect(acc[125 * 3]).toBeCloseTo(4 * Math.PI, 10);
    expect(acc[125 * 3 + 2]).toBeCloseTo(STANDARD_GRAVITY, 12);
    const pose = values(result, 'pose_truth');
    expect(pose[199 * 10 + 3]).toBeCloseTo(2, 3);
  });

  it('uses East-North-Up and a body → world pose: a device yawed 90° has its x axis pointing north', () => {
    const result = generateRecording(testPlan([testSegment(1, { yaw: 90 }), testSegment(1)], { noise_enabled: false }));
    const [east, north, up] = field.enuMicroTesla;
    const mag = values(result, 'mag_truth');
    const still = 150 * 3; // a sample of the second, motionless segment
    expect(Array.from(mag.subarray(0, 3)).map((v) => v.toFixed(9))).toEqual([east, north, up].map((v) => v.toFixed(9)));
    expect(mag[still]).toBeCloseTo(north, 9);
    expect(mag[still + 1]).toBeCloseTo(-east, 9);
    expect(mag[still + 2]).toBeCloseTo(up, 9);
    expect(up).toBeLessThan(0); // northern hemisphere: the field dips down
  });

  it('uses the WGS84 normal gravity at the origin when asked', () => {
    expect(normalGravity(0)).toBeCloseTo(9.7803253359, 9);
    expect(normalGravity(90)).toBeCloseTo(9.8321849379, 9);
    const result = generateRecording(testPlan([testSegment(1)], { gravity_m_s2: 'wgs84', noise_enabled: false }));
    expect(values(result, 'acc_truth')[2]).toBeCloseTo(normalGravity(38.446421508551126), 12);
    expect(values(result, 'acc_truth')[2]).toBeCloseTo(9.80032, 4); // 1980 international gravity formula at 38.45°
  });

  it('puts the World Magnetic Model field in µT into mag_truth, rotating with the device', () => {
    const result = generateRecording(testPlan([testSegment(3, { roll: 40, pitch: 70, yaw: 200 })]), { seed: 2 });
    const mag = values(result, 'mag_truth');
    const acc = values(result, 'acc_truth');
    for (let i = 0; i < mag.length; i += 3) {
      const norm = Math.hypot(mag[i]!, mag[i + 1]!, mag[i + 2]!);
      expect(norm).toBeCloseTo(field.totalMicroTesla, 10);
      const dot = mag[i]! * acc[i]! + mag[i + 1]! * acc[i + 1]! + mag[i + 2]! * acc[i + 2]!;
      const dipDeg = (Math.asin(-dot / (norm * STANDARD_GRAVITY)) * 180) / Math.PI;
      expect(dipDeg).toBeCloseTo(field.inclinationDeg, 8);
    }
    expect(result.recording.metadata.units?.mag_truth).toBe('uT');
    expect(result.recording.metadata.calibration?.mag?.matrix).toEqual([0.15, 0, 0, 0, 0.15, 0, 0, 0, 0.15]);
  });

  it('adds seeded white noise and bias; raw converts back to physical units through the stored calibration', () => {
    const plan = testPlan([testSegment(20)]);
    const result = generateRecording(plan, { seed: 3 });
    const truth = values(result, 'mag_truth');
    const raw = values(result, 'mag_raw');
    const scale = result.recording.metadata.calibration!.mag!.matrix[0]!;
    const n = truth.length / 3;
    const error = Float64Array.from({ length: n }, (_, i) => raw[i * 3]! * scale - truth[i * 3]!);
    const mean = error.reduce((sum, value) => sum + value, 0) / n;
    const deviation = Math.sqrt(error.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n);
    expect(deviation).toBeGreaterThan(0.25); // 0.03 µT/√Hz · √100 Hz = 0.3 µT, plus a small bias walk
    expect(deviation).toBeLessThan(0.4);
    const quiet = generateRecording(testPlan([testSegment(1)], { noise_enabled: false }), { seed: 3 });
    const quietTruth = values(quiet, 'acc_truth');
    const quietRaw = values(quiet, 'acc_raw');
    for (let i = 0; i < quietTruth.length; i++) expect(quietRaw[i]! * 0.0005).toBeCloseTo(quietTruth[i]!, 10);
  });

  it('labels every segment at its real sample times', () => {
    const plan = testPlan(
      [testSegment(1.5), testSegment(2, {}, { level: 'high', kind: 'dipole' }), testSegment(1, {}, { level: 'low' })],
      { start_time_ns: 1_000_000_000 },
    );
    const { labels, experiment } = generateRecording(plan, { seed: 4, name: 'run1' });
    expect(labels.events.map((event) => [event.startTime, event.endTime, event.metadata.mag_distortion])).toEqual([
      [{ sec: 1, nsec: 0 }, { sec: 2, nsec: 500_000_000 }, '0'],
      [{ sec: 2, nsec: 500_000_000 }, { sec: 4, nsec: 500_000_000 }, '2'],
      [{ sec: 4, nsec: 500_000_000 }, { sec: 5, nsec: 500_000_000 }, '1'],
    ]);
    expect(Object.keys(labels.events[1]!.metadata)).toEqual([
      'mag_distortion',
      'distortion_kind',
      'distortion_strength',
      '',
    ]);
    expect(labels.events[1]!.metadata.distortion_kind).toBe('dipole');
    expect(labels.events[0]!.collection).toBe('projects/nst-test/data/synthetic_datasets/run1/run1.labels.json');
    expect(experiment).toMatchObject({
      dirname: 'synthetic_datasets/run1',
      labelFiles: [{ filePath: 'projects/nst-test/data/synthetic_datasets/run1/run1.labels.json' }],
      description: 'Synthetic dataset: run1',
      metadata: {
        sample_rate: 100,
        total_duration_s: 4.5,
        classification_type: 'mag_distortion',
        distortion_levels: ['high', 'low', 'none'],
      },
    });
  });
});

describe('generateRecording options', () => {
  it('rejects a seed that is not a 32-bit unsigned integer', () => {
    const plan = testPlan([testSegment(1)]);
    expect(() => generateRecording(plan, { seed: -1 })).toThrow(InvalidOptionError);
    expect(() => generateRecording(plan, { seed: 2 ** 32 })).toThrow(
      'seed: expected an integer in [0, 4294967295], found 4294967296',
    );
  });
});
