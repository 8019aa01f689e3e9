import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import * as tar from 'tar';
import { claimTemporaryPath } from './atomic-file.js';
import { NstrumentaError } from './errors.js';

/** The folder name inside model archives (the reference extracts `./model`). */
export const MODEL_ARCHIVE_FOLDER = 'model';

/**
 * The remote name of a model archive: `<modelId>.model.tar.gz`.
 *
 * @example
 * ```ts
 * import { modelArchiveName } from '@tsc/nstrumenta';
 *
 * console.log(modelArchiveName('3AF306')); // '3AF306.model.tar.gz'
 * ```
 */
export function modelArchiveName(modelId: string): string {
  return `${modelId}.model.tar.gz`;
}

/**
 * Packs the files of `dir` into a gzipped tar at `archivePath` under the folder `model/` (the reference's
 * arcname), in sorted order with portable headers and a fixed time stamp, so the same files give the same
 * archive. Written through a temporary file and a rename. Resolves to `archivePath`.
 *
 * @throws {@link NstrumentaError} when `dir` is not a folder.
 *
 * @example
 * ```ts
 * import { mkdir, writeFile } from 'node:fs/promises';
 * import { packModelArchive } from '@tsc/nstrumenta';
 *
 * await mkdir('out/model', { recursive: true });
 * await writeFile('out/model/config.json', '{"modelId": "3AF306"}');
 * await packModelArchive('out/model', 'out/3AF306.model.tar.gz');
 * ```
 */
export async function packModelArchive(dir: string, archivePath: string): Promise<string> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new NstrumentaError(`expected a folder to pack, found ${info ? 'a file' : 'nothing'}`, {
      endpoint: 'packModelArchive',
      remotePath: dir,
    });
  }
  const entries = (await readdir(dir)).sort();
  await mkdir(dirname(resolve(archivePath)), { recursive: true });
  const { temporaryPath: temporary, release } = await claimTemporaryPath(resolve(archivePath));
  try {
    await tar.create(
      { gzip: true, file: temporary, cwd: dir, prefix: MODEL_ARCHIVE_FOLDER, portable: true, mtime: new Date(0) },
      entries,
    );
    await rename(temporary, archivePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    release();
  }
  return archivePath;
}

/**
 * Extracts the `model/` folder of a model archive into `dir` (its contents become `dir`'s contents). The
 * archive is extracted into a temporary folder beside `dir` first, then renamed over it, so `dir` is never
 * half-written; entries outside `model/` are ignored, absolute paths and `..` are refused by the extractor.
 * Resolves to `dir`.
 *
 * @throws {@link NstrumentaError} when the archive has no `model/` entries.
 *
 * @example
 * ```ts
 * import { mkdir, writeFile } from 'node:fs/promises';
 * import { packModelArchive, unpackModelArchive } from '@tsc/nstrumenta';
 *
 * await mkdir('out/model', { recursive: true });
 * await writeFile('out/model/config.json', '{"modelId": "3AF306"}');
 * await packModelArchive('out/model', '3AF306.model.tar.gz');
 * await unpackModelArchive('3AF306.model.tar.gz', 'model'); // ./model/config.json
 * ```
 */
export async function unpackModelArchive(archivePath: string, dir: string): Promise<string> {
  const target = resolve(dir);
  await mkdir(dirname(target), { recursive: true });
  const { temporaryPath: temporary, release } = await claimTemporaryPath(target);
  await mkdir(temporary);
  try {
    let files = 0;
    await tar.extract({
      file: archivePath,
      cwd: temporary,
      strip: 1,
      filter: (path) => {
        const inside = path.replace(/^\.\//, '').startsWith(`${MODEL_ARCHIVE_FOLDER}/`);
        if (inside) files += 1;
        return inside;
      },
    });
    if (files === 0) {
      throw new NstrumentaError(`expected entries under ${MODEL_ARCHIVE_FOLDER}/ in the archive, found none`, {
        endpoint: 'unpackModelArchive',
        remotePath: basename(archivePath),
      });
    }
    await rm(target, { recursive: true, force: true });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  } finally {
    release();
  }
  return dir;
}

/** Extracts a whole `.tar.gz`/`.tgz` archive into `dir` (what the reference's fetch helper does). */
export async function extractArchive(archivePath: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await tar.extract({ file: archivePath, cwd: dir });
}
