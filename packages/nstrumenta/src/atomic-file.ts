import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A temporary file name in the same folder as `path` (`.<name>.<random>.part`), so a rename is atomic. */
export function temporaryPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
}

/** Whether a file name is one of our temporary files. */
export function isTemporaryName(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.part$/.test(name);
}

/**
 * Writes `data` to `path` through a temporary file in the same folder and a rename: readers see the old
 * file or the new one, never a partial one. Creates missing folders.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathBeside(path);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Streams `source` (through optional transforms) into `path` via a temporary file and a rename. `check`
 * runs after the last byte is written and before the rename; throwing there leaves `path` untouched.
 * On any failure the temporary file is removed.
 */
export async function writeStreamAtomic(
  path: string,
  source: Readable | AsyncIterable<Uint8Array>,
  transforms: Transform[] = [],
  check: () => void | Promise<void> = () => {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathBeside(path);
  const output = createWriteStream(temporary);
  try {
    await (pipeline as (...streams: unknown[]) => Promise<void>)(source, ...transforms, output);
    await check();
    await rename(temporary, path);
  } catch (error) {
    // The file may still be opening when the source fails: wait until it is closed, then remove it.
    if (!output.closed) await new Promise<void>((resolve) => output.once('close', () => resolve()));
    await rm(temporary, { force: true });
    throw error;
  }
}
