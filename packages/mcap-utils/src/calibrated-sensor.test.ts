import { readFileSync } from 'node:fs';
import { fixturePath, readJsonFixture } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { calibratedRecording, calibratedSensor } from './calibrated-sensor.js';
import { MissingTopicError } from './errors.js';
import type { ImuRecording } from './imu-recording.js';
import { decodeRecording } from './recording-decoder.js';

describe('calibratedSensor', () => {
  it('turns the reference raw counts back into the truth (truth = M·(raw − bias))', async () => {
    const recording = await decodeRecording(new Uint8Array(readFileSync(fixturePath('seed', 'basic_synthetic.mcap'))));
    const plan = readJsonFixture<{
      initialization: Record<string, { calibration: { bias: Record<string, number>; matrix: number[][] } }>;
    }>('seed', 'default_plan.json');
    const calibration = Object.fromEntries(
      (['mag', 'acc', 'gyro'] as const).map((sensor) => {
        const c = plan.initialization[sensor]!.calibration;
        return [
          sensor,
          { bias: [c.bias.x!, c.bias.y!, c.bias.z!] as [number, number, number], matrix: c.matrix.flat() },
        ];
      }),
    );
    const withCalibration: ImuRecording = { ...recording, metadata: { calibration } };
    for (const sensor of ['mag', 'acc', 'gyro'] as const) {
      const calibrated = calibratedSensor(withCalibration, sensor);
      const truth = recording.topics.get(`${sensor}_truth`)!.values;
      expect(calibrated.values.length).toBe(truth.length);
      let worst = 0;
      for (let i = 0; i < truth.length; i++) worst = Math.max(worst, Math.abs(calibrated.values[i]! - truth[i]!));
      expect(worst).toBeLessThan(1e-9);
    }
    const all = calibratedRecording(withCalibration);
    expect(all.topics.get('mag_raw')!.values[1]).toBeCloseTo(recording.topics.get('mag_truth')!.values[1]!, 9);
    expect(all.metadata.calibration).toBeUndefined();
  });

  it('returns the raw series unchanged without calibration, and names a missing topic', () => {
    const mag = { topic: 'mag_raw', timestampsNs: BigInt64Array.of(0n), values: Float64Array.of(1, 2, 3), width: 3 };
    const recording: ImuRecording = { topics: new Map([['mag_raw', mag]]), metadata: {} };
    expect(calibratedSensor(recording, 'mag')).toBe(mag);
    expect(() => calibratedSensor(recording, 'gyro')).toThrow(MissingTopicError);
  });
});
