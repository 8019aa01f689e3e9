import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
import { readRecordingFile } from '@tsc/mcap-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlan, testSegment } from '../__fixtures__/test-plans.js';
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
    const read = await readRecordingFile(outputPath);
    expect([...read.topics.keys()].sort()).toEqual([...generated.recording.topics.keys()].sort());
    for (const [topic, series] of generated.recording.topics) {
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
});
