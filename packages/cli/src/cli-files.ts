import { constants, type Stats } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describePathKind } from '@tsc/shared/node';
import { CliFileError } from './errors.js';

// The one home of the commands' file and folder arguments: every path a command reads or writes is checked here
// before the work starts, so a folder where a file belongs (or the reverse) is a CliFileError naming the option,
// what it expects and what it found, never a bare EISDIR or ENOTDIR from deep inside a package.

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return undefined; // a parent is a file: reported by the ancestor check
    throw CliFileError.fromNodeError(error) ?? error;
  }
}

/** The nearest existing folder above `path`, or the error naming the ancestor that is not a folder. */
async function checkAncestors(option: string, path: string, expected: string): Promise<void> {
  for (let current = dirname(resolve(path)); ; current = dirname(current)) {
    const stats = await statOrUndefined(current);
    if (stats !== undefined) {
      if (!stats.isDirectory())
        throw new CliFileError(option, expected, `${describePathKind(stats)} at ${current}`, { file: path });
      return;
    }
    if (dirname(current) === current) return;
  }
}

/** Checks that the file `path` can be read; `expected` says what the path should be. */
async function checkReadable(option: string, path: string, expected: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    const found = `no permission to read it (${(error as NodeJS.ErrnoException).code})`;
    throw new CliFileError(option, expected, found, { file: path, cause: error });
  }
}

/**
 * Checks an input file argument before a command opens it: it must exist, be a regular file and be readable.
 *
 * @param option - the option or argument as the user wrote it, e.g. `--input` or `<file>`.
 * @param path - the path given.
 * @param what - what the file holds, for the message, e.g. `an MCAP recording`. Defaults to `a file`.
 * @throws {@link CliFileError} naming the option, the path, what was expected and what was found.
 */
export async function checkInputFile(option: string, path: string, what = 'a file'): Promise<void> {
  const stats = await statOrUndefined(path);
  if (stats === undefined) {
    await checkAncestors(option, path, what);
    throw new CliFileError(option, what, 'nothing at that path (ENOENT)', { file: path, code: 'ENOENT' });
  }
  if (!stats.isFile()) throw new CliFileError(option, what, describePathKind(stats), { file: path });
  await checkReadable(option, path, what);
}

/**
 * Checks an input folder argument (a model folder, a dataset folder): it must exist and be a folder.
 *
 * @param option - the option as the user wrote it, e.g. `--model`.
 * @param path - the path given.
 * @param what - what the folder holds, for the message. Defaults to `a folder`.
 * @throws {@link CliFileError} naming the option, the path, what was expected and what was found.
 */
export async function checkInputFolder(option: string, path: string, what = 'a folder'): Promise<void> {
  const stats = await statOrUndefined(path);
  if (stats === undefined) {
    await checkAncestors(option, path, what);
    throw new CliFileError(option, what, 'nothing at that path (ENOENT)', { file: path, code: 'ENOENT' });
  }
  if (!stats.isDirectory()) throw new CliFileError(option, what, describePathKind(stats), { file: path });
}

/**
 * Checks an output file argument before any work: nothing or a regular file at `path` (which is then replaced),
 * and no file where one of the folders above it belongs (missing folders are created when the file is written).
 *
 * @param option - the option as the user wrote it, e.g. `--output`.
 * @param path - the path given.
 * @throws {@link CliFileError} naming the option, the path, what was expected and what was found.
 */
export async function checkOutputFile(option: string, path: string): Promise<void> {
  const expected = 'a file to write (an existing file is replaced)';
  const stats = await statOrUndefined(path);
  if (stats !== undefined && !stats.isFile())
    throw new CliFileError(option, expected, describePathKind(stats), { file: path });
  if (stats === undefined) await checkAncestors(option, path, `${expected} in a folder`);
}

/**
 * Checks an output folder argument before any work: nothing (it is created) or a folder at `path`, and no file
 * where one of the folders above it belongs.
 *
 * @param option - the option as the user wrote it, e.g. `--output-dir`.
 * @param path - the path given.
 * @throws {@link CliFileError} naming the option, the path, what was expected and what was found.
 */
export async function checkOutputFolder(option: string, path: string): Promise<void> {
  const expected = 'a folder to write into (created when missing)';
  const stats = await statOrUndefined(path);
  if (stats !== undefined && !stats.isDirectory())
    throw new CliFileError(option, expected, describePathKind(stats), { file: path });
  if (stats === undefined) await checkAncestors(option, path, expected);
}

/**
 * Reads an input text file after {@link checkInputFile}: the one way a command opens a file itself.
 *
 * @param option - the option as the user wrote it, e.g. `--data`.
 * @param path - the path given.
 * @param what - what the file holds, for the message. Defaults to `a file`.
 */
export async function readInputText(option: string, path: string, what = 'a file'): Promise<string> {
  await checkInputFile(option, path, what);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw CliFileError.fromNodeError(error) ?? error;
  }
}
