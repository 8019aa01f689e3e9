import type { ClassificationMetrics } from '../evaluation/metrics.js';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import type { AstClassifier } from '../inference/ast-classifier.js';
import { ensembleClassifier } from '../inference/ensemble-classifier.js';
import { type AstPresetName, checkPositiveInteger } from '../model/ast-config.js';
import type { AstDataset } from '../training/dataset.js';
import {
  evaluateClassifier,
  type TrainAstOptions,
  type TrainingHistory,
  type TrainingProgress,
  trainAst,
} from '../training/train-ast.js';
import { DISTORTION_ENSEMBLE_SIZE, TRAINING_DEFAULTS } from './training-defaults.js';

/** What {@link TrainDistortionModelArgs.onProgress} receives after every optimizer step of every member. */
export interface DistortionTrainingProgress extends TrainingProgress {
  /** The member being trained (0-based). */
  member: number;
  /** Members in all. */
  members: number;
}

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
  /**
   * Models trained independently, member k from seed `options.seed + k`, and averaged into one classifier
   * (`ensembleClassifier`); 1 trains a single model. Defaults to {@link DISTORTION_ENSEMBLE_SIZE} (3).
   */
  ensembleSize?: number;
  /** Training options over {@link TRAINING_DEFAULTS} (seed, epochs, progress, data-parallel helpers). Defaults to none. */
  options?: TrainAstOptions;
  /** Called after every step of every member, with the member. Defaults to none. */
  onProgress?: (progress: DistortionTrainingProgress) => void;
}

/** One member's training in {@link TrainDistortionModelResult}. */
export interface TrainedMember {
  /** Its seed. */
  seed: number;
  /** Its losses and evaluations. */
  history: TrainingHistory;
  /** Validation metrics of its kept checkpoint, when there was a validation set. */
  validationMetrics: ClassificationMetrics | undefined;
}

/** What {@link trainDistortionModel} returns. */
export interface TrainDistortionModelResult {
  /** The classifier: the members' ensemble, or the one model when `ensembleSize` is 1. */
  classifier: AstClassifier;
  /** Each member's training, in order. */
  members: TrainedMember[];
  /** The classifier's validation metrics, when there was a validation set. */
  validationMetrics: ClassificationMetrics | undefined;
  /** Wall time of training all members, in seconds. */
  durationSec: number;
}

/**
 * Trains a distortion model the way `tscls train` and the demo do: `ensembleSize` runs of `trainAst` from
 * consecutive seeds with the `sensor` preset, {@link TRAINING_DEFAULTS} (AdamW, cosine schedule, balanced class
 * weights, mixup, early stopping) under the given options and the feature settings stored with the classifier, then
 * the mean of their probabilities (`ensembleClassifier`).
 *
 * @throws {@link AstConfigError} when `ensembleSize` is not a positive integer.
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
 * const { classifier, members } = await trainDistortionModel({ train: dataset, settings, options: { seed: 1, maxSteps: 2 } });
 * console.log(members.map((member) => member.seed), classifier.config.ensembleSize); // [1, 2, 3] 3
 * classifier.dispose();
 * ```
 */
export async function trainDistortionModel({
  train,
  validation,
  settings,
  preset = 'sensor',
  ensembleSize = DISTORTION_ENSEMBLE_SIZE,
  options = {},
  onProgress,
}: TrainDistortionModelArgs): Promise<TrainDistortionModelResult> {
  checkPositiveInteger('ensembleSize', ensembleSize);
  const started = performance.now();
  const firstSeed = options.seed ?? 0;
  const classifiers: AstClassifier[] = [];
  const members: TrainedMember[] = [];
  try {
    for (let member = 0; member < ensembleSize; member++) {
      const seed = firstSeed + member;
      const result = await trainAst({
        config: { preset },
        train,
        ...(validation === undefined ? {} : { validation }),
        options: {
          ...TRAINING_DEFAULTS,
          ...options,
          seed,
          featureSettings: settings,
          onProgress: (progress) => {
            options.onProgress?.(progress);
            onProgress?.({ ...progress, member, members: ensembleSize });
          },
        },
      });
      classifiers.push(result.classifier);
      members.push({ seed, history: result.history, validationMetrics: result.validationMetrics });
    }
    const classifier = ensembleSize === 1 ? classifiers.pop()! : ensembleClassifier(classifiers);
    // one model's validation figures are those of its kept checkpoint, which trainAst has already measured
    const validationMetrics =
      ensembleSize === 1 || validation === undefined
        ? members[0]!.validationMetrics
        : evaluateClassifier(classifier, validation);
    return { classifier, members, validationMetrics, durationSec: (performance.now() - started) / 1000 };
  } finally {
    for (const classifier of classifiers) classifier.dispose();
  }
}
