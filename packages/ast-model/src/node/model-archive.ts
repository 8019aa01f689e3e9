import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { claimTemporaryPath, previousVersionPath } from '@tsc/shared/node';
import * as tar from 'tar';
import { ModelDirectoryError } from '../errors.js';
import { MODEL_FILES } from '../persistence/model-directory-format.js';

/** The folder name inside a model archive, as the reference pipeline's `tar.add(..., arcname="model")`. */
export const MODEL_ARCHIVE_ROOT = 'model';

/** The archive file name the reference pipeline uses for a model id: `<model_id>.model.tar.gz`. */
export function modelArchiveName(modelId: string): string {
  return `${modelId}.model.tar.gz`;
}

/**
 * Packs a model directory into a gzip-compressed tar archive whose entries live under `model/` (like the reference's
 * `<model_id>.model.tar.gz`): the directory's files (not its hidden ones) in sorted order, with portable headers and
 * a fixed time stamp (1970-01-01), so the same files always give the same archive. Checks that the model files are
 * there first. Written to a temporary file and renamed.
 *
 * @throws `ModelDirectoryError` (from the main entry) when `dir` is not a readable folder or lacks
 *   `config.json`, `model.json` or `weights.bin`.
 *
 * @example
 * ```ts
 * import { DEFAULT_SENSOR_FEATURE_SETTINGS as settings, prepareRecording, recordingWindows, trainAst, windowsDataset } from '@tsc/ast-model';
 * import { modelArchiveName, packModelArchive, saveModelDirectory } from '@tsc/ast-model/node';
 * import { DISTORTION_LABELS } from '@tsc/mcap-utils';
 * import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
 *
 * // a model trained for a few steps on one synthetic recording: enough to run, not to trust
 * const { recording, labels } = generateRecording(createDatasetPlan({ seed: 1, durationSec: 20 }), { seed: 1 });
 * const prepared = prepareRecording(recording, settings);
 * const windows = recordingWindows(prepared, settings, { labels: labels.events });
 * const result = await trainAst({
 *   train: windowsDataset(windows, DISTORTION_LABELS, prepared.spectrogram),
 *   options: { maxSteps: 3, featureSettings: { ...settings } },
 * });
 * await saveModelDirectory('models/MAG_DIST_01', result.classifier, { modelId: 'MAG_DIST_01' });
 * await packModelArchive('models/MAG_DIST_01', modelArchiveName('MAG_DIST_01')); // MAG_DIST_01.model.tar.gz
 * ```
 */
export async function packModelArchive(dir: string, archivePath: string): Promise<void> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
  } catch (error) {
    throw new ModelDirectoryError(
      dir,
      'directory',
      'a readable model directory',
      (error as NodeJS.ErrnoException).code,
      {
        cause: error,
      },
    );
  }
  for (const required of [MODEL_FILES.config, MODEL_FILES.model, MODEL_FILES.weights]) {
    if (!files.includes(required))
      throw new ModelDirectoryError(dir, required, 'a file in the model directory', 'missing');
  }
  await mkdir(dirname(archivePath), { recursive: true });
  const { temporaryPath: temporary, release } = await claimTemporaryPath(archivePath);
  try {
    await tar.create(
      { gzip: true, file: temporary, cwd: dir, prefix: MODEL_ARCHIVE_ROOT, portable: true, mtime: new Date(0) },
      files,
    );
    await rename(temporary, archivePath);
  } finally {
    await rm(temporary, { force: true });
    release();
  }
}

/**
 * Unpacks a `<model_id>.model.tar.gz` into `dir` (the `model/` prefix is stripped), via a temporary directory renamed
 * into place. Entries outside `model/` are ignored.
 *
 * @throws `ModelDirectoryError` (from the main entry) when the archive cannot be read or lacks the model files.
 */
export async function unpackModelArchive(archivePath: string, dir: string): Promise<void> {
  const { temporaryPath: temporary, release } = await claimTemporaryPath(dir);
  await mkdir(temporary, { recursive: true });
  try {
    try {
      await tar.extract({
        file: archivePath,
        cwd: temporary,
        strip: 1,
        filter: (path) => path.replace(/^\.\//, '').startsWith(`${MODEL_ARCHIVE_ROOT}/`),
      });
    } catch (error) {
      throw new ModelDirectoryError(archivePath, 'archive', 'a readable .tar.gz', (error as Error).message, {
        cause: error,
      });
    }
    const files = await readdir(temporary);
    for (const required of [MODEL_FILES.config, MODEL_FILES.model, MODEL_FILES.weights]) {
      if (!files.includes(required)) {
        throw new ModelDirectoryError(
          archivePath,
          `${MODEL_ARCHIVE_ROOT}/${required}`,
          'an entry in the archive',
          'missing',
        );
      }
    }
    let previous: string | undefined;
    try {
      await stat(dir);
      previous = previousVersionPath(dir);
      await rename(dir, previous);
    } catch {
      previous = undefined;
    }
    await rename(temporary, dir);
    if (previous !== undefined) await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(temporary, { recursive: true, force: true });
    release();
  }
}
