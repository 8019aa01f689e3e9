import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeInvalidArgument, InvalidArgumentError } from '@tsc/errors';
import { fixturePath } from '@tsc/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanValidationError } from '../plan/validate-plan.js';
import { PlanFileError, readPlanFile } from './read-plan-file.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsc-synthetic-plan-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readPlanFile', () => {
  it('reads the reference default plan', async () => {
    const plan = await readPlanFile(fixturePath('seed', 'default_plan.json'));
    expect(plan.initialization.sample_rate).toBe(30);
    expect(plan.segments).toHaveLength(8);
  });

  it('names the file in every error', async () => {
    const missing = join(dir, 'missing.json');
    await expect(readPlanFile(missing)).rejects.toThrow(
      `${missing}: expected a plan JSON file, found nothing at that path (ENOENT)`,
    );
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"initialization": ');
    await expect(readPlanFile(broken)).rejects.toThrow(/broken\.json: expected valid JSON, found a syntax error: /);
    const invalid = join(dir, 'invalid.json');
    await writeFile(invalid, JSON.stringify({ initialization: {}, segments: [] }));
    const error = await readPlanFile(invalid).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlanValidationError);
    expect((error as PlanValidationError).file).toBe(invalid);
    expect((error as Error).message).toBe(
      `${invalid}: initialization.pose: expected an object, found nothing (missing)`,
    );
  });

  it('raises file errors of the one argument-error shape: file, field, expected and found, rendered one way', async () => {
    const missing = join(dir, 'missing.json');
    const unread = await readPlanFile(missing).catch((caught: unknown) => caught);
    expect(PlanFileError.isInstance(unread)).toBe(true);
    expect(InvalidArgumentError.isInstance(unread)).toBe(true);
    const found = 'nothing at that path (ENOENT)';
    expect(unread).toMatchObject({ file: missing, field: '', expected: 'a plan JSON file', found });
    expect((unread as Error).message).toBe(
      describeInvalidArgument({ file: missing, field: '', expected: 'a plan JSON file', found, foundText: found }),
    );
    expect(InvalidArgumentError.isInstance((unread as Error).cause)).toBe(true); // readInputFile's error
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '[1, ');
    const unparsed = await readPlanFile(broken).catch((caught: unknown) => caught);
    expect(unparsed).toMatchObject({ file: broken, field: '', expected: 'valid JSON' });
    expect((unparsed as PlanFileError).found).toMatch(/^a syntax error: /);
    expect((unparsed as Error).cause).toBeInstanceOf(SyntaxError);
    // the found value in words, as it was: not quoted as a JSON string
    expect((unparsed as Error).message).toBe(
      `${broken}: expected valid JSON, found ${(unparsed as PlanFileError).found}`,
    );
  });
});
