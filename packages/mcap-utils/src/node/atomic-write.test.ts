import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

describe('writeFileAtomic', () => {
  it('creates missing folders above the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-atomic-'));
    const path = join(dir, 'a', 'b', 'c', 'notes.txt');
    await writeFileAtomic(path, 'hello');
    expect(readFileSync(path, 'utf8')).toBe('hello');
    expect(readdirSync(join(dir, 'a', 'b', 'c'))).toEqual(['notes.txt']);
  });

  it('names the path and the file that blocks a folder deeper down, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-atomic-'));
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'keep');
    const path = join(blocker, 'sub', 'notes.txt');
    const error = await writeFileAtomic(path, 'hello').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument: path, expected: `a folder at ${blocker}`, found: 'a file' });
    expect((error as Error).message).toBe(`${path}: expected a folder at ${blocker}, found "a file"`);
    expect(readdirSync(dir)).toEqual(['blocker']);
    expect(readFileSync(blocker, 'utf8')).toBe('keep');
  });

  it('names the file that sits where the direct parent folder should be', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-atomic-'));
    const blocker = join(dir, 'out');
    writeFileSync(blocker, 'keep');
    const path = join(blocker, 'notes.txt');
    await expect(writeFileAtomic(path, 'hello')).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      argument: path,
      expected: `a folder at ${blocker}`,
    });
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(blocker, 'utf8')).toBe('keep');
  });
});
