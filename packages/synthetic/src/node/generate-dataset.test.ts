import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecordingFile } from '@tsc/mcap-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET_MOTIONS } from '../dataset/dataset-plan.js';
import { InvalidOptionError } from '../invalid-option-error.js';
import { type DatasetManifest, type DatasetProgress, generateDataset } from './generate-dataset.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsc-synthetic-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateDataset', () => {
  it('fixed variety: balances levels across motions, writes every file and a manifest, and reports progress', async () => {
    const progress: DatasetProgress[] = [];
    const outputDir = join(dir, 'a');
    const manifest = await generateDataset({
      outputDir,
      variety: 'fixed',
      count: 36,
      durationSec: 4,
      sampleRateHz: 50,
      segmentSec: 2,
      seed: 7,
      onProgress: (step) => progress.push(step),
    });
    expect(manifest.recordings).toHaveLength(36);
    expect(progress.map((step) => step.completed)).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
    // every (level, motion) pair exactly twice: levels are balanced and independent of motion
    const pairs = new Map<string, number>();
    for (const entry of manifest.recordings)
      pairs.set(`${entry.level}/${entry.motion}`, (pairs.get(`${entry.level}/${entry.motion}`) ?? 0) + 1);
    expect(pairs.size).toBe(3 * DATASET_MOTIONS.length);
    expect(new Set(pairs.values())).toEqual(new Set([2]));
    // file order does not follow the level cycle
    expect(manifest.recordings.slice(0, 6).map((entry) => entry.level)).not.toEqual([
      'none',
      'low',
      'high',
      'none',
      'low',
      'high',
    ]);
    const files = await readdir(outputDir);
    expect(files).toHaveLength(36 * 3 + 1);
    const saved = JSON.parse(await readFile(join(outputDir, 'manifest.json'), 'utf8'));
    expect(saved.recordings[5].name).toBe(manifest.recordings[5]!.name);
    // labels match the manifest's level; data have the requested length
    const entry = manifest.recordings.find((candidate) => candidate.level === 'high')!;
    const labels = JSON.parse(await readFile(entry.labelsPath, 'utf8'));
    expect(labels.events.map((event: { metadata: Record<string, string> }) => event.metadata.mag_distortion)).toEqual([
      '2',
      '2',
    ]);
    const recording = await readRecordingFile(entry.mcapPath, { topics: ['mag_raw'] });
    expect(recording.topics.get('mag_raw')!.timestampsNs.length).toBe(200);
  });

  it('worldwide variety (default): mixed recordings, low and high balanced in labelled time, coverage in the manifest', async () => {
    const outputDir = join(dir, 'w');
    const manifest = await generateDataset({ outputDir, count: 6, durationSec: 30, seed: 11 });
    expect(manifest.variety).toBe('worldwide');
    expect(manifest.sampleRateHz).toBeUndefined();
    const { none, low, high, unlabelled } = manifest.levelSeconds;
    expect(none + low + high + unlabelled).toBeCloseTo(180, 0);
    expect(none / 180).toBeGreaterThanOrEqual(0.5);
    expect(low).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(0);
    expect(Math.abs(low - high) / (low + high)).toBeLessThan(0.4);
    for (const entry of manifest.recordings) {
      expect(entry.levelSeconds.none / 30).toBeGreaterThanOrEqual(0.5);
      expect(entry.fieldTotalMicroTesla).toBeGreaterThan(20);
      expect(entry.fieldTotalMicroTesla).toBeLessThan(70);
      expect(entry.sampleRateHz).toBeGreaterThanOrEqual(50);
      expect(entry.sensors.mag).not.toBe('ideal');
      expect(entry.motions.length).toBeGreaterThan(2);
      expect(entry.distortionKinds.length).toBeGreaterThan(0);
      expect(entry.level).toBe(entry.levelSeconds.high > entry.levelSeconds.low ? 'high' : 'low');
      const recording = await readRecordingFile(entry.mcapPath, { topics: ['mag_raw'] });
      expect(recording.topics.get('mag_raw')!.timestampsNs.length).toBe(Math.ceil(30 * entry.sampleRateHz - 1e-6));
    }
    expect(new Set(manifest.recordings.map((entry) => entry.latitudeDeg)).size).toBe(6);
    const saved = JSON.parse(await readFile(join(outputDir, 'manifest.json'), 'utf8'));
    expect(saved.levelSeconds).toEqual(manifest.levelSeconds);
    expect(saved.recordings[2].dipDeg).toBe(manifest.recordings[2]!.dipDeg);
  });

  it('rejects bad options with typed errors', async () => {
    await expect(generateDataset({ outputDir: join(dir, 'x'), count: 0 })).rejects.toThrow(
      new InvalidOptionError('count', 'an integer ≥ 1', 0),
    );
    await expect(generateDataset({ outputDir: join(dir, 'x'), count: 3, motions: [] })).rejects.toThrow(
      'motions: expected at least one value, found []',
    );
    await expect(generateDataset({ outputDir: join(dir, 'x'), count: 3, motions: ['roll'] })).rejects.toThrow(
      'motions: expected no value with variety "worldwide" (its motions are drawn)',
    );
    await expect(generateDataset({ outputDir: join(dir, 'x'), count: 3, cleanShare: [0.8, 0.5] })).rejects.toThrow(
      'cleanShare: expected [min, max] with 0 ≤ min ≤ max < 1, found [0.8,0.5]',
    );
    await expect(generateDataset({ outputDir: join(dir, 'x'), count: 3, seed: 1.5 })).rejects.toThrow(
      'seed: expected an integer in [0, 4294967295], found 1.5',
    );
  });

  it('is reproducible from its seed', async () => {
    const options = { count: 6, durationSec: 6, seed: 3 } as const;
    const first = await generateDataset({ ...options, outputDir: join(dir, 'b') });
    const second = await generateDataset({ ...options, outputDir: join(dir, 'c') });
    const described = (manifest: DatasetManifest) =>
      manifest.recordings.map(({ mcapPath: _m, labelsPath: _l, experimentPath: _e, ...rest }) => rest);
    expect(described(second)).toEqual(described(first));
    expect(second.levelSeconds).toEqual(first.levelSeconds);
    for (let i = 0; i < 6; i++) {
      const [a, b] = await Promise.all([
        readFile(first.recordings[i]!.mcapPath),
        readFile(second.recordings[i]!.mcapPath),
      ]);
      expect(a.equals(b)).toBe(true); // byte for byte (Buffer.equals: toEqual walks 500 kB element by element)
    }
  });
});
