import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { claimTemporaryPath, previousVersionPath, writeFileAtomic } from '@tsc/shared/node';
import { ModelDirectoryError } from '../errors.js';
import type { ClassificationMetrics } from '../evaluation/metrics.js';
import type { AstClassifier } from '../inference/ast-classifier.js';
import {
  classifierFromArtifacts,
  classifierToArtifacts,
  type LoadModelOptions,
  MODEL_FILES,
} from '../persistence/model-directory-format.js';
import type { TrainingHistory } from '../training/train-ast.js';

/** Options of {@link saveModelDirectory}. */
export interface SaveModelDirectoryOptions {
  /** A model identifier stored in `config.json`, e.g. `MAG_DIST_01`. Defaults to none. */
  modelId?: string;
  /** Evaluation metrics for `metrics.json` (e.g. validation and test). Defaults to none. */
  metrics?: Record<string, ClassificationMetrics | undefined>;
  /** The training history for `metrics.json`: one per member for an ensemble (`trainDistortionModel`'s `members`). Defaults to none. */
  history?: TrainingHistory | readonly TrainingHistory[];
}

/** The content of `metrics.json`. */
export interface ModelDirectoryMetrics {
  /** Metrics by split name, e.g. `{ validation, test }`. */
  metrics: Record<string, ClassificationMetrics | undefined>;
  /** The training history, when supplied: one per member for an ensemble. */
  history?: TrainingHistory | readonly TrainingHistory[];
}

/**
 * Saves a classifier as a model directory: `config.json` (model config, `label2id`/`id2label`, feature settings,
 * normalisation, format version), `model.json` + `weights.bin` (TensorFlow.js layers format, written by a custom IO
 * handler) and `metrics.json`. The directory is assembled beside `dir` and renamed into place, so a failure never
 * leaves a half-written model or destroys the previous one.
 *
 * @example
 * ```ts
 * import { DEFAULT_SENSOR_FEATURE_SETTINGS as settings, prepareRecording, recordingWindows, trainAst, windowsDataset } from '@tsc/ast-model';
 * import { saveModelDirectory } from '@tsc/ast-model/node';
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
 * await saveModelDirectory('models/MAG_DIST_01', result.classifier, {
 *   modelId: 'MAG_DIST_01',
 *   metrics: { validation: result.validationMetrics },
 *   history: result.history,
 * });
 * ```
 */
export async function saveModelDirectory(
  dir: string,
  classifier: AstClassifier,
  { modelId, metrics = {}, history }: SaveModelDirectoryOptions = {},
): Promise<void> {
  const artifacts = await classifierToArtifacts(classifier, modelId === undefined ? {} : { modelId });
  const { temporaryPath: temporary, release } = await claimTemporaryPath(dir);
  await mkdir(temporary, { recursive: true });
  try {
    await writeFileAtomic(join(temporary, MODEL_FILES.config), `${JSON.stringify(artifacts.config, null, 2)}\n`);
    await writeFileAtomic(join(temporary, MODEL_FILES.model), JSON.stringify(artifacts.modelJson));
    await writeFileAtomic(join(temporary, MODEL_FILES.weights), artifacts.weights);
    const metricsJson: ModelDirectoryMetrics = { metrics, ...(history === undefined ? {} : { history }) };
    await writeFileAtomic(join(temporary, MODEL_FILES.metrics), `${JSON.stringify(metricsJson, null, 2)}\n`);
    let previous: string | undefined;
    if (await exists(dir)) {
      previous = previousVersionPath(dir);
      await rename(dir, previous);
    }
    try {
      await rename(temporary, dir);
    } catch (error) {
      if (previous !== undefined) await rename(previous, dir);
      throw error;
    }
    if (previous !== undefined) await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(temporary, { recursive: true, force: true });
    release();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readRequired(dir: string, file: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ModelDirectoryError(dir, file, 'a readable file', code, { cause: error });
  }
}

/**
 * Loads a classifier saved by {@link saveModelDirectory}.
 *
 * @throws `ModelDirectoryError` (from the main entry) when a file is missing, a weight has the wrong shape, `weights.bin` has the wrong
 * size, a file does not match the SHA-256 recorded in `config.json`, a weight is not finite or the format version is
 * unknown. A `config.json` without checksums (an older model) loads with a warning through `options.onWarning`.
 */
export async function loadModelDirectory(dir: string, options: LoadModelOptions = {}): Promise<AstClassifier> {
  const [config, model, weights] = await Promise.all([
    readRequired(dir, MODEL_FILES.config),
    readRequired(dir, MODEL_FILES.model),
    readRequired(dir, MODEL_FILES.weights),
  ]);
  return classifierFromArtifacts(
    config.toString('utf8'),
    model.toString('utf8'),
    new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength),
    dir,
    options,
  );
}

/** Reads `metrics.json` of a model directory, or `undefined` when it has none. */
export async function readModelMetrics(dir: string): Promise<ModelDirectoryMetrics | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MODEL_FILES.metrics), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as ModelDirectoryMetrics;
  } catch (error) {
    throw new ModelDirectoryError(dir, MODEL_FILES.metrics, 'JSON', (error as Error).message, { cause: error });
  }
}
