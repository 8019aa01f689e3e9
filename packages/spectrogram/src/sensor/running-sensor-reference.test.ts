import { describe, expect, it } from 'vitest';
import { syntheticWindow } from '../__fixtures__/synthetic-window.js';
import { SpectrogramOptionsError } from '../errors.js';
import { RunningSensorReference } from './running-sensor-reference.js';
import { sensorReference } from './sensor-reference.js';

const RATE_HZ = 100;

/** Adds a recording to `running` one second at a time, calling `each` after every second with its end (s). */
function feed(
  running: RunningSensorReference,
  { mag, acc }: { mag: Float64Array; acc: Float64Array },
  each: (endSec: number) => void = () => {},
): void {
  for (let start = 0; 3 * start < mag.length; start += RATE_HZ) {
    const end = Math.min(mag.length / 3, start + RATE_HZ);
    running.add({ mag: mag.subarray(3 * start, 3 * end), acc: acc.subarray(3 * start, 3 * end) }, RATE_HZ);
    each(end / RATE_HZ);
  }
}

/** Scales the field of seconds `[fromSec, toSec)` (a disturbance that changes |m| and the dip). */
function scaleField(mag: Float64Array, fromSec: number, toSec: number, factor: number): void {
  for (let i = 3 * fromSec * RATE_HZ; i < Math.min(mag.length, 3 * toSec * RATE_HZ); i++) mag[i] = mag[i]! * factor;
}

describe('RunningSensorReference', () => {
  it('is seeded by the first window and converges to sensorReference of the whole stream', () => {
    const window = syntheticWindow({ durationSec: 120, seed: 4, noise: [0.55, 0.05, 0.005], motionRadPerSec: 2 });
    const running = new RunningSensorReference({ timeConstantSec: Number.POSITIVE_INFINITY });
    const first = sensorReference({ mag: window.mag.subarray(0, 600), acc: window.acc.subarray(0, 600) });
    running.add({ mag: window.mag.subarray(0, 600), acc: window.acc.subarray(0, 600) }, RATE_HZ);
    const seeded = running.reference!;
    expect(Math.abs(seeded.fieldMicroTesla / first.fieldMicroTesla - 1)).toBeLessThan(5e-4);
    expect(Math.abs(seeded.dipDeg! - first.dipDeg!)).toBeLessThan(0.05);
    const rest = { mag: window.mag.subarray(600), acc: window.acc.subarray(600) };
    feed(running, rest);
    const batch = sensorReference(window);
    const found = running.reference!;
    expect(running.durationSec).toBeCloseTo(120, 9);
    // 0.1 % bins, interpolated: a few hundredths of a percent off the exact median
    expect(Math.abs(found.fieldMicroTesla / batch.fieldMicroTesla - 1)).toBeLessThan(3e-4);
    expect(Math.abs(found.specificForceMs2! / batch.specificForceMs2! - 1)).toBeLessThan(3e-4);
    expect(Math.abs(found.dipDeg! - batch.dipDeg!)).toBeLessThan(0.03);
  });

  it('follows a lasting change of the field after timeConstantSec · ln 2', () => {
    const timeConstantSec = 60;
    const window = syntheticWindow({ durationSec: 700, seed: 2 });
    const stepSec = 600;
    scaleField(window.mag, stepSec, 700, 1.2);
    const running = new RunningSensorReference({ timeConstantSec });
    const stepEnd = 3 * stepSec * RATE_HZ;
    const before = sensorReference({ mag: window.mag.subarray(0, stepEnd), acc: window.acc.subarray(0, stepEnd) });
    let crossedSec: number | undefined;
    feed(running, window, (endSec) => {
      if (crossedSec === undefined && running.reference!.fieldMicroTesla > 1.1 * before.fieldMicroTesla)
        crossedSec = endSec - stepSec;
    });
    // the new field holds half of the weight when 1 − exp(−t/τ) = exp(−t/τ): t = τ ln 2 ≈ 41.6 s
    expect(crossedSec).toBeGreaterThanOrEqual(Math.floor(timeConstantSec * Math.LN2) - 1);
    expect(crossedSec).toBeLessThanOrEqual(Math.ceil(timeConstantSec * Math.LN2) + 1);
    expect(running.reference!.fieldMicroTesla / before.fieldMicroTesla).toBeCloseTo(1.2, 2);
  });

  it('ignores a disturbance that holds less than half of the weight, at the start too', () => {
    const clean = syntheticWindow({ durationSec: 120, seed: 6 });
    const batch = sensorReference(clean);
    for (const [fromSec, toSec] of [
      [40, 80],
      [0, 30],
    ] as const) {
      const disturbed = syntheticWindow({ durationSec: 120, seed: 6 });
      scaleField(disturbed.mag, fromSec, toSec, 1.5);
      const running = new RunningSensorReference();
      feed(running, disturbed);
      // a median moves inside the clean samples' noise only (here ±0.3 µT on 50 µT), never to the disturbed field
      expect(Math.abs(running.reference!.fieldMicroTesla / batch.fieldMicroTesla - 1)).toBeLessThan(5e-3);
      expect(Math.abs(running.reference!.dipDeg! - batch.dipDeg!)).toBeLessThan(0.3);
    }
  });

  it('has no dip or specific force without an accelerometer, and nothing before the first samples', () => {
    const running = new RunningSensorReference();
    expect(running.reference).toBeUndefined();
    running.add({ mag: syntheticWindow({ durationSec: 2 }).mag }, RATE_HZ);
    expect(running.reference).toEqual({
      fieldMicroTesla: expect.closeTo(50, 1),
      dipDeg: undefined,
      specificForceMs2: undefined,
    });
  });

  it('rejects a non-positive time constant, rate, and series that are not [samples, 3] of one length', () => {
    expect(() => new RunningSensorReference({ timeConstantSec: 0 })).toThrow(SpectrogramOptionsError);
    const running = new RunningSensorReference();
    const { mag, acc } = syntheticWindow({ durationSec: 1 });
    expect(() => running.add({ mag, acc }, 0)).toThrow(/sampleRateHz: expected a positive rate/);
    expect(() => running.add({ mag: mag.subarray(1) }, RATE_HZ)).toThrow(/mag.length/);
    expect(() => running.add({ mag, acc: acc.subarray(3) }, RATE_HZ)).toThrow(/acc.length/);
  });
});
