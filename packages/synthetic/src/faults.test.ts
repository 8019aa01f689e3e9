import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonFixture } from '@tsc/fixtures';
import { encodeRecording, inspectRecording, MemoryLimitError } from '@tsc/mcap-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorldwideDatasetPlan } from './dataset/worldwide-dataset-plan.js';
import { generateRecording } from './generation/generate-recording.js';
import { checkDatasetSize, RecordingSizeError } from './generation/recording-size.js';
import { InvalidOptionError } from './invalid-option-error.js';
import { generateDataset } from './node/generate-dataset.js';
import { generateToFiles } from './node/generate-to-files.js';
import { PlanFileError, readPlanFile } from './node/read-plan-file.js';
import type { Plan } from './plan/plan-types.js';
import { PlanValidationError } from './plan/validate-plan.js';

// Fault suite (issue 14, Why 4, 6, 9 and 12): sizes checked before work, times within u64 ns, folders not mixed.

const referencePlan = (): Plan => readJsonFixture<Plan>('seed', 'default_plan.json');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synthetic-faults-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('synthetic faults', () => {
  it('refuses a plan duration of 1e9 s before generating, naming the fields, the memory and the limit', () => {
    const plan = referencePlan();
    plan.segments[0]!.duration_s = 1e9;
    const started = performance.now();
    const error = thrown(() => generateRecording(plan));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(RecordingSizeError);
    expect(String(error)).toMatch(
      /segments\[\]\.duration_s \(sum\) × initialization\.sample_rate: 3\.00e\+10 samples per topic would need 7\.64 TiB of memory; the limit is 4\.00 GiB/,
    );
  });

  it('refuses a rate of 1e7 Hz the same way, and honours a raised limit', () => {
    const plan = referencePlan();
    plan.initialization.sample_rate = 1e7;
    expect(thrown(() => generateRecording(plan))).toMatchObject({ limitBytes: 4 * 1024 ** 3 });
    expect(thrown(() => generateRecording(plan, { maxMemoryBytes: 1024 }))).toMatchObject({ limitBytes: 1024 });
  });

  it('refuses a count whose manifest would not fit in memory, before writing anything (Why 4: --count had no limit)', async () => {
    const started = performance.now();
    const output = join(dir, 'many');
    const error = await generateDataset({ outputDir: output, count: 1e9, durationSec: 1 }).catch((caught) => caught);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(MemoryLimitError);
    expect(error).toMatchObject({ option: 'count', neededBytes: 1e9 * 8192, limitBytes: 4 * 1024 ** 3 });
    expect(String(error)).toContain(
      'count: the manifest of 1000000000 recordings would need 7.45 TiB of memory; the limit is 4.00 GiB (maxMemoryBytes)',
    );
    await expect(readdir(output)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a dataset that would not fit in the free disk space, naming the count, the need and the space', () => {
    const check = { count: 1000, durationSec: 3600, sampleRateHz: 100, option: 'durationSec × sampleRateHz' };
    // 1000 × 360 001 sample times × 420 B ≈ 141 GiB
    const error = thrown(() => checkDatasetSize({ ...check, outputDir: 'data', freeDiskBytes: 10 * 1024 ** 3 }));
    expect(error).toBeInstanceOf(MemoryLimitError);
    expect(String(error)).toContain(
      'count: 1000 recordings of 3600 s at 100 Hz (durationSec × sampleRateHz) in data would need 141 GiB of disk; the limit is 10.0 GiB (the free space there)',
    );
    expect(() => checkDatasetSize({ ...check, freeDiskBytes: 200 * 1024 ** 3 })).not.toThrow();
    expect(() => checkDatasetSize(check)).not.toThrow(); // free space unknown: memory checks only
  });

  it('streams a long plan to a file without a memory limit, but refuses one the disk cannot hold, before writing', async () => {
    const plan = referencePlan();
    plan.initialization.sample_rate = 1000;
    plan.segments = [{ ...plan.segments[0]!, duration_s: 9e6 }]; // 9e9 samples (not 9 fewer): 3.4 TiB of MCAP
    const outputPath = join(dir, 'long.mcap');
    const started = performance.now();
    const error = await generateToFiles(plan, { outputPath }).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(MemoryLimitError);
    expect(String(error)).toMatch(
      /segments\[\]\.duration_s \(sum\) × initialization\.sample_rate: 9000000000 samples per topic in .*long\.mcap would need 3\.44 TiB of disk; the limit is .* \(the free space there\)/,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects a start_time_ns of 1e20 and an end beyond 2^63 ns, naming the field', () => {
    const plan = referencePlan();
    plan.initialization.start_time_ns = 1e20;
    const error = thrown(() => generateRecording(plan));
    expect(error).toBeInstanceOf(PlanValidationError);
    expect(String(error)).toContain('initialization.start_time_ns: expected an integer ≤ 9223372036854775807');
    plan.initialization.start_time_ns = 9223372036854770000;
    expect(thrown(() => generateRecording(plan))).toMatchObject({ field: 'segments[].duration_s' });
  });

  it('starts a jittered recording at its start time, never before 0 ns (Why 6: inspect showed 18446744073.7 s)', async () => {
    // Seeds 18–22 jitter their clocks; 20–22 drew a negative jitter for the first sample (−413 µs for 20).
    let startsAtZero = 0;
    for (let seed = 18; seed <= 22; seed++) {
      const plan = createWorldwideDatasetPlan({ seed, durationSec: 2, sampleRateHz: 100 });
      expect(plan.initialization.timestamp_jitter_s).toBeGreaterThan(0);
      const { recording } = generateRecording(plan, { seed });
      const first = recording.topics.get('mag_raw')!.timestampsNs[0]!;
      expect(first).toBeGreaterThanOrEqual(0n);
      expect(first).toBeLessThan(4_000_000n); // within the 0.4-period jitter limit at 100 Hz
      if (first === 0n) startsAtZero++;
      const inspection = await inspectRecording(await encodeRecording(recording, { compression: 'none' }));
      expect(inspection.startTimeNs).toBe(first);
      expect(inspection.durationSec).toBeGreaterThan(1.98);
      expect(inspection.durationSec).toBeLessThan(2.01);
    }
    expect(startsAtZero).toBe(3); // the negative jitter is truncated at the start time
  });

  it('rejects a start time whose jittered last sample would pass 2^63 ns', () => {
    const plan = referencePlan();
    const durationSec = plan.segments.reduce((sum, segment) => sum + segment.duration_s, 0);
    plan.initialization.timestamp_jitter_s = 0.001;
    // 8.4 ms before 2^63 without jitter; the last sample's 0.4-period jitter margin (13.3 ms at 30 Hz) passes it
    plan.initialization.start_time_ns = 2 ** 63 - durationSec * 1e9 - 2 ** 23;
    expect(thrown(() => generateRecording(plan))).toMatchObject({ field: 'segments[].duration_s' });
  });

  it('names a plan path that is a folder or missing, with what was expected and found (Why 9: a bare EISDIR)', async () => {
    const folder = await readPlanFile(dir).catch((caught: unknown) => caught);
    expect(folder).toBeInstanceOf(PlanFileError);
    expect((folder as PlanFileError).message).toBe(`${dir}: expected a plan JSON file, found a folder`);
    expect(folder).toMatchObject({ file: dir, field: '', expected: 'a plan JSON file', found: 'a folder' });
    const missing = join(dir, 'missing.json');
    await expect(readPlanFile(missing)).rejects.toThrow(
      `${missing}: expected a plan JSON file, found nothing at that path (ENOENT)`,
    );
  });

  it('refuses a dataset folder that holds files; replace removes the old recordings and keeps other files', async () => {
    const output = join(dir, 'd');
    await generateDataset({ outputDir: output, count: 4, durationSec: 2, sampleRateHz: 20, segmentSec: 1 });
    await writeFile(join(output, 'notes.txt'), 'mine');
    const error = await generateDataset({ outputDir: output, count: 2, durationSec: 2, sampleRateHz: 20 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(String(error)).toMatch(/outputDir: expected an empty or new folder .*--replace.*holding 14 file\(s\)/);
    await generateDataset({ outputDir: output, count: 2, durationSec: 2, sampleRateHz: 20, replace: true });
    expect((await readdir(output)).filter((name) => name.endsWith('.mcap')).sort()).toEqual([
      'recording_0000.mcap',
      'recording_0001.mcap',
    ]);
    expect(await readdir(output)).toContain('notes.txt');
  });

  it('names the output folder instead of a raw EEXIST when a file is in the way', async () => {
    await writeFile(join(dir, 'file'), 'x');
    const error = await generateDataset({ outputDir: join(dir, 'file', 'd'), count: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(String(error)).toContain(join(dir, 'file', 'd'));
    await mkdir(join(dir, 'empty'));
    await expect(generateDataset({ outputDir: join(dir, 'empty'), count: 1, durationSec: 1 })).resolves.toBeDefined();
  });
});
