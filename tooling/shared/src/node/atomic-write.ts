import { createWriteStream, promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileWriteError, InvalidArgumentError } from '@tsc/errors';
import { claimTemporaryPath } from './temporary-files.js';

/**
 * Creates the folder `path` goes into, and any missing folders above it (`mkdir -p`).
 *
 * @throws InvalidArgumentError naming `path` when the folder cannot be created: `expected` names the
 *   path component that is a file where a folder is needed (or the folder, with the system error
 *   code as `found`, for other failures such as missing permissions).
 */
export async function createParentFolder(path: string): Promise<void> {
  const folder = dirname(path);
  try {
    await fs.mkdir(folder, { recursive: true });
  } catch (error) {
    throw await parentFolderError(path, folder, error);
  }
}

/** Describes why `folder` could not be created: the nearest existing ancestor that is not a folder, else the error code. */
async function parentFolderError(path: string, folder: string, error: unknown): Promise<InvalidArgumentError> {
  for (let current = folder; ; current = dirname(current)) {
    const stats = await fs.stat(current).catch(() => undefined);
    if (stats !== undefined) {
      if (!stats.isDirectory())
        return new InvalidArgumentError(path, `a folder at ${current}`, stats.isFile() ? 'a file' : 'not a folder');
      break;
    }
    if (dirname(current) === current) break;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return new InvalidArgumentError(
    path,
    `a folder at ${folder} that can be created`,
    typeof code === 'string' ? code : String(error),
  );
}

/**
 * Writes `data` to a temporary file beside `path`, then renames it over `path`. Missing folders
 * above `path` are created first. On failure the temporary file is removed and `path` is left as
 * it was; an interrupt removes it too (see `exitCleanlyOnInterrupt`), and temporary files that a
 * killed run left beside `path` are swept first.
 *
 * @throws InvalidArgumentError naming `path` when its folder cannot be created (e.g. a path
 *   component is a file); FileWriteError naming `path` when the write fails (full disk, a folder at
 *   `path`, no permission).
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from '@tsc/mcap-utils/node';
 *
 * await writeFileAtomic('out/run-1/notes.txt', 'hello'); // creates out/run-1/ if needed
 * ```
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await createParentFolder(path);
  const { temporaryPath, release } = await claimTemporaryPath(path);
  try {
    await fs.writeFile(temporaryPath, data);
    await fs.rename(temporaryPath, path);
  } catch (error) {
    await fs.rm(temporaryPath, { force: true });
    throw new FileWriteError(path, error);
  } finally {
    release();
  }
}

/**
 * Streams `source` (through optional transforms) into `path` via a temporary file beside it and a rename, as
 * {@link writeFileAtomic} writes bytes: readers see the old file or the new one, never a partial one; missing
 * folders are created. `check` runs after the last byte is written and before the rename; throwing there leaves
 * `path` untouched. On any failure the temporary file is removed and the error is passed on as it is, system
 * errors included (a download tells its own network errors from the file system's by their `syscall`).
 *
 * @throws whatever creating the folder, `source`, a transform, the write or `check` throws.
 * `@tsc/nstrumenta` streams its downloads through it, checking the length against `Content-Length` in `check`.
 */
export async function writeStreamAtomic(
  path: string,
  source: Readable | AsyncIterable<Uint8Array>,
  transforms: Transform[] = [],
  check: () => void | Promise<void> = () => {},
): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const { temporaryPath, release } = await claimTemporaryPath(path);
  const output = createWriteStream(temporaryPath);
  try {
    await (pipeline as (...streams: unknown[]) => Promise<void>)(source, ...transforms, output);
    await check();
    await fs.rename(temporaryPath, path);
  } catch (error) {
    // The file may still be opening when the source fails: wait until it is closed, then remove it.
    if (!output.closed) await new Promise<void>((done) => output.once('close', () => done()));
    await fs.rm(temporaryPath, { force: true });
    throw error;
  } finally {
    release();
  }
}

/**
 * Refuses outputs of one command that share a path (one would overwrite the other).
 *
 * @throws InvalidArgumentError naming both options and the path.
 */
export function checkDistinctOutputs(files: readonly { readonly name: string; readonly path: string }[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const key = resolve(file.path);
    const other = seen.get(key);
    if (other !== undefined) throw new InvalidArgumentError(file.name, `a path other than ${other}'s`, file.path);
    seen.set(key, file.name);
  }
}

/** One file of {@link writeFilesAtomic}. */
export interface AtomicFileWrite {
  /** The option or role that names the file in errors, e.g. `labelsPath` or `--labels`. */
  readonly name: string;
  /** The final path. */
  readonly path: string;
  /** Writes the file's content to `temporaryPath` (e.g. with `writeRecordingFile`). */
  readonly write: (temporaryPath: string) => Promise<void>;
}

/**
 * Writes several files all or none: every file goes to a temporary path beside its target, and only when all
 * are written are they renamed into place. Two files with the same path are refused before anything is written.
 * On failure every temporary file is removed and the targets are left as they were.
 *
 * @throws InvalidArgumentError naming both options when two files share a path, or a folder that cannot be made.
 *
 * @example
 * ```ts
 * import { readLabelsFile, readRecordingFile, writeFilesAtomic, writeLabelsFile, writeRecordingFile } from '@tsc/mcap-utils/node';
 *
 * const recording = await readRecordingFile('fixtures/seed/basic_synthetic.mcap');
 * const labels = await readLabelsFile('fixtures/seed/example_labels.json');
 * await writeFilesAtomic([
 *   { name: '--output', path: 'a.mcap', write: (temporary) => writeRecordingFile(temporary, recording) },
 *   { name: '--labels', path: 'a.labels.json', write: (temporary) => writeLabelsFile(temporary, labels) },
 * ]); // both files, or neither
 * ```
 */
export async function writeFilesAtomic(files: readonly AtomicFileWrite[]): Promise<void> {
  checkDistinctOutputs(files);
  for (const file of files) await createParentFolder(file.path);
  const claims = await Promise.all(files.map((file) => claimTemporaryPath(file.path)));
  try {
    for (const [index, file] of files.entries()) await file.write(claims[index]!.temporaryPath);
    for (const [index, file] of files.entries()) {
      await fs.rename(claims[index]!.temporaryPath, file.path).catch((error: unknown) => {
        throw new FileWriteError(file.path, error);
      });
    }
  } finally {
    for (const claim of claims) {
      await fs.rm(claim.temporaryPath, { force: true });
      claim.release();
    }
  }
}
