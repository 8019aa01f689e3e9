import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '@tsc/shared';
import { type AstBackendName, ensureBackend } from '../backend/backend.js';
import { AstConfigError, AstInputError } from '../errors.js';
import { type ClassificationMetrics, classificationMetrics } from '../evaluation/metrics.js';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import { computeNormalization, type FeatureNormalization, prepareFeatures } from '../features/features.js';
import { channelWidePatches } from '../features/sensor-ast-config.js';
import { AstClassifier } from '../inference/ast-classifier.js';
import { type AstConfig, type AstConfigOptions, astConfig } from '../model/ast-config.js';
import { createAstModel } from '../model/create-ast-model.js';
import { AdamW } from './adamw.js';
import { applyMixup, applySpecAugment, type MixupOptions, type SpecAugmentOptions } from './augment.js';
import type { GradientBatch, GradientBatchShape } from './batch-gradients.js';
import type { DataParallelGradients, GradientHelpers } from './data-parallel.js';
import { type AstDataset, checkDataset } from './dataset.js';
import { type LearningRateSchedule, learningRateAt } from './learning-rate-schedule.js';
import { astStepFlops } from './training-flops.js';
import { type TrainingStepContext, trainingStep } from './training-step.js';
import { WeightAverage } from './weight-average.js';

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
  /**
   * Evaluate, keep and return an exponential moving average of the weights (Polyak averaging) instead of the last
   * step's, with this decay per step (in (0, 1); about `1 / (1 − decay)` steps are averaged). Defaults to
   * `undefined` (the last step's weights).
   */
  weightAverageDecay?: number;
  /**
   * Per-class loss weights, or `'balanced'` (n / (classes · count per class)). Defaults to equal weights. The trained
   * classifier keeps them (`AstClassifier.classWeights`) and its probabilities undo their skew: weighting shapes what
   * the model learns, not the probabilities it reports, which stay those of the training data's class frequencies.
   */
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
 * import { DISTORTION_LABELS } from '@tsc/mcap-utils';
 * import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
 *
 * const { recording, labels } = generateRecording(createDatasetPlan({ seed: 1, durationSec: 30 }), { seed: 1 });
 * const prepared = prepareRecording(recording, settings);
 * const windows = recordingWindows(prepared, settings, { labels: labels.events });
 * const dataset = windowsDataset(windows, DISTORTION_LABELS, prepared.spectrogram);
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
  const settings = withTrainingDefaults(options, initial);
  checkTrainingData(train, validation, initial);
  await ensureBackend();
  checkTrainingNumbers(settings);
  const classes = train.labelNames.length;
  const config: AstConfig =
    initial?.config ??
    astConfig({
      maxLength: train.shape[1],
      numMelBins: train.shape[2],
      ...channelWidePatches(configOptions, settings.featureSettings),
      ...configOptions,
      numLabels: classes,
    });
  const normalization = initial !== undefined ? initial.normalization : trainingNormalization(train, settings);
  const inputs = prepareFeatures(
    { data: train.features, shape: train.shape },
    config.maxLength,
    config.numMelBins,
    normalization,
  );
  const lossWeights = classLossWeights(train, settings.classWeights);
  const schedule = trainingSchedule(train.shape[0], settings);
  const model = initial?.model ?? createAstModel(config, { seed: settings.seed });
  const classifier = new AstClassifier({
    model,
    config,
    labelNames: train.labelNames,
    ...(normalization ? { normalization } : {}),
    ...(settings.featureSettings === undefined ? {} : { featureSettings: settings.featureSettings }),
    classWeights: lossWeights,
  });
  const random = new SeededRandom(settings.seed + 1);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const startedMs = performance.now(); // the wall time includes starting the helpers
  const { helpers, reason } = await startGradientHelpers(settings.dataParallel, {
    config,
    seed: settings.seed,
    variables,
    maxWindows: settings.batchSize,
    minStepGflop: settings.dataParallelMinStepGflop,
  });
  const loop: TrainingLoop = {
    settings,
    schedule,
    config,
    classes,
    step: { model, variables, optimizer: new AdamW({ weightDecay: settings.weightDecay }), helpers },
    classifier,
    validation,
    batches: new TrainingBatches({ inputs, config, labels: train.labels, lossWeights, random, ...settings }),
    best: new BestCheckpoint(settings.metricForBestModel),
    average: settings.weightAverageDecay === undefined ? undefined : new WeightAverage(settings.weightAverageDecay),
    history: emptyHistory({
      gradientThreads: 1 + (helpers?.count ?? 0),
      gradientThreadsReason: reason,
      stepGflop: astStepFlops(config, settings.batchSize).training / 1e9,
      dataParallelMinStepGflop: settings.dataParallelMinStepGflop,
    }),
  };
  return runTraining(loop, { ownsModel: initial === undefined, startedMs });
}

/** {@link TrainAstOptions} with their defaults. */
type TrainingSettings = ReturnType<typeof withTrainingDefaults>;

/** The options with the defaults documented on {@link TrainAstOptions}; SpecAugment and mixup as options or off. */
function withTrainingDefaults(options: TrainAstOptions, initial: AstClassifier | undefined) {
  const {
    seed = 0,
    batchSize = 32,
    epochs = 10,
    learningRate = 1e-3,
    weightDecay = 0.01,
    warmupRatio = 0.1,
    schedule = 'linear',
    maxGradNorm = 1,
    metricForBestModel = 'macroF1',
    specAugment = false,
    mixup = false,
    normalization = 'per-bin',
    featureSettings = initial?.featureSettings,
    dataParallelMinStepGflop = DATA_PARALLEL_MIN_STEP_GFLOP,
  } = options;
  return {
    ...options,
    seed,
    batchSize,
    epochs,
    learningRate,
    weightDecay,
    warmupRatio,
    schedule,
    maxGradNorm,
    metricForBestModel,
    // `true` is the defaults, `false` off
    specAugment: specAugment === true ? {} : specAugment === false ? undefined : specAugment,
    mixup: mixup === true ? {} : mixup === false ? undefined : mixup,
    normalization,
    featureSettings,
    dataParallelMinStepGflop,
  };
}

/** The datasets are well formed, the training set is not empty, and every label list is the training set's. */
function checkTrainingData(train: AstDataset, validation: AstDataset | undefined, initial: AstClassifier | undefined) {
  checkDataset(train, 'train');
  const labels = train.labelNames.join('\u0000');
  if (validation !== undefined) {
    checkDataset(validation, 'validation');
    if (validation.labelNames.join('\u0000') !== labels) {
      throw new AstInputError('validation.labelNames', JSON.stringify(train.labelNames), validation.labelNames);
    }
  }
  if (train.shape[0] === 0) throw new AstInputError('train.shape[0]', 'at least one window', 0);
  if (initial !== undefined && initial.labelNames.join('\u0000') !== labels) {
    throw new AstInputError('initial.labelNames', JSON.stringify(train.labelNames), initial.labelNames);
  }
}

function checkTrainingNumbers({ batchSize, dataParallelMinStepGflop, weightAverageDecay }: TrainingSettings): void {
  if (!(Number.isInteger(batchSize) && batchSize > 0))
    throw new AstConfigError('batchSize', 'a positive integer', batchSize);
  if (weightAverageDecay !== undefined && !(weightAverageDecay > 0 && weightAverageDecay < 1))
    throw new AstConfigError('weightAverageDecay', 'a number in (0, 1)', weightAverageDecay);
  if (!(dataParallelMinStepGflop >= 0))
    throw new AstConfigError('dataParallelMinStepGflop', 'a number ≥ 0', dataParallelMinStepGflop);
}

/** The input standardisation of a new model: computed per bin on the training set, or none. */
function trainingNormalization(train: AstDataset, settings: TrainingSettings): FeatureNormalization | undefined {
  if (settings.normalization !== 'per-bin') return undefined;
  return computeNormalization({ data: train.features, shape: train.shape });
}

/** The loss weight of each class: equal, `'balanced'` (n / (classes · count of the class)) or as given. */
function classLossWeights(train: AstDataset, classWeights: TrainAstOptions['classWeights']): number[] {
  const classes = train.labelNames.length;
  if (classWeights === undefined) return new Array<number>(classes).fill(1);
  if (classWeights !== 'balanced') {
    if (classWeights.length !== classes)
      throw new AstConfigError('classWeights.length', String(classes), classWeights.length);
    return [...classWeights];
  }
  const counts = new Array<number>(classes).fill(0);
  for (const label of train.labels) counts[label]!++;
  return counts.map((n) => (n === 0 ? 0 : train.shape[0] / (classes * n)));
}

/** How many steps training takes, how many of them warm up, and how often it evaluates. */
interface TrainingSchedule {
  stepsPerEpoch: number;
  totalSteps: number;
  warmupSteps: number;
  evalEverySteps: number;
}

function trainingSchedule(windows: number, settings: TrainingSettings): TrainingSchedule {
  const stepsPerEpoch = Math.ceil(windows / settings.batchSize);
  const totalSteps = settings.maxSteps ?? settings.epochs * stepsPerEpoch;
  if (!(Number.isInteger(totalSteps) && totalSteps > 0))
    throw new AstConfigError('maxSteps', 'a positive integer', totalSteps);
  return {
    stepsPerEpoch,
    totalSteps,
    warmupSteps: settings.warmupSteps ?? Math.round(settings.warmupRatio * totalSteps),
    evalEverySteps: settings.evalEverySteps ?? stepsPerEpoch,
  };
}

/** What {@link TrainingBatches} cuts batches from. */
interface TrainingBatchesArgs extends Pick<TrainingSettings, 'batchSize' | 'specAugment' | 'mixup'> {
  /** The prepared (standardised, padded) windows, `[windows, maxLength, numMelBins]`. */
  inputs: Float32Array;
  /** The class of each window. */
  labels: ArrayLike<number>;
  /** The loss weight of each class. */
  lossWeights: readonly number[];
  /** The generator of the shuffles and augmentations. */
  random: SeededRandom;
  config: AstConfig;
}

/**
 * The training windows in batches: a new shuffle every epoch, each batch copied into reused buffers with its one-hot
 * targets and loss weights, then SpecAugment and mixup applied when asked for.
 */
class TrainingBatches {
  readonly #inputs: Float32Array;
  readonly #labels: ArrayLike<number>;
  readonly #lossWeights: readonly number[];
  readonly #random: SeededRandom;
  readonly #config: AstConfig;
  readonly #settings: Pick<TrainingSettings, 'batchSize' | 'specAugment' | 'mixup'>;
  readonly #windowSize: number;
  readonly #classes: number;
  readonly #features: Float32Array;
  readonly #targets: Float32Array;
  readonly #sampleWeights: Float32Array;
  #order = new Int32Array(0);

  constructor({ inputs, labels, lossWeights, random, config, ...settings }: TrainingBatchesArgs) {
    this.#inputs = inputs;
    this.#labels = labels;
    this.#lossWeights = lossWeights;
    this.#random = random;
    this.#config = config;
    this.#settings = settings;
    this.#windowSize = config.maxLength * config.numMelBins;
    this.#classes = lossWeights.length;
    this.#features = new Float32Array(settings.batchSize * this.#windowSize);
    this.#targets = new Float32Array(settings.batchSize * this.#classes);
    this.#sampleWeights = new Float32Array(settings.batchSize);
  }

  /** The batch at `position` of an epoch (position 0 shuffles the windows anew). */
  batch(position: number): GradientBatch {
    const { batchSize, specAugment, mixup } = this.#settings;
    const windows = this.#labels.length;
    if (position === 0) this.#order = this.#random.shuffle(Int32Array.from({ length: windows }, (_, i) => i));
    const start = position * batchSize;
    const count = Math.min(batchSize, windows - start);
    this.#fill(start, count);
    const features = this.#features.subarray(0, count * this.#windowSize);
    const targets = this.#targets.subarray(0, count * this.#classes);
    const { maxLength, numMelBins } = this.#config;
    if (specAugment !== undefined)
      applySpecAugment(features, [count, maxLength, numMelBins], this.#random, specAugment);
    if (mixup !== undefined) applyMixup(features, targets, count, this.#classes, this.#random, mixup);
    return { features, targets, sampleWeights: this.#sampleWeights, windows: count };
  }

  /** Copies the windows `order[start, start + count)` into the buffers. */
  #fill(start: number, count: number): void {
    const size = this.#windowSize;
    this.#targets.fill(0);
    for (let i = 0; i < count; i++) {
      const index = this.#order[start + i]!;
      const label = this.#labels[index]!;
      this.#features.set(this.#inputs.subarray(index * size, (index + 1) * size), i * size);
      this.#targets[i * this.#classes + label] = 1;
      this.#sampleWeights[i] = this.#lossWeights[label]!;
    }
  }
}

/** The best checkpoint so far by a metric (a copy of its weights), and the evaluations since it improved. */
class BestCheckpoint {
  readonly #metric: BestModelMetric;
  #best: { score: number; weights: tf.Tensor[]; metrics: ClassificationMetrics; step: number } | undefined;
  /** Evaluations in a row that did not improve on the best. */
  evaluationsWithoutImprovement = 0;

  constructor(metric: BestModelMetric) {
    this.#metric = metric;
  }

  /** The best checkpoint's validation metrics, `undefined` before the first evaluation. */
  get metrics(): ClassificationMetrics | undefined {
    return this.#best?.metrics;
  }

  /** The step of the best checkpoint, `undefined` before the first evaluation. */
  get step(): number | undefined {
    return this.#best?.step;
  }

  /** Keeps a copy of the model's weights when `metrics` beat the best so far. */
  consider(model: tf.LayersModel, step: number, metrics: ClassificationMetrics): void {
    const current = score(metrics, this.#metric);
    if (this.#best !== undefined && current <= this.#best.score) {
      this.evaluationsWithoutImprovement++;
      return;
    }
    this.dispose();
    this.#best = { score: current, weights: model.getWeights().map((t) => t.clone()), metrics, step };
    this.evaluationsWithoutImprovement = 0;
  }

  /** Sets the model's weights to the best checkpoint's, if there is one. */
  restore(model: tf.LayersModel): void {
    if (this.#best !== undefined) model.setWeights(this.#best.weights);
  }

  /** Frees the copied weights. */
  dispose(): void {
    if (this.#best !== undefined) tf.dispose(this.#best.weights);
  }
}

/** A history with no step yet, and how the gradients are computed. */
function emptyHistory(
  threads: Pick<
    TrainingHistory,
    'gradientThreads' | 'gradientThreadsReason' | 'stepGflop' | 'dataParallelMinStepGflop'
  >,
): TrainingHistory {
  return { steps: [], evaluations: [], bestStep: 0, stoppedEarly: false, durationSec: 0, ...threads };
}

/** Everything the training loop works with. */
interface TrainingLoop {
  settings: TrainingSettings;
  schedule: TrainingSchedule;
  config: AstConfig;
  /** Classes of the training set. */
  classes: number;
  step: TrainingStepContext;
  classifier: AstClassifier;
  validation: AstDataset | undefined;
  batches: TrainingBatches;
  best: BestCheckpoint;
  /** The moving average of the weights, when `weightAverageDecay` is set. */
  average: WeightAverage | undefined;
  history: TrainingHistory;
}

/**
 * Runs the steps, keeps the best checkpoint's weights (the last ones without validation) and frees the optimizer,
 * helpers and copied weights; on an error also a model it created (`ownsModel`). `startedMs` is when training began
 * (`performance.now()`).
 */
async function runTraining(
  loop: TrainingLoop,
  { ownsModel, startedMs }: { ownsModel: boolean; startedMs: number },
): Promise<TrainAstResult> {
  const { step: context, best, history, classifier, average } = loop;
  try {
    await runSteps(loop);
    history.bestStep = best.step ?? history.steps.length;
    if (best.step === undefined) average?.applyTo(context.variables);
    best.restore(context.model);
  } catch (error) {
    if (ownsModel) context.model.dispose();
    throw error;
  } finally {
    best.dispose();
    average?.dispose();
    context.optimizer.dispose();
    await context.helpers?.dispose();
  }
  history.durationSec = (performance.now() - startedMs) / 1000;
  return { classifier, history, validationMetrics: best.metrics };
}

/** The optimizer steps, each with its evaluation when one is due, until the last step or early stopping. */
async function runSteps(loop: TrainingLoop): Promise<void> {
  const { settings, schedule, config, best, history } = loop;
  const shape: GradientBatchShape = { frames: config.maxLength, bins: config.numMelBins, classes: loop.classes };
  for (let step = 0; step < schedule.totalSteps; step++) {
    const epoch = Math.floor(step / schedule.stepsPerEpoch);
    const batch = loop.batches.batch(step % schedule.stepsPerEpoch);
    const learningRate = learningRateAt(step, {
      peak: settings.learningRate,
      totalSteps: schedule.totalSteps,
      warmupSteps: schedule.warmupSteps,
      schedule: settings.schedule,
    });
    const { maxGradNorm } = settings;
    const { loss, gradientNorm } = await trainingStep(loop.step, batch, shape, { learningRate, maxGradNorm });
    if (!Number.isFinite(loss)) throw new AstInputError('training loss', 'a finite number', loss);
    loop.average?.update(loop.step.optimizer.flatValues(loop.step.variables));
    history.steps.push({ step: step + 1, epoch, loss, learningRate });
    const evaluation = evaluateIfDue(loop, step, epoch);
    const progress = { step: step + 1, totalSteps: schedule.totalSteps, epoch, loss, learningRate, gradientNorm };
    settings.onProgress?.({ ...progress, ...(evaluation ? { evaluation } : {}) });
    const patience = settings.earlyStoppingPatience;
    if (patience !== undefined && best.evaluationsWithoutImprovement >= patience) {
      history.stoppedEarly = true;
      return;
    }
    if (step % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** Evaluates on the validation set after every `evalEverySteps` steps and the last, and offers the checkpoint. */
function evaluateIfDue(loop: TrainingLoop, step: number, epoch: number): ClassificationMetrics | undefined {
  const { validation, schedule } = loop;
  const last = step + 1 === schedule.totalSteps;
  if (validation === undefined || ((step + 1) % schedule.evalEverySteps !== 0 && !last)) return undefined;
  const evaluate = () => {
    const metrics = evaluateClassifier(loop.classifier, validation);
    loop.best.consider(loop.step.model, step + 1, metrics);
    return metrics;
  };
  const metrics = loop.average === undefined ? evaluate() : loop.average.withAverage(loop.step.variables, evaluate);
  loop.history.evaluations.push({ step: step + 1, epoch, metrics });
  return metrics;
}
