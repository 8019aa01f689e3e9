import type { AstPresetName } from '../ast-config.js';
import type { AstDataset } from '../dataset.js';
import type { SensorFeatureSettings } from '../feature-settings.js';
import { type TrainAstOptions, type TrainAstResult, trainAst } from '../train-ast.js';
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
 * const { classifier, validationMetrics } = await trainDistortionModel({ train, validation, settings, options: { seed: 1 } });
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
