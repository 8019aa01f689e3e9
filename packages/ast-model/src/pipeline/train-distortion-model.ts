import type { SensorFeatureSettings } from '../features/feature-settings.js';
import type { AstPresetName } from '../model/ast-config.js';
import type { AstDataset } from '../training/dataset.js';
import { type TrainAstOptions, type TrainAstResult, trainAst } from '../training/train-ast.js';
import { TRAINING_DEFAULTS } from './training-defaults.js';

/** What {@link trainDistortionModel} takes. */
export interface TrainDistortionModelArgs {
  /** Training windows (e.g. `buildLabelledDataset(...).dataset`). */
  train: AstDataset;
  /** Validation windows from recordings held apart, for model selection and early stopping. Defaults to none. */
  validation?: AstDataset;
  /** The feature settings the windows were made with: stored with the model, so classifying uses the same. */
  settings: SensorFeatureSettings;
  /** The model size. Defaults to `'sensor'` (hidden 64, 2 layers). */
  preset?: AstPresetName;
  /** Training options over {@link TRAINING_DEFAULTS} (seed, epochs, progress, data-parallel helpers). Defaults to none. */
  options?: TrainAstOptions;
}

/**
 * Trains a distortion model the way `tscls train` and the demo do: `trainAst` with the `sensor` preset,
 * {@link TRAINING_DEFAULTS} (AdamW, cosine schedule, balanced class weights, early stopping) under the given options,
 * and the feature settings stored with the classifier.
 *
 * @example
 * ```ts
 * import { buildLabelledDataset, initializeBackend, sensorFeatureSettings, trainDistortionModel } from '@tsc/ast-model';
 * import { createMixedLevelsPlan, generateRecording } from '@tsc/synthetic';
 *
 * const plan = createMixedLevelsPlan({ sampleRateHz: 100, segmentSec: 4, seed: 1 });
 * const { recording, labels } = generateRecording(plan, { name: 'mixed' });
 * const settings = sensorFeatureSettings();
 * const { dataset } = await buildLabelledDataset([{ name: 'mixed', recording, labels: labels.events }], settings);
 * await initializeBackend();
 * const { classifier, history } = await trainDistortionModel({ train: dataset, settings, options: { seed: 1, maxSteps: 2 } });
 * console.log(history.steps.length, classifier.featureSettings.windowSec); // 2 2
 * classifier.dispose();
 * ```
 */
export function trainDistortionModel({
  train,
  validation,
  settings,
  preset = 'sensor',
  options = {},
}: TrainDistortionModelArgs): Promise<TrainAstResult> {
  return trainAst({
    config: { preset },
    train,
    ...(validation === undefined ? {} : { validation }),
    options: { ...TRAINING_DEFAULTS, ...options, featureSettings: settings },
  });
}
