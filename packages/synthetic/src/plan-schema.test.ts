import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from './plan-schema.js';

describe('plan JSON Schema', () => {
  it('ships schema/plan.schema.json equal to the TypeBox definition (regenerate with `pnpm schema`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../schema/plan.schema.json', import.meta.url), 'utf8'));
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
});
