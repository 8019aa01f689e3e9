import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '@tsc/shared';
import { AdamW } from './adamw.js';
import { AstClassifier } from './ast-classifier.js';
import { type AstConfig, type AstConfigOptions, astConfig } from './ast-config.js';
import { applyMixup, applySpecAugment, type MixupOptions, type SpecAugmentOptions } from './augment.js';
import { type AstBackendName, ensureBackend } from './backend.js';
import type { GradientBatchShape } from './batch-gradients.js';
import { createAstModel } from './create-ast-model.js';
import type { DataParallelGradients, GradientHelpers } from './data-parallel.js';
import { type AstDataset, checkDataset } from './dataset.js';
import { AstConfigError, AstInputError } from './errors.js';
import type { SensorFeatureSettings } from './feature-settings.js';
import { computeNormalization, type FeatureNormalization, prepareFeatures } from './features.js';
import { type LearningRateSchedule, learningRateAt } from './learning-rate-schedule.js';
import { type ClassificationMetrics, classificationMetrics } from './metrics.js';
import { astStepFlops } from './training-flops.js';
import { trainingStep } from './training-step.js';

/** The metric that selects the best checkpoint: higher is better except for `loss`. */
export type BestModelMetric = 'macroF1' | 'accuracy' | 'macroRocAuc' | 'loss';

/** What {@link TrainAstOptions.onProgress} receives after every optimizer step. */
export interface TrainingProgress {
  /** Steps done (1-based). */
  step: number;
  /** Total steps planned. */
  totalSteps: number;
  /** Current epoch (0-based). */
  epoch: number;
  /** Training loss of this step's batch. */
  loss: number;
  /** Learning rate used for this step. */
  learningRate: number;
  /** Global gradient norm before clipping. */
  gradientNorm: number;
  /** Validation metrics when this step ran an evaluation. */
  evaluation?: ClassificationMetrics;
}

/** Options of {@link trainAst}. */
export interface TrainAstOptions {
  /** Seed of the initialisers, shuffles, dropout, SpecAugment and mixup. Defaults to 0. */
  seed?: number;
  /** Windows per step. Defaults to 32. */
  batchSize?: number;
  /** Passes over the training set (ignored when `maxSteps` is set). Defaults to 10. */
  epochs?: number;
  /** Total optimizer steps; overrides `epochs`. Defaults to `undefined`. */
  maxSteps?: number;
  /** Peak learning rate. Defaults to 1e-3. */
  learningRate?: number;
  /** AdamW decoupled weight decay. Defaults to 0.01. */
  weightDecay?: number;
  /** Warmup as a fraction of all steps (ignored when `warmupSteps` is set). Defaults to 0.1. */
  warmupRatio?: number;
  /** Warmup steps. Defaults to `round(warmupRatio · totalSteps)`. */
  warmupSteps?: number;
  /** Decay after warmup. Defaults to `'linear'` (as the HF Trainer). */
  schedule?: LearningRateSchedule;
  /** Clip gradients to this global L2 norm (`Infinity` disables). Defaults to 1. */
  maxGradNorm?: number;
  /** Evaluate on the validation set every N steps (and after the last). Defaults to once per epoch. */
  evalEverySteps?: number;
  /** Metric of the kept best checkpoint. Defaults to `'macroF1'`. */
  metricForBestModel?: BestModelMetric;
  /** Stop after this many evaluations without improvement. Defaults to no early stopping. */
  earlyStoppingPatience?: number;
  /** Per-class loss weights, or `'balanced'` (n / (classes · count per class)). Defaults to equal weights. */
  classWeights?: 'balanced' | readonly number[];
  /** SpecAugment masking of training windows; `true` uses the defaults. Defaults to off. */
  specAugment?: boolean | SpecAugmentOptions;
  /** Mixup of training windows; `true` uses the defaults. Defaults to off. */
  mixup?: boolean | MixupOptions;
  /** Input standardisation computed on the training set: per bin, or none. Defaults to `'per-bin'`. */
  normalization?: 'per-bin' | 'none';
  /**
   * Feature settings stored with the classifier (what the windows were cut and turned into spectrograms with, e.g.
   * `sensorFeatureSettings()`). Defaults to `initial`'s when fine-tuning, else `LEGACY_FEATURE_SETTINGS`.
   */
  featureSettings?: SensorFeatureSettings;
  /** Called after every step (the CLI draws its progress bar from it). Defaults to none. */
  onProgress?: (progress: TrainingProgress) => void;
  /**
   * Computes each batch's gradients data-parallel on helper threads when the backend is `wasm` or `cpu` (on
   * `tensorflow` the native library already uses every core, so this is ignored): `workerThreadGradients()` of
   * `@tsc/ast-model/node` in Node. The result equals one-thread training up to float rounding (losses within
   * 1e-4 relative over the first steps without dropout) and is deterministic for a seed. Steps smaller than
   * `dataParallelMinStepGflop` train on one thread anyway. Defaults to `undefined` (one thread).
   */
  dataParallel?: DataParallelGradients;
  /**
   * The smallest step, in GFLOP of dense products for a full batch ({@link astStepFlops}), that starts the
   * `dataParallel` helpers: below it, handing half a batch to a thread costs more than it saves. Measured on the
   * 2-core reference machine (package README): the `sensor` step at batch 32 (0.27 GFLOP) took longer on two threads
   * than on one, the one-layer benchmark step (2.1 GFLOP) 1.4× less time and `tiny` (42 GFLOP) 1.7× less. 0 always
   * starts them. Defaults to 1.
   */
  dataParallelMinStepGflop?: number;
}

/** Arguments of {@link trainAst}. */
export interface TrainAstArgs {
  /** Architecture: a preset name and overrides; `maxLength`, `numMelBins` and `numLabels` default to the data's. */
  config?: AstConfigOptions;
  /**
   * Fine-tune this classifier instead of training a new model: its model (trained in place), architecture and input
   * standardisation are used, and `config`, `options.normalization` and the initialiser seed are ignored. Its
   * labels must be the training set's (give `loadHuggingFaceCheckpoint` a `label2id` for a new head). Defaults to a
   * new model.
   */
  initial?: AstClassifier;
  /** Training windows. */
  train: AstDataset;
  /** Validation windows for evaluation, keep-best and early stopping. Defaults to none (the last weights are kept). */
  validation?: AstDataset;
  /** Training options. */
  options?: TrainAstOptions;
}

/** One training step in the history. */
export interface TrainingStepRecord {
  /** Step (1-based). */
  step: number;
  /** Epoch (0-based). */
  epoch: number;
  /** Batch loss. */
  loss: number;
  /** Learning rate. */
  learningRate: number;
}

/** One evaluation in the history. */
export interface EvaluationRecord {
  /** Step after which it ran. */
  step: number;
  /** Epoch (0-based). */
  epoch: number;
  /** Validation metrics. */
  metrics: ClassificationMetrics;
}

/** The training history, JSON-serialisable. */
export interface TrainingHistory {
  /** Every step. */
  steps: TrainingStepRecord[];
  /** Every evaluation. */
  evaluations: EvaluationRecord[];
  /** Step of the kept checkpoint (the last step without validation). */
  bestStep: number;
  /** Whether early stopping ended training. */
  stoppedEarly: boolean;
  /** Wall time of training in seconds. */
  durationSec: number;
  /** Threads that computed each step's gradients: 1 without data-parallel helpers, else 1 + their count. */
  gradientThreads: number;
  /** Why the gradients ran on {@link TrainingHistory.gradientThreads} threads. */
  gradientThreadsReason: GradientThreadsReason;
  /** Dense GFLOP of one full batch's step ({@link astStepFlops}), what `dataParallelMinStepGflop` is compared with. */
  stepGflop: number;
  /** The `dataParallelMinStepGflop` the run used. */
  dataParallelMinStepGflop: number;
}

/**
 * Why a training run computed its gradients on the threads it did:
 * - `'data-parallel'`: on the calling thread and the `dataParallel` helper threads;
 * - `'not-requested'`: no `dataParallel` option, so one thread;
 * - `'native-backend'`: on `tensorflow`, whose kernels already use every core, so no helpers;
 * - `'small-step'`: a full batch's step is below `dataParallelMinStepGflop`, so one thread (helpers would cost more
 *   than they save);
 * - `'no-helpers'`: `dataParallel` started no helper thread (one core), so one thread.
 */
export type GradientThreadsReason = 'data-parallel' | 'not-requested' | 'native-backend' | 'small-step' | 'no-helpers';

/** What {@link trainAst} returns. */
export interface TrainAstResult {
  /** The trained classifier (best checkpoint when validating). */
  classifier: AstClassifier;
  /** Losses and evaluations. */
  history: TrainingHistory;
  /** Validation metrics of the kept checkpoint, when there was a validation set. */
  validationMetrics: ClassificationMetrics | undefined;
}

function score(metrics: ClassificationMetrics, metric: BestModelMetric): number {
  if (metric === 'loss') return -metrics.loss;
  if (metric === 'macroRocAuc') return metrics.macroRocAuc ?? 0;
  return metrics[metric];
}

/** Backends on which helper threads pay off: `tensorflow` already runs its kernels on every core. */
const DATA_PARALLEL_BACKENDS: readonly string[] = ['wasm', 'cpu'] satisfies AstBackendName[];

/** {@link TrainAstOptions.dataParallelMinStepGflop}'s default: 1 GFLOP of dense products per step. */
export const DATA_PARALLEL_MIN_STEP_GFLOP = 1;

/** The helpers {@link startGradientHelpers} started (none on one thread) and why. */
interface GradientHelpersStart {
  helpers: GradientHelpers | undefined;
  reason: GradientThreadsReason;
}

/**
 * Starts the data-parallel helpers when asked for, the backend is wasm or cpu and a full batch's step reaches
 * `minStepGflop`; says why when it starts none.
 */
async function startGradientHelpers(
  dataParallel: DataParallelGradients | undefined,
  {
    config,
    seed,
    variables,
    maxWindows,
    minStepGflop,
  }: { config: AstConfig; seed: number; variables: tf.Variable[]; maxWindows: number; minStepGflop: number },
): Promise<GradientHelpersStart> {
  const backend = tf.getBackend();
  if (dataParallel === undefined) return { helpers: undefined, reason: 'not-requested' };
  if (!DATA_PARALLEL_BACKENDS.includes(backend)) return { helpers: undefined, reason: 'native-backend' };
  if (astStepFlops(config, maxWindows).training < minStepGflop * 1e9)
    return { helpers: undefined, reason: 'small-step' };
  const helpers = await dataParallel({
    config,
    seed,
    backend: backend as AstBackendName,
    variableShapes: variables.map((variable) => variable.shape),
    maxWindows,
  });
  if (helpers.count > 0) return { helpers, reason: 'data-parallel' };
  await helpers.dispose();
  return { helpers: undefined, reason: 'no-helpers' };
}

/** Evaluates a classifier on a labelled dataset. */
export function evaluateClassifier(classifier: AstClassifier, dataset: AstDataset): ClassificationMetrics {
  checkDataset(dataset);
  const probabilities = classifier.predictProbabilities({ data: dataset.features, shape: dataset.shape });
  return classificationMetrics(dataset.labels, probabilities, classifier.labelNames);
}

/**
 * Trains an AST classifier with AdamW, warmup + linear/cosine decay, global-norm gradient clipping, optional class
 * weights, SpecAugment and mixup; evaluates every N steps, keeps the best checkpoint by a chosen metric and stops
 * early on a plateau. Deterministic for a seed on a given backend. Tensor memory stays flat across epochs.
 *
 * @example
 * ```ts
 * import { DEFAULT_SENSOR_FEATURE_SETTINGS as settings, prepareRecording, recordingWindows, trainAst, windowsDataset, stratifiedSplit, subsetDataset } from '@tsc/ast-model';
 * import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
 *
 * const { recording, labels } = generateRecording(createDatasetPlan({ seed: 1, durationSec: 30 }), { seed: 1 });
 * const prepared = prepareRecording(recording, settings);
 * const windows = recordingWindows(prepared, settings, { labels: labels.events });
 * const dataset = windowsDataset(windows, ['0', '1', '2'], prepared.spectrogram);
 * const { train, validation } = stratifiedSplit(dataset.labels, { seed: 1 });
 * const result = await trainAst({
 *   train: subsetDataset(dataset, train),
 *   validation: subsetDataset(dataset, validation),
 *   options: { epochs: 2, featureSettings: { ...settings }, onProgress: (p) => console.log(p.step, p.loss) },
 * });
 * console.log(result.validationMetrics?.macroF1);
 * ```
 */
export async function trainAst({
  config: configOptions = {},
  initial,
  train,
  validation,
  options = {},
}: TrainAstArgs): Promise<TrainAstResult> {
  const {
    seed = 0,
    batchSize = 32,
    epochs = 10,
    maxSteps,
    learningRate = 1e-3,
    weightDecay = 0.01,
    warmupRatio = 0.1,
    warmupSteps,
    schedule = 'linear',
    maxGradNorm = 1,
    evalEverySteps,
    metricForBestModel = 'macroF1',
    earlyStoppingPatience,
    classWeights,
    specAugment = false,
    mixup = false,
    normalization: normalizationMode = 'per-bin',
    featureSettings = initial?.featureSettings,
    onProgress,
    dataParallel,
    dataParallelMinStepGflop = DATA_PARALLEL_MIN_STEP_GFLOP,
  } = options;
  checkDataset(train, 'train');
  if (validation !== undefined) {
    checkDataset(validation, 'validation');
    if (validation.labelNames.join('\u0000') !== train.labelNames.join('\u0000')) {
      throw new AstInputError('validation.labelNames', JSON.stringify(train.labelNames), validation.labelNames);
    }
  }
  const windows = train.shape[0];
  if (windows === 0) throw new AstInputError('train.shape[0]', 'at least one window', 0);
  await ensureBackend();
  if (!(Number.isInteger(batchSize) && batchSize > 0))
    throw new AstConfigError('batchSize', 'a positive integer', batchSize);
  const classes = train.labelNames.length;
  if (initial !== undefined && initial.labelNames.join('\u0000') !== train.labelNames.join('\u0000')) {
    throw new AstInputError('initial.labelNames', JSON.stringify(train.labelNames), initial.labelNames);
  }
  const config: AstConfig =
    initial?.config ??
    astConfig({ maxLength: train.shape[1], numMelBins: train.shape[2], ...configOptions, numLabels: classes });
  const normalization: FeatureNormalization | undefined =
    initial !== undefined
      ? initial.normalization
      : normalizationMode === 'per-bin'
        ? computeNormalization({ data: train.features, shape: train.shape })
        : undefined;
  const inputs = prepareFeatures(
    { data: train.features, shape: train.shape },
    config.maxLength,
    config.numMelBins,
    normalization,
  );
  const windowSize = config.maxLength * config.numMelBins;

  const counts = new Array<number>(classes).fill(0);
  for (const label of train.labels) counts[label]!++;
  let weights: number[];
  if (classWeights === 'balanced') weights = counts.map((n) => (n === 0 ? 0 : windows / (classes * n)));
  else if (classWeights !== undefined) {
    if (classWeights.length !== classes)
      throw new AstConfigError('classWeights.length', String(classes), classWeights.length);
    weights = [...classWeights];
  } else weights = new Array<number>(classes).fill(1);

  const stepsPerEpoch = Math.ceil(windows / batchSize);
  const totalSteps = maxSteps ?? epochs * stepsPerEpoch;
  if (!(Number.isInteger(totalSteps) && totalSteps > 0))
    throw new AstConfigError('maxSteps', 'a positive integer', totalSteps);
  const warmup = warmupSteps ?? Math.round(warmupRatio * totalSteps);
  const evalEvery = evalEverySteps ?? stepsPerEpoch;
  const specAugmentOptions = specAugment === true ? {} : specAugment === false ? undefined : specAugment;
  const mixupOptions = mixup === true ? {} : mixup === false ? undefined : mixup;

  const model = initial?.model ?? createAstModel(config, { seed });
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const shape: GradientBatchShape = { frames: config.maxLength, bins: config.numMelBins, classes };
  const optimizer = new AdamW({ weightDecay });
  const random = new SeededRandom(seed + 1);
  const classifier = new AstClassifier({
    model,
    config,
    labelNames: train.labelNames,
    ...(normalization ? { normalization } : {}),
    ...(featureSettings === undefined ? {} : { featureSettings }),
  });
  const history: TrainingHistory = {
    steps: [],
    evaluations: [],
    bestStep: 0,
    stoppedEarly: false,
    durationSec: 0,
    gradientThreads: 1,
    gradientThreadsReason: 'not-requested',
    stepGflop: astStepFlops(config, batchSize).training / 1e9,
    dataParallelMinStepGflop,
  };
  const started = performance.now();
  let best: { score: number; weights: tf.Tensor[]; metrics: ClassificationMetrics } | undefined;
  let evaluationsWithoutImprovement = 0;
  let order = new Int32Array(0);
  const batchFeatures = new Float32Array(batchSize * windowSize);
  const batchTargets = new Float32Array(batchSize * classes);
  const batchWeights = new Float32Array(batchSize);
  if (!(dataParallelMinStepGflop >= 0)) {
    throw new AstConfigError('dataParallelMinStepGflop', 'a number ≥ 0', dataParallelMinStepGflop);
  }
  const { helpers, reason } = await startGradientHelpers(dataParallel, {
    config,
    seed,
    variables,
    maxWindows: batchSize,
    minStepGflop: dataParallelMinStepGflop,
  });
  history.gradientThreads = 1 + (helpers?.count ?? 0);
  history.gradientThreadsReason = reason;

  try {
    for (let step = 0; step < totalSteps; step++) {
      const epoch = Math.floor(step / stepsPerEpoch);
      const position = step % stepsPerEpoch;
      if (position === 0) order = random.shuffle(Int32Array.from({ length: windows }, (_, i) => i));
      const start = position * batchSize;
      const count = Math.min(batchSize, windows - start);
      batchTargets.fill(0);
      for (let i = 0; i < count; i++) {
        const index = order[start + i]!;
        batchFeatures.set(inputs.subarray(index * windowSize, (index + 1) * windowSize), i * windowSize);
        batchTargets[i * classes + train.labels[index]!] = 1;
        batchWeights[i] = weights[train.labels[index]!]!;
      }
      const features = batchFeatures.subarray(0, count * windowSize);
      const targets = batchTargets.subarray(0, count * classes);
      if (specAugmentOptions !== undefined) {
        applySpecAugment(features, [count, config.maxLength, config.numMelBins], random, specAugmentOptions);
      }
      if (mixupOptions !== undefined) applyMixup(features, targets, count, classes, random, mixupOptions);

      const lr = learningRateAt(step, { peak: learningRate, totalSteps, warmupSteps: warmup, schedule });
      const batch = { features, targets, sampleWeights: batchWeights, windows: count };
      const { loss, gradientNorm } = await trainingStep({ model, variables, optimizer, helpers }, batch, shape, {
        learningRate: lr,
        maxGradNorm,
      });
      if (!Number.isFinite(loss)) throw new AstInputError('training loss', 'a finite number', loss);
      history.steps.push({ step: step + 1, epoch, loss, learningRate: lr });

      let evaluation: ClassificationMetrics | undefined;
      const last = step + 1 === totalSteps;
      if (validation !== undefined && ((step + 1) % evalEvery === 0 || last)) {
        evaluation = evaluateClassifier(classifier, validation);
        history.evaluations.push({ step: step + 1, epoch, metrics: evaluation });
        const current = score(evaluation, metricForBestModel);
        if (best === undefined || current > best.score) {
          if (best !== undefined) tf.dispose(best.weights);
          best = { score: current, weights: model.getWeights().map((t) => t.clone()), metrics: evaluation };
          history.bestStep = step + 1;
          evaluationsWithoutImprovement = 0;
        } else {
          evaluationsWithoutImprovement++;
        }
      }
      onProgress?.({
        step: step + 1,
        totalSteps,
        epoch,
        loss,
        learningRate: lr,
        gradientNorm,
        ...(evaluation ? { evaluation } : {}),
      });
      if (earlyStoppingPatience !== undefined && evaluationsWithoutImprovement >= earlyStoppingPatience) {
        history.stoppedEarly = true;
        break;
      }
      if (step % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (best === undefined) history.bestStep = history.steps.length;
    else model.setWeights(best.weights);
  } catch (error) {
    if (initial === undefined) model.dispose();
    throw error;
  } finally {
    if (best !== undefined) tf.dispose(best.weights);
    optimizer.dispose();
    await helpers?.dispose();
  }
  history.durationSec = (performance.now() - started) / 1000;
  return { classifier, history, validationMetrics: best?.metrics };
}
