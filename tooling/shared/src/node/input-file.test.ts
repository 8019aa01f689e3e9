import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@tsc/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { openInputFile, readInputFile } from './input-file.js';

const dir = mkdtempSync(join(tmpdir(), 'shared-input-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(read: Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await read.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return error as InvalidArgumentError;
}

describe('readInputFile', () => {
  it('reads a regular file', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'hello');
    expect((await readInputFile(path)).toString('utf8')).toBe('hello');
    const { handle, sizeBytes } = await openInputFile(path);
    await handle.close();
    expect(sizeBytes).toBe(5);
  });

  it('names a folder, a missing file and a file inside the path, with what was expected', async () => {
    const expected = 'a plan JSON file';
    expect(await failure(readInputFile(dir, { expected }))).toMatchObject({
      file: dir,
      field: '',
      expected,
      found: 'a folder',
    });
    const missing = join(dir, 'missing.json');
    expect((await failure(readInputFile(missing))).message).toBe(
      `${missing}: expected a file, found nothing at that path (ENOENT)`,
    );
    writeFileSync(join(dir, 'blocker'), 'x');
    const below = join(dir, 'blocker', 'plan.json');
    expect(await failure(openInputFile(below))).toMatchObject({
      found: 'a file where a folder of the path belongs (ENOTDIR)',
    });
    expect(await failure(openInputFile(dir))).toMatchObject({ found: 'a folder' });
  });

  it('refuses a named pipe at once instead of waiting for a writer', async () => {
    const pipe = join(dir, 'pipe');
    execFileSync('mkfifo', [pipe]);
    expect(await failure(readInputFile(pipe))).toMatchObject({ found: 'a pipe' });
    expect(await failure(openInputFile(pipe))).toMatchObject({ found: 'a pipe' });
  });
});
