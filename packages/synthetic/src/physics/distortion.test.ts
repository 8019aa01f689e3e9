import { describe, expect, it } from 'vitest';
import { testPlan, testSegment } from '../__fixtures__/test-plans.js';
import { generateRecording } from '../generation/generate-recording.js';
import type { DistortionKind, DistortionLevel, PlanSegment } from '../plan/plan-types.js';
import { resolveDistortion, STRENGTH_BANDS } from './distortion-strength.js';

const KINDS: DistortionKind[] = ['world_hard_iron', 'body_hard_iron', 'soft_iron', 'dipole'];
const MOTIONS = { stationary: {}, rotating: { roll: 30, pitch: 20, yaw: 120 } };

interface Deviation {
  /** largest ‖Δm‖/‖B‖ against the undistorted field */
  vectorMax: number;
  /** smallest and largest |‖m‖ − F|/F */
  normMin: number;
  normMax: number;
  /** largest |dip − inclination| (degrees) */
  dipMax: number;
}

function deviation(segment: PlanSegment, seed: number): Deviation {
  const plan = testPlan([segment], { noise_enabled: false });
  const disturbed = generateRecording(plan, { seed });
  const clean = generateRecording(
    testPlan([{ ...segment, mag_distortion: undefined, magnetic_distortion: undefined }], { noise_enabled: false }),
    { seed },
  );
  const m = disturbed.recording.topics.get('mag_truth')!.values;
  const m0 = clean.recording.topics.get('mag_truth')!.values;
  const a = disturbed.recording.topics.get('acc_truth')!.values;
  const f = disturbed.earthField!.totalMicroTesla;
  const inclination = disturbed.earthField!.inclinationDeg;
  const result: Deviation = { vectorMax: 0, normMin: Number.POSITIVE_INFINITY, normMax: 0, dipMax: 0 };
  for (let i = 0; i < m.length; i += 3) {
    const vector = Math.hypot(m[i]! - m0[i]!, m[i + 1]! - m0[i + 1]!, m[i + 2]! - m0[i + 2]!) / f;
    const norm = Math.hypot(m[i]!, m[i + 1]!, m[i + 2]!);
    const normDeviation = Math.abs(norm - f) / f;
    const dot = m[i]! * a[i]! + m[i + 1]! * a[i + 1]! + m[i + 2]! * a[i + 2]!;
    const dip = (Math.asin(-dot / (norm * Math.hypot(a[i]!, a[i + 1]!, a[i + 2]!))) * 180) / Math.PI;
    result.vectorMax = Math.max(result.vectorMax, vector);
    result.normMin = Math.min(result.normMin, normDeviation);
    result.normMax = Math.max(result.normMax, normDeviation);
    result.dipMax = Math.max(result.dipMax, Math.abs(dip - inclination));
  }
  return result;
}

describe('magnetic distortion', () => {
  for (const kind of KINDS) {
    for (const [motion, rotation] of Object.entries(MOTIONS)) {
      it(`${kind}, ${motion}: the largest field deviation equals the strength and the norm moves with it`, () => {
        for (const level of ['low', 'high'] as const) {
          for (const seed of [1, 2, 3]) {
            const strength = STRENGTH_BANDS[level].default;
            const d = deviation(testSegment(6, rotation, { level, kind }), seed);
            expect(d.vectorMax).toBeCloseTo(strength, 9);
            // the field norm deviates by a large share of the strength somewhere in the segment …
            expect(d.normMax).toBeGreaterThan(0.6 * strength);
            // … and everywhere, except for a magnet on a rotating device (the norm then swings with the angle)
            if (kind !== 'body_hard_iron' || motion === 'stationary') {
              expect(d.normMin).toBeGreaterThan(kind === 'dipole' ? 0.4 * strength : 0.6 * strength);
            }
          }
        }
      });
    }
  }

  it('changes the dip angle where the disturbance is not along the field', () => {
    // a body magnet on a rotating device and a passing dipole tilt the field; soft iron here mostly scales it
    const minimumDipDeg = { body_hard_iron: 5, dipole: 3, soft_iron: 0.1 } as const;
    for (const [kind, minimum] of Object.entries(minimumDipDeg)) {
      for (const level of ['low', 'high'] as const) {
        const d = deviation(testSegment(6, MOTIONS.rotating, { level, kind: kind as DistortionKind }), 1);
        expect(d.dipMax).toBeGreaterThan(minimum);
      }
    }
  });

  it('leaves level none within the sensor noise', () => {
    const plan = testPlan([testSegment(10, MOTIONS.rotating, { level: 'none' })]);
    const result = generateRecording(plan, { seed: 11 });
    const raw = result.recording.topics.get('mag_raw')!.values;
    const scale = result.recording.metadata.calibration!.mag!.matrix[0]!;
    const f = result.earthField!.totalMicroTesla;
    let largest = 0;
    for (let i = 0; i < raw.length; i += 3) {
      const norm = Math.hypot(raw[i]! * scale, raw[i + 1]! * scale, raw[i + 2]! * scale);
      largest = Math.max(largest, Math.abs(norm - f) / f);
    }
    // white noise 0.3 µT per axis plus a ≈0.3 µT turn-on bias: a few percent at most, far below low's 15 %
    expect(largest).toBeLessThan(0.05);
    expect(largest).toBeGreaterThan(0.001);
  });

  it('uses the world_x/y/z direction of reference plans, scaled to the strength', () => {
    const segment = testSegment(2, {}, { level: 'low' });
    segment.mag_distortion = { level: 'low', world_x: 0, world_y: 0, world_z: -3 };
    const plan = testPlan([segment], { noise_enabled: false });
    const disturbed = generateRecording(plan).recording.topics.get('mag_truth')!.values;
    const clean = generateRecording(testPlan([testSegment(2)], { noise_enabled: false })).recording.topics.get(
      'mag_truth',
    )!.values;
    const f = Math.hypot(clean[0]!, clean[1]!, clean[2]!);
    expect(disturbed[2]! - clean[2]!).toBeCloseTo(-0.2 * f, 9);
    expect(disturbed[0]! - clean[0]!).toBeCloseTo(0, 12);
  });
});

describe('resolveDistortion', () => {
  const resolve = (level: DistortionLevel | undefined, strength: number | undefined) => {
    const segment: PlanSegment = testSegment(1);
    if (level !== undefined) segment.mag_distortion = { level };
    if (strength !== undefined) segment.magnetic_distortion = strength;
    return resolveDistortion(segment, 4);
  };

  it('maps levels to default strengths and strengths to levels', () => {
    expect(resolve(undefined, undefined)).toMatchObject({ level: 'none', strength: 0, kind: undefined });
    expect(resolve('low', undefined)).toMatchObject({ level: 'low', strength: 0.2, kind: 'world_hard_iron' });
    expect(resolve('high', undefined)).toMatchObject({ level: 'high', strength: 0.8 });
    expect(resolve(undefined, 0.25)).toMatchObject({ level: 'low', strength: 0.25, warning: undefined });
    expect(resolve(undefined, 0.7)).toMatchObject({ level: 'high', strength: 0.7 });
  });

  it('clamps a strength outside its level band so the label stays true, and says so', () => {
    const low = resolve('low', 1.0); // the reference docs' "low" value
    expect(low.strength).toBe(0.3);
    expect(low.warning).toBe(
      'segments[4].magnetic_distortion: 1 is outside the "low" band [0.15, 0.3]; used 0.3 so the label matches the data',
    );
    expect(resolve('high', 4).strength).toBe(3);
    expect(resolve('none', 0.5)).toMatchObject({ level: 'none', strength: 0 });
  });
});
