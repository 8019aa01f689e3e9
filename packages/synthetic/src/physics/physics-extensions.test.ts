import { describe, expect, it } from 'vitest';
import { testPlan, testSegment } from '../__fixtures__/test-plans.js';
import { generateRecording } from '../generation/generate-recording.js';
import type { PlanSegment } from '../plan/plan-types.js';

const TUMBLE = { roll: 360, pitch: 250, yaw: 540 };

function norms(values: Float64Array, scale = 1): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += 3) out.push(scale * Math.hypot(values[i]!, values[i + 1]!, values[i + 2]!));
  return out;
}

/** ‖m_truth − RᵀB‖ per sample (µT): the distortion in the body frame. */
function bodyDeviation(result: ReturnType<typeof generateRecording>): Float64Array[] {
  const m = result.recording.topics.get('mag_truth')!.values;
  const pose = result.recording.topics.get('pose_truth')!.values;
  const [bx, by, bz] = result.earthField!.enuMicroTesla;
  const out: Float64Array[] = [];
  for (let n = 0; n < m.length / 3; n++) {
    const [w, x, y, z] = pose.subarray(n * 10 + 6, n * 10 + 10);
    // Rᵀ·B with R the body → world rotation of q = (w, x, y, z)
    const r = [
      [1 - 2 * (y! * y! + z! * z!), 2 * (x! * y! - w! * z!), 2 * (x! * z! + w! * y!)],
      [2 * (x! * y! + w! * z!), 1 - 2 * (x! * x! + z! * z!), 2 * (y! * z! - w! * x!)],
      [2 * (x! * z! - w! * y!), 2 * (y! * z! + w! * x!), 1 - 2 * (x! * x! + y! * y!)],
    ];
    const body = [0, 1, 2].map((j) => r[0]![j]! * bx + r[1]![j]! * by + r[2]![j]! * bz);
    out.push(Float64Array.from([0, 1, 2], (j) => m[n * 3 + j]! - body[j]!));
  }
  return out;
}

describe('residual calibration error', () => {
  it('makes the undisturbed field norm vary with orientation by the configured scale error', () => {
    const plan = testPlan([testSegment(20, TUMBLE)], { noise_enabled: false });
    plan.initialization.mag.calibration_error = {
      matrix: [
        [1.04, 0, 0],
        [0, 0.97, 0],
        [0, 0, 1],
      ],
      offset: { x: 0, y: 0, z: 0 },
    };
    const result = generateRecording(plan, { seed: 1 });
    const f = result.earthField!.totalMicroTesla;
    const measured = norms(result.recording.topics.get('mag_raw')!.values, 0.15);
    const truth = norms(result.recording.topics.get('mag_truth')!.values);
    expect(Math.max(...truth) - Math.min(...truth)).toBeLessThan(1e-9);
    // the norm sweeps most of [0.97 F, 1.04 F] as the device tumbles (±1.7 µT at 48 µT)
    expect(Math.max(...measured) / f).toBeGreaterThan(1.03);
    expect(Math.max(...measured) / f).toBeLessThanOrEqual(1.04 + 1e-9);
    expect(Math.min(...measured) / f).toBeLessThan(0.98);
    expect(Math.min(...measured) / f).toBeGreaterThanOrEqual(0.97 - 1e-9);
  });

  it('adds the offset: measured = E·truth + offset, before the calibration to counts', () => {
    const plan = testPlan([testSegment(1)], { noise_enabled: false });
    plan.initialization.gyro.calibration_error = {
      matrix: [
        [1, 0.01, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      offset: { x: 0.002, y: -0.001, z: 0.0005 },
    };
    const result = generateRecording(plan);
    const raw = result.recording.topics.get('gyro_raw')!.values;
    expect(Array.from(raw.subarray(0, 3)).map((v) => v * 0.0001)).toEqual([
      expect.closeTo(0.002, 12),
      expect.closeTo(-0.001, 12),
      expect.closeTo(0.0005, 12),
    ]);
  });
});

describe('body-fixed and stationary magnets', () => {
  it('a magnet fixed to the body adds a constant body-frame offset while the device tumbles', () => {
    const plan = testPlan([testSegment(8, TUMBLE, { level: 'high', kind: 'body_hard_iron', strength: 0.7 })], {
      noise_enabled: false,
    });
    const result = generateRecording(plan, { seed: 4 });
    const deviation = bodyDeviation(result);
    const first = deviation[0]!;
    const f = result.earthField!.totalMicroTesla;
    expect(Math.hypot(...first) / f).toBeCloseTo(0.7, 9);
    for (const d of deviation) for (let i = 0; i < 3; i++) expect(d[i]).toBeCloseTo(first[i]!, 9);
    // … while the measured norm swings with the angle between the offset and the field
    const measured = norms(result.recording.topics.get('mag_truth')!.values);
    expect(Math.max(...measured) - Math.min(...measured)).toBeGreaterThan(0.3 * f);
  });

  it('an approaching body magnet grows as 1/distance³ and is labelled by its deviation', () => {
    const segment = testSegment(10, {}, { level: 'high', kind: 'body_hard_iron', strength: 0.8 });
    segment.mag_distortion = { ...segment.mag_distortion, envelope: 'approach', far_distance_ratio: 3 };
    const result = generateRecording(testPlan([segment], { noise_enabled: false }), { seed: 2 });
    const f = result.earthField!.totalMicroTesla;
    const deviation = bodyDeviation(result).map((d) => Math.hypot(...d) / f);
    expect(deviation[0]).toBeCloseTo(0.8 / 27, 9);
    expect(deviation[deviation.length - 1]).toBeCloseTo(0.8 / (1 + 2 / 1000) ** 3, 6);
    for (let n = 1; n < deviation.length; n++) expect(deviation[n]).toBeGreaterThan(deviation[n - 1]!);
    // none while ≤ 5 %, low inside 15–30 %, high from 60 %: gaps between the bands stay unlabelled
    const levels = result.labels.events.map((event) => event.metadata.mag_distortion);
    expect(levels).toEqual(['0', '1', '2']);
    const seconds = (t: { sec: number; nsec: number }) => t.sec + t.nsec / 1e9;
    const [none, low, high] = result.labels.events;
    const at = (sec: number) => deviation[Math.round(sec * 100)]!;
    expect(at(seconds(none!.endTime) - 0.01)).toBeLessThanOrEqual(0.05);
    expect(at(seconds(low!.startTime))).toBeGreaterThanOrEqual(0.15);
    expect(at(seconds(low!.endTime) - 0.01)).toBeLessThanOrEqual(0.3 + 1e-9);
    expect(at(seconds(high!.startTime))).toBeGreaterThanOrEqual(0.6);
    expect(seconds(high!.endTime)).toBeCloseTo(10, 9);
  });

  for (const kind of ['dipole', 'ferrous_object'] as const) {
    it(`a ${kind} at a fixed place peaks at the closest approach of the device passing it`, () => {
      const segment: PlanSegment = {
        ...testSegment(10, { yaw: 20 }, { level: 'high', kind, strength: 0.8 }),
        translation_m: { x: 4, y: 0, z: 0 },
      };
      segment.mag_distortion = { ...segment.mag_distortion, closest_approach_m: 0.3 };
      const result = generateRecording(testPlan([segment], { noise_enabled: false }), { seed: 5 });
      const f = result.earthField!.totalMicroTesla;
      const deviation = bodyDeviation(result).map((d) => Math.hypot(...d) / f);
      const peak = deviation.indexOf(Math.max(...deviation));
      // the device passes the middle of its path at mid-segment (smooth start and stop)
      expect(Math.abs(peak - 500)).toBeLessThanOrEqual(2);
      expect(deviation[peak]).toBeCloseTo(0.8, 9);
      expect(deviation[0]).toBeLessThan(0.01);
      expect(deviation[999]).toBeLessThan(0.01);
      const levels = result.labels.events.map((event) => event.metadata.mag_distortion);
      expect(levels[0]).toBe('0');
      expect(levels).toContain('2');
      expect(levels[levels.length - 1]).toBe('0');
    });
  }
});

describe('motion extensions', () => {
  it('keeps the gyroscope consistent with the orientation under tremor and sway: ṁ = −ω × m', () => {
    const segment: PlanSegment = {
      ...testSegment(4, { roll: 30, yaw: 60 }),
      rotation_oscillations: [
        { axis: { x: 0.3, y: 1, z: 0.2 }, amplitude_deg: 0.5, frequency_hz: 10 },
        { axis: { x: 1, y: 0, z: 0 }, amplitude_deg: 4, frequency_hz: 1 },
      ],
    };
    const plan = testPlan([segment], { noise_enabled: false, sample_rate: 2000 });
    const result = generateRecording(plan);
    const m = result.recording.topics.get('mag_truth')!.values;
    const w = result.recording.topics.get('gyro_truth')!.values;
    let largest = 0;
    let largestRate = 0;
    for (let n = 1; n < m.length / 3 - 1; n++) {
      const o = n * 3;
      const dm = [0, 1, 2].map((i) => (m[o + 3 + i]! - m[o - 3 + i]!) / (2 / 2000));
      const cross = [
        w[o + 1]! * m[o + 2]! - w[o + 2]! * m[o + 1]!,
        w[o + 2]! * m[o]! - w[o]! * m[o + 2]!,
        w[o]! * m[o + 1]! - w[o + 1]! * m[o]!,
      ];
      const residual = Math.hypot(dm[0]! + cross[0]!, dm[1]! + cross[1]!, dm[2]! + cross[2]!);
      largest = Math.max(largest, residual / Math.hypot(m[o]!, m[o + 1]!, m[o + 2]!));
      largestRate = Math.max(largestRate, Math.hypot(w[o]!, w[o + 1]!, w[o + 2]!));
    }
    expect(largestRate).toBeGreaterThan(0.5); // the tremor dominates the rate
    expect(largest).toBeLessThan(0.002); // rad/s: central-difference error only
  });

  it('walks: vertical acceleration at the step frequency, continuous position at segment ends', () => {
    const walking: PlanSegment = {
      ...testSegment(4),
      translation_m: { x: 5, y: 0, z: 0 },
      acceleration_oscillations: [{ axis: { x: 0, y: 0, z: 1 }, amplitude_m_s2: 2, frequency_hz: 2 }],
    };
    const plan = testPlan([walking, testSegment(1)], { noise_enabled: false });
    const result = generateRecording(plan);
    const acc = result.recording.topics.get('acc_truth')!.values;
    const pose = result.recording.topics.get('pose_truth')!.values;
    // mid-segment, the device is level (identity pose): acc z = g + 2·sin(2π·2·t)
    expect(acc[200 * 3 + 2]! - 9.80665).toBeCloseTo(2 * Math.sin(2 * Math.PI * 2 * 2), 9);
    expect(acc[112 * 3 + 2]! - 9.80665).toBeCloseTo(2 * Math.sin(2 * Math.PI * 2 * 1.12), 9);
    // position: the 5 m translation plus the bounce, back to 0 at the segment end
    expect(pose[400 * 10 + 3]).toBeCloseTo(5, 9);
    expect(pose[400 * 10 + 5]).toBeCloseTo(0, 9);
    expect(pose[137 * 10 + 5]).toBeCloseTo(-(2 / (4 * Math.PI) ** 2) * Math.sin(4 * Math.PI * 1.37), 9);
  });

  it('taps add a one-period acceleration pulse along the body axis', () => {
    const segment: PlanSegment = {
      ...testSegment(1),
      taps: [{ time_s: 0.5, axis: { x: 0, y: 0, z: -2 }, peak_m_s2: 20, duration_s: 0.04 }],
    };
    const acc = generateRecording(testPlan([segment], { noise_enabled: false })).recording.topics.get(
      'acc_truth',
    )!.values;
    expect(acc[50 * 3 + 2]).toBeCloseTo(9.80665, 9);
    expect(acc[51 * 3 + 2]! - 9.80665).toBeCloseTo(-20 * Math.sin(Math.PI / 2), 9);
    expect(acc[53 * 3 + 2]! - 9.80665).toBeCloseTo(-20 * Math.sin((2 * Math.PI * 3) / 4), 9);
    expect(acc[54 * 3 + 2]).toBeCloseTo(9.80665, 9);
  });
});

describe('sensor drift and timing', () => {
  it('drifts the bias along the warm-up curve', () => {
    const plan = testPlan([testSegment(30)], { noise_enabled: true });
    plan.initialization.gyro.noise = {
      white_noise_density: 0,
      turn_on_bias_sigma: 0,
      bias_random_walk: 0,
      temperature_drift: { bias_change: { x: 0.01, y: 0, z: -0.02 }, time_constant_s: 10 },
    };
    const raw = generateRecording(plan).recording.topics.get('gyro_raw')!.values;
    const at = (n: number, axis: number) => raw[n * 3 + axis]! * 0.0001;
    expect(at(0, 0)).toBeCloseTo(0, 12);
    expect(at(1000, 0)).toBeCloseTo(0.01 * (1 - Math.exp(-1)), 9);
    expect(at(2999, 2)).toBeCloseTo(-0.02 * (1 - Math.exp(-29.99 / 10)), 9);
  });

  it('gives a Gauss–Markov bias of the configured bias instability', () => {
    const plan = testPlan([testSegment(200)], { sample_rate: 50 });
    plan.initialization.acc.noise = {
      white_noise_density: 0,
      turn_on_bias_sigma: 0,
      bias_random_walk: 0,
      bias_instability: 0.01,
      bias_correlation_time_s: 1,
    };
    const raw = generateRecording(plan, { seed: 9 }).recording.topics.get('acc_raw')!.values;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < raw.length; i += 3) {
      const bias = raw[i]! * 0.0005;
      sum += bias;
      squares += bias * bias;
    }
    const count = raw.length / 3;
    const std = Math.sqrt(squares / count - (sum / count) ** 2);
    expect(std).toBeGreaterThan(0.008);
    expect(std).toBeLessThan(0.012);
  });

  it('jitters sample times with the configured standard deviation, strictly increasing', () => {
    const rate = 200;
    const jitterSec = 0.05 / rate;
    const plan = testPlan([testSegment(30, { yaw: 90 })], { sample_rate: rate, timestamp_jitter_s: jitterSec });
    const times = generateRecording(plan, { seed: 3 }).recording.topics.get('mag_raw')!.timestampsNs;
    let squares = 0;
    for (let n = 0; n < times.length; n++) {
      if (n > 0) expect(times[n]! > times[n - 1]!).toBe(true);
      squares += (Number(times[n]!) / 1e9 - n / rate) ** 2;
    }
    expect(Math.sqrt(squares / times.length) / jitterSec).toBeCloseTo(1, 1);
    const clean = generateRecording(testPlan([testSegment(1)], { sample_rate: rate })).recording.topics.get(
      'mag_raw',
    )!.timestampsNs;
    expect(clean[7]).toBe(35_000_000n);
  });
});
