import type { Stats } from 'node:fs';
import { type FileHandle, open, readFile, stat } from 'node:fs/promises';
import { InvalidArgumentError } from '@tsc/errors';

/** Options of {@link readInputFile} and {@link openInputFile}. */
export interface InputFileOptions {
  /** What the file should hold, in the error message, e.g. `a phone log (JSON or gzip JSON)`. Defaults to `'a file'`. */
  expected?: string;
}

/** What a system error code found at an input path, in the words of an error message. */
const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'nothing at that path',
  ENOTDIR: 'a file where a folder of the path belongs',
  EACCES: 'no permission to read it',
  EPERM: 'no permission to read it',
  EISDIR: 'a folder',
  ELOOP: 'a loop of symbolic links',
  EMFILE: 'too many open files',
};

/** What a path is on disk, in the words of an error message: `a file`, `a folder`, `a pipe`, … */
export function describePathKind(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a file or folder';
}

/** The error for the input file `path`: the whole file is at fault, and `found` says in words what is there. */
function inputFileError(path: string, expected: string, found: string, cause?: unknown): InvalidArgumentError {
  return new InvalidArgumentError('', expected, found, { file: path, foundText: found, cause });
}

/** The error for an input `path` that could not be opened or read, from the system error `cause`. */
function readFailure(path: string, expected: string, cause: unknown): InvalidArgumentError {
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return inputFileError(path, expected, String(cause), cause);
  const found = READ_FAILURES[code];
  return inputFileError(path, expected, found === undefined ? code : `${found} (${code})`, cause);
}

/** The stats of an input path that must be a regular file. */
async function regularFileStats(path: string, expected: string): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (cause) {
    throw readFailure(path, expected, cause);
  }
  if (!stats.isFile()) throw inputFileError(path, expected, describePathKind(stats));
  return stats;
}

/**
 * Reads a file the caller named as input. The one way the packages read an input file whole: a missing path, a
 * folder, a pipe or a file without read permission is an error naming the path, what was expected and what was
 * found, never a bare `EISDIR` or `ENOENT`.
 *
 * @param path - The file to read.
 * @returns Its bytes.
 * @throws InvalidArgumentError with `file` = `path` (the whole file at fault, `field` empty) and `found` in words, e.g.
 *   `runs: expected a phone log, found a folder` or `x.json: expected a file, found nothing at that path (ENOENT)`.
 */
export async function readInputFile(path: string, { expected = 'a file' }: InputFileOptions = {}): Promise<Buffer> {
  await regularFileStats(path, expected);
  try {
    return await readFile(path);
  } catch (cause) {
    throw readFailure(path, expected, cause);
  }
}

/**
 * Opens a file the caller named as input for reading, refusing what is not a regular file as
 * {@link readInputFile} does.
 *
 * @param path - The file to open.
 * @returns The open handle and the file's size (bytes); close the handle when done.
 * @throws InvalidArgumentError with `file` = `path`, naming what was expected and what was found.
 */
export async function openInputFile(
  path: string,
  { expected = 'a file' }: InputFileOptions = {},
): Promise<{ handle: FileHandle; sizeBytes: number }> {
  await regularFileStats(path, expected); // before open(), which would wait on a pipe
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw readFailure(path, expected, cause);
  }
  return { handle, sizeBytes: (await handle.stat()).size };
}
