import { readJsonFixture } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { experimentLabelPaths, normalizeRemotePath, toDataRelativePath, toStoragePath } from './data-paths.js';
import { RemotePathError } from './errors.js';

describe('toDataRelativePath', () => {
  it('maps full storage paths from experiment and label files to data-relative paths', () => {
    expect(toDataRelativePath('projects/nst-test/data/synthetic_test/synthetic_test.labels.json')).toBe(
      'synthetic_test/synthetic_test.labels.json',
    );
    expect(toDataRelativePath('/projects/nst-test/data/a.mcap', { projectId: 'nst-test' })).toBe('a.mcap');
  });

  it('normalises relative paths (the reference notebook produced a leading "/")', () => {
    expect(toDataRelativePath('/3AF306.model.tar.gz')).toBe('3AF306.model.tar.gz');
    expect(normalizeRemotePath('a//b/c.mcap')).toBe('a/b/c.mcap');
  });

  it('rejects paths outside data/, of another project, empty, or with ..', () => {
    expect(() => toDataRelativePath('projects/nst-test/modules/m.tar.gz')).toThrow(RemotePathError);
    expect(() => toDataRelativePath('projects/other/data/a.mcap', { projectId: 'nst-test' })).toThrow(
      /project nst-test, found project other/,
    );
    expect(() => toDataRelativePath('/')).toThrow(/non-empty/);
    expect(() => toDataRelativePath('a/../../etc/passwd')).toThrow(/"\.\."/);
  });

  it('builds full storage paths', () => {
    expect(toStoragePath('a/b.mcap', 'nst-test')).toBe('projects/nst-test/data/a/b.mcap');
  });
});

describe('experimentLabelPaths', () => {
  it('resolves the labelFiles of the reference experiment fixture', () => {
    const experiment = readJsonFixture('seed', 'example_experiment.json');
    expect(experimentLabelPaths(experiment, { projectId: 'nst-test' })).toEqual([
      'synthetic_test/synthetic_test.labels.json',
    ]);
  });

  it('names the bad entry', () => {
    expect(() => experimentLabelPaths({ labelFiles: [{ filePath: 3 }] })).toThrow(/labelFiles\[0\]\.filePath/);
    expect(() => experimentLabelPaths({})).toThrow(/labelFiles/);
  });
});
