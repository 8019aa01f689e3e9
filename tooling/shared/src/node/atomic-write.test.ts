import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@tsc/errors';
import { describe, expect, it } from 'vitest';
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
    expect(error).toMatchObject({ field: path, expected: `a folder at ${blocker}`, found: 'a file' });
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
      field: path,
      expected: `a folder at ${blocker}`,
    });
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(blocker, 'utf8')).toBe('keep');
  });
});

describe('writeStreamAtomic', () => {
  it('streams into the file through a temporary file, and leaves the old file when the check fails', async () => {
    const { writeStreamAtomic } = await import('./atomic-write.js');
    const dir = mkdtempSync(join(tmpdir(), 'shared-stream-'));
    const path = join(dir, 'sub', 'data.bin');
    async function* chunks() {
      yield new Uint8Array([1, 2]);
      yield new Uint8Array([3]);
    }
    await writeStreamAtomic(path, chunks());
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    const refused = new Error('length differs');
    await expect(
      writeStreamAtomic(path, chunks(), [], () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['data.bin']);
  });
});
