import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimTemporaryPath, isTemporaryName, previousVersionPath } from './temporary-files.js';

describe('temporary names', () => {
  it('recognises the names claimTemporaryPath makes, and only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shared-names-'));
    const claim = await claimTemporaryPath(join(dir, 'run.mcap'));
    expect(dirname(claim.temporaryPath)).toBe(dir);
    expect(isTemporaryName(basename(claim.temporaryPath))).toBe(true);
    claim.release();
    expect(isTemporaryName('run.mcap')).toBe(false);
    expect(isTemporaryName('.run.mcap.12.0123abcd.part')).toBe(false);
    expect(isTemporaryName('.run.mcap.12.0123abcd.tmp')).toBe(true);
  });

  it('puts the previous version of a folder beside it', () => {
    const previous = previousVersionPath(join('out', 'model'));
    expect(dirname(previous)).toBe('out');
    expect(basename(previous)).toMatch(new RegExp(`^\\.model\\.old-${process.pid}-[0-9a-f]{8}$`));
  });
});
