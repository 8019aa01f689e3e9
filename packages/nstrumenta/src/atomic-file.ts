import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The process-wide set of temporary paths of writes in progress, shared with `@tsc/mcap-utils/node`
 * (`temporaryFileRegistry`, which owns the interrupt handling) through `Symbol.for('tsc.temporaryFiles')`:
 * this package cannot depend on that one, and a command's SIGINT handler must remove these files too.
 */
function temporaryFileRegistry(): Set<string> {
  const holder = globalThis as { [key: symbol]: Set<string> | undefined };
  const key = Symbol.for('tsc.temporaryFiles');
  return (holder[key] ??= new Set<string>());
}

/** Whether a file name is one of our temporary files (`.<name>.<pid>.<random>.part`). */
export function isTemporaryName(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{8}\.part$/.test(name);
}

/** Whether a process with this id runs (a process of another user counts as running). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/** Removes the temporary files beside `path` that a killed run (a process that no longer runs) left. */
async function sweepStaleTemporaryFiles(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  const registry = temporaryFileRegistry();
  for (const entry of await readdir(dirname(path)).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix) || !isTemporaryName(entry)) continue;
    const pid = Number(entry.slice(prefix.length).split('.')[0]);
    const stale = pid === process.pid ? !registry.has(join(dirname(path), entry)) : !processRuns(pid);
    if (stale) await rm(join(dirname(path), entry), { recursive: true, force: true });
  }
}

/**
 * Sweeps stale temporary files beside `path`, then claims and registers a fresh temporary path beside it
 * (same folder, so a rename is atomic). Call `release()` once it is renamed or removed.
 */
export async function claimTemporaryPath(path: string): Promise<{ temporaryPath: string; release: () => void }> {
  await sweepStaleTemporaryFiles(path);
  const temporaryPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
  const registry = temporaryFileRegistry();
  registry.add(temporaryPath);
  return { temporaryPath, release: () => registry.delete(temporaryPath) };
}

/**
 * Writes `data` to `path` through a temporary file in the same folder and a rename: readers see the old
 * file or the new one, never a partial one. Creates missing folders.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const { temporaryPath: temporary, release } = await claimTemporaryPath(path);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    release();
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
  const { temporaryPath: temporary, release } = await claimTemporaryPath(path);
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
  } finally {
    release();
  }
}
