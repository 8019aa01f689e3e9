import { readFileSync } from 'node:fs';
import { readJsonFixture } from '@tsc/fixtures';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from './plan-schema.js';

describe('plan JSON Schema', () => {
  it('ships schema/plan.schema.json equal to the TypeBox definition (regenerate with `pnpm schema`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/plan.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(planJsonSchema());
  });

  it('is plain JSON Schema with required reference fields and optional extensions', () => {
    const schema = planJsonSchema() as {
      required: string[];
      properties: { initialization: { required: string[]; properties: Record<string, unknown> } };
    };
    expect(schema.required).toEqual(['initialization', 'segments']);
    expect(schema.properties.initialization.required).toEqual([
      'pose',
      'start_time_ns',
      'sample_rate',
      'mag',
      'acc',
      'gyro',
    ]);
    expect(Object.keys(schema.properties.initialization.properties)).toContain('seed');
  });

  it('works as a plain JSON Schema in a generic validator (Ajv): accepts reference plans, rejects bad ones', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/plan.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(committed);
    const plan = readJsonFixture<{ segments: { duration_s: number }[] }>('seed', 'default_plan.json');
    expect(validate(plan)).toBe(true);
    plan.segments[3]!.duration_s = 0;
    expect(validate(plan)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/segments/3/duration_s', keyword: 'exclusiveMinimum' });
  });
});
