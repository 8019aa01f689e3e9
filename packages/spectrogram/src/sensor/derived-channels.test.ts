import { describe, expect, it } from 'vitest';
import { derivedChannel } from './derived-channels.js';
import { sensorReference } from './sensor-reference.js';

const RATE_HZ = 100;
const FIELD = [0, 20, -40] as const; // ENU-like world field (µT), dip ≈ 63.4°
const GRAVITY = [0, 0, 9.81] as const; // specific force at rest points up

/** A body spinning at `rateRadS` about z (body frame), plus an optional body-fixed offset on the field. */
function spinning(samples: number, rateRadS: number, bodyOffset = [0, 0, 0]) {
  const mag = new Float64Array(samples * 3);
  const acc = new Float64Array(samples * 3);
  const gyro = new Float64Array(samples * 3);
  for (let k = 0; k < samples; k++) {
    const angle = (rateRadS * k) / RATE_HZ;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    // body → world is a rotation by `angle` about z; body vector = Rᵀ·world
    const toBody = (v: readonly number[]) => [c * v[0]! + s * v[1]!, -s * v[0]! + c * v[1]!, v[2]!];
    const m = toBody(FIELD);
    const a = toBody(GRAVITY);
    for (let axis = 0; axis < 3; axis++) {
      mag[3 * k + axis] = m[axis]! + bodyOffset[axis]!;
      acc[3 * k + axis] = a[axis]!;
    }
    gyro[3 * k + 2] = rateRadS;
  }
  return { mag, acc, gyro, sampleRateHz: RATE_HZ };
}

const reference = {
  fieldMicroTesla: Math.hypot(...FIELD),
  dipDeg: 0,
  specificForceMs2: 9.81,
  consistencyHorizonSamples: 50,
};

describe('derivedChannel', () => {
  it('fieldConsistency stays near zero when a sensor rotates in a constant field', () => {
    const input = spinning(300, 2);
    const out = new Float64Array(300);
    derivedChannel('fieldConsistency', input, reference, out);
    expect(Math.max(...out)).toBeLessThan(0.05);
  });

  it('fieldConsistency grows with a magnet fixed to the rotating body', () => {
    const input = spinning(300, 2, [10, 0, 0]);
    const out = new Float64Array(300);
    derivedChannel('fieldConsistency', input, reference, out);
    // ‖(C − I)·b‖ with C a 1 rad rotation: 2·10·sin(0.5) ≈ 9.6 µT ≈ 21 % of 44.7 µT
    expect(out[150]).toBeCloseTo((100 * 2 * 10 * Math.sin(0.5)) / reference.fieldMicroTesla, 0);
  });

  it('magNormRatio is the field-norm deviation in percent of the reference', () => {
    const input = spinning(100, 1);
    for (let i = 0; i < input.mag.length; i++) input.mag[i] = input.mag[i]! * 1.1;
    const out = new Float64Array(100);
    derivedChannel('magNormRatio', input, reference, out);
    expect(out[50]).toBeCloseTo(10, 6);
  });

  it('dip is the angle of the field below the horizontal, minus the reference', () => {
    const input = spinning(10, 1);
    const out = new Float64Array(10);
    derivedChannel('dip', input, { ...reference, dipDeg: 60 }, out);
    expect(out[5]).toBeCloseTo((Math.atan2(40, 20) * 180) / Math.PI - 60, 6);
  });
});

/** A body tumbling about its x axis at `rateRadS` while shaken along world x: `shakeMs2·sin(2π·shakeHz·t)`. */
function tumblingShaken(samples: number, rateRadS: number, shakeMs2: number, shakeHz: number) {
  const mag = new Float64Array(samples * 3);
  const acc = new Float64Array(samples * 3);
  const gyro = new Float64Array(samples * 3);
  for (let k = 0; k < samples; k++) {
    const t = k / RATE_HZ;
    const c = Math.cos(rateRadS * t);
    const s = Math.sin(rateRadS * t);
    // body → world is a rotation by the angle about x; body vector = Rᵀ·world
    const toBody = (v: readonly number[]) => [v[0]!, c * v[1]! + s * v[2]!, -s * v[1]! + c * v[2]!];
    const m = toBody(FIELD);
    const a = toBody([shakeMs2 * Math.sin(2 * Math.PI * shakeHz * t), GRAVITY[1], GRAVITY[2]]);
    for (let axis = 0; axis < 3; axis++) {
      mag[3 * k + axis] = m[axis]!;
      acc[3 * k + axis] = a[axis]!;
    }
    gyro[3 * k] = rateRadS;
  }
  return { mag, acc, gyro, sampleRateHz: RATE_HZ };
}

const TRUE_DIP_DEG = (Math.atan2(40, 20) * 180) / Math.PI;

describe('stableDip', () => {
  it('is the dip minus the reference for a sensor tumbling at rest', () => {
    const input = tumblingShaken(200, 3, 0, 1);
    const out = new Float64Array(200);
    derivedChannel('stableDip', input, { ...reference, dipDeg: 60 }, out);
    for (const value of out) expect(value).toBeCloseTo(TRUE_DIP_DEG - 60, 2);
  });

  it('stays at the dip while the sensor is shaken at 2 g, where the plain dip swings', () => {
    // two whole cycles of a 1 Hz shake in the 2 s window: the mean linear acceleration is zero
    const input = tumblingShaken(200, 1.5, 2 * 9.81, 1);
    const stable = new Float64Array(200);
    const plain = new Float64Array(200);
    derivedChannel('stableDip', input, { ...reference, dipDeg: TRUE_DIP_DEG }, stable);
    derivedChannel('dip', input, { ...reference, dipDeg: TRUE_DIP_DEG }, plain);
    expect(Math.max(...plain.map(Math.abs))).toBeGreaterThan(30);
    expect(Math.max(...stable.map(Math.abs))).toBeLessThan(0.5);
  });
});

describe('deviationBound', () => {
  const undisturbed = { ...reference, dipDeg: TRUE_DIP_DEG };
  /** `tumblingShaken` at rest with `offset` (world frame, µT) added to the field. */
  function disturbed(offset: readonly number[]) {
    const input = tumblingShaken(200, 2, 0, 1);
    for (let k = 0; k < 200; k++) {
      const c = Math.cos((2 * k) / RATE_HZ);
      const s = Math.sin((2 * k) / RATE_HZ);
      input.mag[3 * k] = input.mag[3 * k]! + offset[0]!;
      input.mag[3 * k + 1] = input.mag[3 * k + 1]! + c * offset[1]! + s * offset[2]!;
      input.mag[3 * k + 2] = input.mag[3 * k + 2]! - s * offset[1]! + c * offset[2]!;
    }
    return input;
  }

  it('is zero in the undisturbed field and the deviation itself when it stays in the vertical plane of the field', () => {
    const out = new Float64Array(200);
    derivedChannel('deviationBound', tumblingShaken(200, 2, 0, 1), undisturbed, out);
    expect(Math.max(...out)).toBeLessThan(0.01);
    // 10 µT along world y, in the field's vertical plane (the field is (0, 20, −40) µT): all of it is seen
    derivedChannel('deviationBound', disturbed([0, 10, 0]), undisturbed, out);
    for (const value of out) expect(value).toBeCloseTo((100 * 10) / reference.fieldMicroTesla, 2);
  });

  it('sees less of a deviation that turns the field in the horizontal plane, never more', () => {
    // 10 µT along world x, across the field's vertical plane: the norm and the dip see only part of it
    const out = new Float64Array(200);
    derivedChannel('deviationBound', disturbed([10, 0, 0]), undisturbed, out);
    const full = (100 * 10) / reference.fieldMicroTesla;
    for (const value of out) {
      expect(value).toBeLessThan(full);
      expect(value).toBeGreaterThan(0.1 * full);
    }
  });
});

describe('sensorReference', () => {
  it('gives the median field, dip and specific force of a recording', () => {
    const { mag, acc } = spinning(500, 1);
    const found = sensorReference({ mag, acc });
    expect(found.fieldMicroTesla).toBeCloseTo(Math.hypot(...FIELD), 6);
    expect(found.dipDeg).toBeCloseTo((Math.atan2(40, 20) * 180) / Math.PI, 6);
    expect(found.specificForceMs2).toBeCloseTo(9.81, 6);
  });

  it('ignores a disturbance on fewer than half of the samples', () => {
    const { mag, acc } = spinning(500, 1);
    for (let i = 0; i < 150 * 3; i++) mag[i] = mag[i]! * 2;
    expect(sensorReference({ mag, acc }).fieldMicroTesla).toBeCloseTo(Math.hypot(...FIELD), 6);
  });

  it('rejects series of different lengths', () => {
    const { mag, acc } = spinning(10, 1);
    expect(() => sensorReference({ mag, acc: acc.subarray(0, 27) })).toThrow(/acc.length: expected 30/);
  });
});
