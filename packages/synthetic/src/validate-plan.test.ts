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
    expect(error.path).toBe('segments[3].duration_s');
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
    expect(errorOf(plan).issues.map((issue) => issue.path)).toEqual([
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
    expect(errorOf(badDate).path).toBe('initialization.date');
    expect(errorOf({}).message).toBe('initialization: expected an object, found nothing (missing)');
  });
});
