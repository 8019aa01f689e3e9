import { readJsonFixture } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import type { Plan } from './plan-types.js';
import { PlanValidationError, validatePlan } from './validate-plan.js';

const referencePlan = (): Plan => readJsonFixture<Plan>('seed', 'default_plan.json');

function errorOf(json: unknown, fileName?: string): PlanValidationError {
  try {
    validatePlan(json, fileName === undefined ? {} : { fileName });
  } catch (error) {
    if (error instanceof PlanValidationError) return error;
    throw error;
  }
  throw new Error('expected a PlanValidationError');
}

describe('validatePlan', () => {
  it('accepts the reference default plan unchanged', () => {
    const plan = referencePlan();
    expect(validatePlan(plan)).toBe(plan);
  });

  it('accepts reference distortion fields and our extensions', () => {
    const plan = referencePlan();
    plan.initialization.seed = 9;
    plan.initialization.date = '2026-06-01';
    plan.initialization.mag.noise = { white_noise_density: 0.05 };
    plan.segments[0]!.magnetic_distortion = 2.5;
    plan.segments[0]!.mag_distortion = { level: 'high', world_x: 0.5, kind: 'dipole', closest_approach_m: 0.2 };
    plan.segments[1]!.translation_m = { x: 1, y: 0, z: 0 };
    expect(validatePlan(plan).segments[0]?.mag_distortion?.kind).toBe('dipole');
  });

  it('names the JSON path, the expectation and the value found', () => {
    const plan = referencePlan();
    plan.segments[3]!.duration_s = 0;
    const error = errorOf(plan);
    expect(error.message).toBe('segments[3].duration_s: expected a number > 0, found 0');
    expect(error.field).toBe('segments[3].duration_s');
    expect(error.expected).toBe('a number > 0');
    expect(error.found).toBe(0);
  });

  it('names the file, missing fields and bad enum values', () => {
    const plan = referencePlan() as unknown as { initialization: Record<string, unknown>; segments: unknown[] };
    delete plan.initialization.sample_rate;
    expect(errorOf(plan, 'plans/a.json').message).toBe(
      'plans/a.json: initialization.sample_rate: expected a number > 0, found nothing (missing)',
    );
    const other = referencePlan();
    (other.segments[1] as { mag_distortion: unknown }).mag_distortion = { level: 'medium' };
    const error = errorOf(other);
    expect(error.message).toBe(
      'segments[1].mag_distortion.level: expected one of "none", "low", "high", found "medium"',
    );
  });

  it('reports every issue and rejects singular calibrations and bad dates', () => {
    const plan = referencePlan();
    plan.segments[0]!.duration_s = -1;
    plan.initialization.sample_rate = 0;
    expect(errorOf(plan).issues.map((issue) => issue.field)).toEqual([
      'initialization.sample_rate',
      'segments[0].duration_s',
    ]);
    const singular = referencePlan();
    singular.initialization.acc.calibration.matrix = [
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 1],
    ];
    expect(errorOf(singular).message).toMatch(
      /^initialization\.acc\.calibration\.matrix: expected an invertible 3×3 matrix/,
    );
    const badDate = referencePlan();
    badDate.initialization.date = '2025-13-45';
    expect(errorOf(badDate).field).toBe('initialization.date');
    expect(errorOf({}).message).toBe('initialization: expected an object, found nothing (missing)');
  });

  it('accepts the worldwide extensions: calibration error, drift, jitter, oscillations, taps, envelopes', () => {
    const plan = referencePlan();
    plan.initialization.timestamp_jitter_s = 0.0001;
    plan.initialization.mag.model = 'BMM150';
    plan.initialization.mag.calibration_error = {
      matrix: [
        [1.02, 0.01, 0],
        [0.01, 0.98, 0],
        [0, 0, 1],
      ],
      offset: { x: 1, y: -0.5, z: 0.2 },
    };
    plan.initialization.gyro.noise = {
      bias_instability: 2e-5,
      bias_correlation_time_s: 50,
      temperature_drift: { bias_change: { x: 1e-4, y: 0, z: 0 }, time_constant_s: 300 },
    };
    plan.segments[0]!.rotation_oscillations = [{ axis: { x: 0, y: 0, z: 1 }, amplitude_deg: 0.3, frequency_hz: 10 }];
    plan.segments[0]!.acceleration_oscillations = [
      { axis: { x: 0, y: 0, z: 1 }, amplitude_m_s2: 2, frequency_hz: 2, phase_rad: 1, ramp_s: 0.2 },
    ];
    plan.segments[0]!.taps = [{ time_s: 0.5, axis: { x: 0, y: 0, z: -1 }, peak_m_s2: 10, duration_s: 0.02 }];
    plan.segments[1]!.mag_distortion = {
      level: 'low',
      kind: 'ferrous_object',
      envelope: 'approach',
      far_distance_ratio: 2,
    };
    expect(validatePlan(plan)).toBe(plan);
  });

  it('rejects bad extension values, naming the path', () => {
    const cases: [(plan: Plan) => void, string, string][] = [
      [
        (plan) => {
          plan.initialization.mag.calibration_error = {
            matrix: [
              [1, 0, 0],
              [0, 0, 0],
              [0, 0, 1],
            ],
            offset: { x: 0, y: 0, z: 0 },
          };
        },
        'initialization.mag.calibration_error.matrix',
        'an invertible 3×3 matrix',
      ],
      [
        (plan) => {
          plan.initialization.acc.calibration_error = { matrix: [[1, 0, 0]], offset: { x: 0, y: 0, z: 0 } };
        },
        'initialization.acc.calibration_error.matrix',
        'an array of 3 items',
      ],
      [
        (plan) => {
          plan.initialization.timestamp_jitter_s = 0.01;
        },
        'initialization.timestamp_jitter_s',
        'at most 0.1 sample periods (0.0033333333333333335 s at 30 Hz)',
      ],
      [
        (plan) => {
          plan.initialization.timestamp_jitter_s = -1;
        },
        'initialization.timestamp_jitter_s',
        'a number ≥ 0',
      ],
      [
        (plan) => {
          plan.initialization.gyro.noise = { bias_correlation_time_s: 0 };
        },
        'initialization.gyro.noise.bias_correlation_time_s',
        'a number > 0',
      ],
      [
        (plan) => {
          plan.segments[2]!.rotation_oscillations = [{ axis: { x: 0, y: 0, z: 0 }, amplitude_deg: 1, frequency_hz: 9 }];
        },
        'segments[2].rotation_oscillations[0].axis',
        'a non-zero axis',
      ],
      [
        (plan) => {
          plan.segments[2]!.acceleration_oscillations = [
            { axis: { x: 0, y: 0, z: 1 }, amplitude_m_s2: 1, frequency_hz: 0 },
          ];
        },
        'segments[2].acceleration_oscillations[0].frequency_hz',
        'a number > 0',
      ],
      [
        (plan) => {
          plan.segments[0]!.taps = [{ time_s: 99, axis: { x: 0, y: 0, z: 1 }, peak_m_s2: 5, duration_s: 0.02 }];
        },
        'segments[0].taps[0].time_s',
        "a time < the segment's duration_s (15)",
      ],
      [
        (plan) => {
          plan.segments[1]!.mag_distortion = { level: 'low', envelope: 'approach', far_distance_ratio: 1 };
        },
        'segments[1].mag_distortion.far_distance_ratio',
        'a number > 1',
      ],
      [
        (plan) => {
          (plan.segments[1]!.mag_distortion as { envelope: string }) = { envelope: 'ramp' };
        },
        'segments[1].mag_distortion.envelope',
        'one of "step", "approach", "departure"',
      ],
    ];
    for (const [edit, path, expected] of cases) {
      const plan = referencePlan();
      edit(plan);
      const error = errorOf(plan);
      expect([error.field, error.expected]).toEqual([path, expected]);
    }
  });
});
