import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fixturePath } from '@tsc/fixtures';
import { readRecordingFile, writeRecordingFile } from '@tsc/mcap-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlan, testSegment } from '../__fixtures__/test-plans.js';
import { createWorldwideDatasetPlan } from '../dataset/worldwide-dataset-plan.js';
import { generateRecording } from '../generation/generate-recording.js';
import { RECORDING_BYTES_PER_SAMPLE } from '../generation/recording-size.js';
import { generateToFiles } from './generate-to-files.js';
import { readPlanFile } from './read-plan-file.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsc-synthetic-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateToFiles', () => {
  const plan = testPlan([testSegment(3, { yaw: 45 }, { level: 'high', kind: 'body_hard_iron' }), testSegment(2)]);

  it('writes byte-identical MCAP, labels and experiment files for the same plan and seed', async () => {
    const write = (stem: string, seed: number) =>
      generateToFiles(plan, {
        outputPath: join(dir, `${stem}.mcap`),
        labelsPath: join(dir, `${stem}.labels.json`),
        experimentPath: join(dir, `${stem}.experiment.json`),
        name: 'run',
        seed,
      });
    await write('a', 1);
    await write('b', 1);
    await write('c', 2);
    for (const suffix of ['.mcap', '.labels.json', '.experiment.json']) {
      expect(await readFile(join(dir, `b${suffix}`))).toEqual(await readFile(join(dir, `a${suffix}`)));
    }
    expect(await readFile(join(dir, 'c.mcap'))).not.toEqual(await readFile(join(dir, 'a.mcap')));
    expect((await readdir(dir)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('round-trips through the MCAP reader with metadata to convert raw counts back', async () => {
    const outputPath = join(dir, 'round.mcap');
    const { generated } = await generateToFiles(plan, { outputPath, seed: 3 });
    const { recording } = generateRecording(plan, { seed: 3 });
    const read = await readRecordingFile(outputPath);
    expect([...read.topics.keys()]).toEqual([...recording.topics.keys()]);
    expect(generated.sampleCount).toBe(500);
    for (const [topic, series] of recording.topics) {
      expect(read.topics.get(topic)!.timestampsNs).toEqual(series.timestampsNs);
      expect(read.topics.get(topic)!.values).toEqual(series.values);
    }
    expect(read.metadata.units?.mag_truth).toBe('uT');
    expect(read.metadata.calibration?.mag?.matrix).toEqual([0.15, 0, 0, 0, 0.15, 0, 0, 0, 0.15]);
    expect(read.metadata.sampleRateHz).toBe(100);
    expect(Number(read.metadata.extra?.earth_field_total_uT)).toBeCloseTo(generated.earthField!.totalMicroTesla, 12);
    expect(Number(read.metadata.extra?.earth_field_inclination_deg)).toBeCloseTo(61.59, 1);
    expect(read.metadata.extra?.seed).toBe('3');
  });

  it('writes reference-format labels (4-space indent) and experiment (2-space indent)', async () => {
    const labelsPath = join(dir, 'x.labels.json');
    const experimentPath = join(dir, 'x.experiment.json');
    await generateToFiles(plan, { outputPath: join(dir, 'x.mcap'), labelsPath, experimentPath, seed: 1 });
    const labelsText = await readFile(labelsPath, 'utf8');
    expect(labelsText.startsWith('{\n    "events": [\n        {\n            "id": "')).toBe(true);
    const labels = JSON.parse(labelsText);
    expect(labels.events).toHaveLength(2);
    expect(labels.events[0].collection).toBe('projects/nst-test/data/synthetic_datasets/x/x.labels.json');
    expect(labels.events[0].metadata).toEqual({
      mag_distortion: '2',
      distortion_kind: 'body_hard_iron',
      distortion_strength: '0.8',
      '': '',
    });
    const experiment = JSON.parse(await readFile(experimentPath, 'utf8'));
    expect(experiment.dirname).toBe('synthetic_datasets/x');
    expect(experiment.segments).toEqual(plan.segments);
  });

  it('writes the reference plan in compat mode with the same samples as the reference file', async () => {
    const outputPath = join(dir, 'compat.mcap');
    await generateToFiles(await readPlanFile(fixturePath('seed', 'default_plan.json')), { outputPath, compat: 'seed' });
    const ours = await readRecordingFile(outputPath);
    const reference = await readRecordingFile(fixturePath('seed', 'basic_synthetic.mcap'));
    for (const [topic, series] of reference.topics) {
      expect(ours.topics.get(topic)!.timestampsNs).toEqual(series.timestampsNs);
      expect(ours.topics.get(topic)!.values).toEqual(series.values);
    }
  });

  it("writes the same files for every block length: the bytes writeRecordingFile writes for generateRecording's recording", async () => {
    const worldwide = createWorldwideDatasetPlan({ seed: 9, durationSec: 20 }); // jitter, soft iron, a passed dipole
    const write = (stem: string, blockLengthSamples?: number) =>
      generateToFiles(worldwide, {
        outputPath: join(dir, `${stem}.mcap`),
        labelsPath: join(dir, `${stem}.labels.json`),
        name: 'run',
        seed: 9,
        ...(blockLengthSamples === undefined ? {} : { blockLengthSamples }),
      });
    await write('default');
    await write('small', 333);
    const { recording } = generateRecording(worldwide, { seed: 9, name: 'run' });
    await writeRecordingFile(join(dir, 'whole.mcap'), recording, { library: '@tsc/synthetic' });
    const bytes = await readFile(join(dir, 'default.mcap'));
    expect((await readFile(join(dir, 'small.mcap'))).equals(bytes)).toBe(true);
    expect((await readFile(join(dir, 'whole.mcap'))).equals(bytes)).toBe(true);
    expect(await readFile(join(dir, 'small.labels.json'), 'utf8')).toBe(
      await readFile(join(dir, 'default.labels.json'), 'utf8'),
    );
  });

  it('holds a block, not the recording: an hour at 100 Hz grows the peak memory far less than the recording', () => {
    // A child process with a small V8 heap, so that garbage cannot hide what is held: it writes a warm-up recording,
    // then 3600 s × 100 Hz (the recording's arrays alone: 360 001 × 280 B = 101 MB) and prints its peak RSS.
    const here = dirname(fileURLToPath(import.meta.url));
    const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs');
    const child = spawnSync(
      process.execPath,
      [
        '--max-semi-space-size=1',
        '--max-old-space-size=96',
        '--import',
        pathToFileURL(tsx).href,
        '--conditions=@tsc/source',
        join(here, 'bounded-memory.test-helper.ts'),
        dir,
        '3600',
      ],
      { cwd: resolve(here, '../..'), encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    const { sampleCount, rssBeforeBytes, peakRssBytes } = JSON.parse(child.stdout);
    expect(sampleCount).toBe(360_000);
    const recordingBytes = sampleCount * RECORDING_BYTES_PER_SAMPLE;
    // measured: 17–22 MB of growth (block, MCAP chunk, zstd, garbage) for 600 s and 3600 s alike
    expect(peakRssBytes - rssBeforeBytes).toBeLessThan(0.4 * recordingBytes);
  }, 60_000);
});
