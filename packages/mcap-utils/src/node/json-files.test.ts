import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, JsonValidationError } from '../errors.js';
import { readExperimentFile, readLabelsFile, writeExperimentFile, writeLabelsFile } from './json-files.js';

describe('labels and experiment files on disk', () => {
  it('reads the reference samples and writes them back atomically', async () => {
    const labels = await readLabelsFile(fixturePath('seed', 'example_labels.json'));
    const experiment = await readExperimentFile(fixturePath('seed', 'example_experiment.json'));
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-json-'));
    await writeLabelsFile(join(dir, 'a.labels.json'), labels);
    await writeExperimentFile(join(dir, 'a.experiment.json'), experiment);
    expect(readdirSync(dir).sort()).toEqual(['a.experiment.json', 'a.labels.json']);
    expect(await readLabelsFile(join(dir, 'a.labels.json'))).toEqual(labels);
    expect(JSON.parse(readFileSync(join(dir, 'a.experiment.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(fixturePath('seed', 'example_experiment.json'), 'utf8')),
    );
  });

  it('creates missing folders, and names the path when a file blocks one', async () => {
    const labels = await readLabelsFile(fixturePath('seed', 'example_labels.json'));
    const experiment = await readExperimentFile(fixturePath('seed', 'example_experiment.json'));
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-json-'));
    await writeLabelsFile(join(dir, 'l', 'deep', 'a.labels.json'), labels);
    await writeExperimentFile(join(dir, 'e', 'deep', 'a.experiment.json'), experiment);
    expect(await readLabelsFile(join(dir, 'l', 'deep', 'a.labels.json'))).toEqual(labels);
    expect(await readExperimentFile(join(dir, 'e', 'deep', 'a.experiment.json'))).toEqual(experiment);

    writeFileSync(join(dir, 'blocker'), 'keep');
    const blocked = join(dir, 'blocker', 'a.labels.json');
    await expect(writeLabelsFile(blocked, labels)).rejects.toThrow(InvalidArgumentError);
    await expect(writeExperimentFile(join(dir, 'blocker', 'x', 'a.experiment.json'), experiment)).rejects.toThrow(
      `expected a folder at ${join(dir, 'blocker')}, found "a file"`,
    );
    expect(readdirSync(dir).sort()).toEqual(['blocker', 'e', 'l']);
    expect(readFileSync(join(dir, 'blocker'), 'utf8')).toBe('keep');
  });

  it('names the file in validation errors', async () => {
    const path = fixturePath('seed', 'example_experiment.json');
    await expect(readLabelsFile(path)).rejects.toThrow(JsonValidationError);
    await expect(readLabelsFile(path)).rejects.toThrow(`${path}: events: expected an array, found nothing (missing)`);
  });
});
