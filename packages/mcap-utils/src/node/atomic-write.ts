import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidArgumentError } from '../errors.js';
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
 *   component is a file).
 *
 * @example
 * ```ts
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
    throw error;
  } finally {
    release();
  }
}
