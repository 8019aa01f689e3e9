import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { JsonValidationError } from '../errors.js';
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

  it('names the file in validation errors', async () => {
    const path = fixturePath('seed', 'example_experiment.json');
    await expect(readLabelsFile(path)).rejects.toThrow(JsonValidationError);
    await expect(readLabelsFile(path)).rejects.toThrow(`${path}: events: expected an array, found undefined`);
  });
});
