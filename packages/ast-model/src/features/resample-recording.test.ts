import type { ImuRecording } from '@tsc/mcap-utils';
import { describe, expect, it } from 'vitest';
import { AstInputError } from '../errors.js';
import { resampleRecording } from './resample-recording.js';

/** A 0.5 Hz sine of amplitude 10 around 40 on every axis, sampled at `rateHz` with ±`jitterSec` uniform jitter. */
function sineRecording(rateHz: number, durationSec: number, jitterSec = 0): ImuRecording {
  const samples = Math.floor(durationSec * rateHz);
  const timestampsNs = new BigInt64Array(samples);
  const values = new Float64Array(samples * 3);
  let state = 12345;
  for (let k = 0; k < samples; k++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const jitter = (state / 2 ** 31 - 0.5) * 2 * jitterSec;
    const t = k / rateHz + jitter;
    timestampsNs[k] = BigInt(Math.round(1e9 + t * 1e9));
    for (let axis = 0; axis < 3; axis++) values[3 * k + axis] = 40 + 10 * Math.sin(2 * Math.PI * 0.5 * t + axis);
  }
  const series = { topic: 'mag_raw', timestampsNs, values, width: 3 };
  return { topics: new Map([['mag_raw', series]]), metadata: {} };
}

describe('resampleRecording', () => {
  it('puts a jittered 95.238 Hz recording on a uniform 100 Hz grid with the same signal', () => {
    const { recording, report } = resampleRecording(sineRecording(1e6 / 10_500, 20, 0.002), 100);
    expect(report.resampled).toBe(true);
    expect(report.fromHz).toBeCloseTo(95.238, 0);
    expect(report.jitterSec).toBeGreaterThan(0.001);
    const series = recording.topics.get('mag_raw')!;
    const steps = new Set<bigint>();
    for (let k = 1; k < series.timestampsNs.length; k++)
      steps.add(series.timestampsNs[k]! - series.timestampsNs[k - 1]!);
    expect(steps).toEqual(new Set([10_000_000n]));
    let largest = 0;
    for (let k = 0; k < series.timestampsNs.length; k++) {
      const t = Number(series.timestampsNs[k]! - 1_000_000_000n) / 1e9;
      largest = Math.max(
        largest,
        Math.abs(series.values[3 * k + 1]! - (40 + 10 * Math.sin(2 * Math.PI * 0.5 * t + 1))),
      );
    }
    // the jitter (±2 ms at up to 31 µT/s) and linear interpolation bound the error, edges included
    expect(largest).toBeLessThan(0.15);
  });

  it('downsamples 400 Hz to 100 Hz', () => {
    const { recording } = resampleRecording(sineRecording(400, 5), 100);
    expect(recording.topics.get('mag_raw')!.timestampsNs.length).toBe(500);
  });

  it('returns a uniform recording at the target rate unchanged', () => {
    const input = sineRecording(100, 5);
    const { recording, report } = resampleRecording(input, 100);
    expect(recording).toBe(input);
    expect(report).toMatchObject({ resampled: false, fromHz: 100, toHz: 100 });
  });

  it('rejects a non-integer target rate', () => {
    expect(() => resampleRecording(sineRecording(100, 1), 99.5)).toThrow(AstInputError);
  });
});
