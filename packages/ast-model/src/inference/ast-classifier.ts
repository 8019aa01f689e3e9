import * as tf from '@tensorflow/tfjs';
import { warnIfCpuByDefault } from '../backend/backend.js';
import { AstInputError, ModelOutputError } from '../errors.js';
import { parseFeatureSettings, type SensorFeatureSettings } from '../features/feature-settings.js';
import { type AstFeatures, type FeatureNormalization, prepareFeatures } from '../features/features.js';
import type { AstConfig } from '../model/ast-config.js';
import { type LoadFromUrlOptions, loadClassifierFromUrl } from '../persistence/model-directory-format.js';

/** Throws {@link ModelOutputError} for the first window in `[from, to)` with a non-finite probability. */
function checkFiniteOutputs(probabilities: Float32Array, from: number, to: number, numLabels: number): void {
  for (let w = from; w < to; w++) {
    const row = probabilities.subarray(w * numLabels, (w + 1) * numLabels);
    if (!row.every(Number.isFinite)) throw new ModelOutputError(w, Array.from(row));
  }
}

/**
 * Checks a classifier's `classWeights`: one finite number ≥ 0 per class, at least one of them positive.
 *
 * @throws {@link AstInputError} naming `classWeights` otherwise.
 */
export function checkClassWeights(classWeights: unknown, numLabels: number): void {
  const valid =
    Array.isArray(classWeights) &&
    classWeights.length === numLabels &&
    classWeights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0) &&
    classWeights.some((w) => w > 0);
  if (!valid) {
    const expected = `${numLabels} finite numbers ≥ 0 (config.numLabels), at least one positive`;
    throw new AstInputError('classWeights', expected, classWeights);
  }
}

/** `−log w` per class (`−∞` for a weight of 0), or `undefined` when all weights are equal (nothing to undo). */
function logitOffsets(classWeights: readonly number[] | undefined): Float32Array | undefined {
  if (classWeights === undefined || classWeights.every((w) => w === classWeights[0])) return undefined;
  return Float32Array.from(classWeights, (w) => (w > 0 ? -Math.log(w) : Number.NEGATIVE_INFINITY));
}

/** The prediction for one window. */
export interface AstPrediction {
  /** Index of the most probable class. */
  classId: number;
  /** Name of the most probable class. */
  label: string;
  /** Softmax probability per class, in class-id order. */
  probabilities: number[];
}

/** What makes up an {@link AstClassifier}. */
export interface AstClassifierInit {
  /** The TensorFlow.js model (features → logits). */
  model: tf.LayersModel;
  /** Its architecture. */
  config: AstConfig;
  /** Class names by class id; its length is `config.numLabels`. */
  labelNames: readonly string[];
  /** Input standardisation applied before the model. Defaults to none. */
  normalization?: FeatureNormalization;
  /**
   * The feature settings the model was trained on (window length and hop, spectrogram options, reference), checked
   * and completed with `parseFeatureSettings`. Defaults to `LEGACY_FEATURE_SETTINGS`.
   */
  featureSettings?: SensorFeatureSettings;
  /**
   * The per-class loss weights the model was trained with, in class-id order (`trainAst` sets the resolved
   * `classWeights` of its options). Cross-entropy weighted by `w` drives a model's softmax towards `w_c · p(c | x)`
   * (normalised) instead of the posterior `p(c | x)` of the training data, so a model trained with balanced weights
   * over-reports its rare classes; {@link AstClassifier.predictProbabilities} divides by the weights and
   * renormalises, which gives back the posterior, and the most probable class is then the Bayes decision for the
   * training data's class frequencies. A class of weight 0 (absent from training) gets probability 0. Defaults to
   * equal weights (the softmax as it is).
   */
  classWeights?: readonly number[];
}

/** Options of {@link AstClassifier.predict}. */
export interface AstPredictOptions {
  /** Windows per forward pass. Defaults to 64. */
  batchSize?: number;
}

/**
 * A trained AST with its labels, input standardisation and feature settings: `predict` turns spectrogram windows
 * into per-window class probabilities. Create one with `trainAst`, `loadModelDirectory` (Node),
 * `AstClassifier.load(url)`, or `loadHuggingFaceCheckpoint`.
 *
 * @example
 * ```ts
 * import { AstClassifier, astConfig, createAstModel, initializeBackend } from '@tsc/ast-model';
 * import { DISTORTION_LABELS } from '@tsc/mcap-utils';
 *
 * await initializeBackend();
 * // a trained model: `await AstClassifier.load('https://example.com/models/MAG_DIST_01/')` (browser or Node),
 * // here an untrained one built in place
 * const config = astConfig({ preset: 'sensor', numLabels: 3 }); // input [batch, 30, 160]
 * const model = createAstModel(config, { seed: 1 }); // untrained
 * const classifier = new AstClassifier({ model, config, labelNames: DISTORTION_LABELS });
 * const { maxLength, numMelBins } = classifier.config; // 30 frames × 160 bins for the `sensor` preset
 * const data = new Float32Array(maxLength * numMelBins); // one window of spectrogram features
 * const [first] = classifier.predict({ data, shape: [1, maxLength, numMelBins] });
 * console.log(first); // { classId: 2, label: '2', probabilities: [0.01, 0.03, 0.96] } (for a trained model)
 * ```
 */
export class AstClassifier {
  /** The TensorFlow.js model (features → logits). */
  readonly model: tf.LayersModel;
  /** The architecture. */
  readonly config: AstConfig;
  /** Class names by class id. */
  readonly labelNames: readonly string[];
  /** Input standardisation, if any. */
  readonly normalization: FeatureNormalization | undefined;
  /** The feature settings the model was trained on: recordings are windowed and featurised with them. */
  readonly featureSettings: SensorFeatureSettings;
  /** The loss weights the model was trained with, whose skew the probabilities undo; `undefined` for equal ones. */
  readonly classWeights: readonly number[] | undefined;
  /** What undoes the weights: added to the logits before the softmax (`undefined` when there is nothing to undo). */
  readonly #logitOffsets: Float32Array | undefined;

  /**
   * @throws {@link AstInputError} when the labels or class weights do not match the config, or for invalid feature
   *   settings.
   */
  constructor({ model, config, labelNames, normalization, featureSettings, classWeights }: AstClassifierInit) {
    if (labelNames.length !== config.numLabels) {
      throw new AstInputError('labelNames.length', `${config.numLabels} (config.numLabels)`, labelNames.length);
    }
    if (classWeights !== undefined) checkClassWeights(classWeights, config.numLabels);
    this.model = model;
    this.config = config;
    this.labelNames = [...labelNames];
    this.normalization = normalization;
    this.featureSettings = parseFeatureSettings(featureSettings);
    this.#logitOffsets = logitOffsets(classWeights);
    this.classWeights = this.#logitOffsets === undefined ? undefined : [...classWeights!];
  }

  /**
   * Loads a classifier from a model directory served over HTTP(S) (browser or Node): `config.json`, `model.json`,
   * `weights.bin` under `url`.
   */
  static load(url: string, options: LoadFromUrlOptions = {}): Promise<AstClassifier> {
    return loadClassifierFromUrl(url, options);
  }

  /** `label → id`, as HF `label2id`. */
  get label2id(): Record<string, number> {
    return Object.fromEntries(this.labelNames.map((name, id) => [name, id]));
  }

  /** `id → label` (string keys), as HF `id2label`. */
  get id2label(): Record<string, string> {
    return Object.fromEntries(this.labelNames.map((name, id) => [String(id), name]));
  }

  /**
   * Class probabilities for every window, row-major `[windows, numLabels]`: the softmax of the model's logits, with
   * the skew of the training's class weights undone (see {@link AstClassifierInit.classWeights}). Windows are
   * zero-padded or truncated to `config.maxLength` frames; the bin count must equal `config.numMelBins`.
   *
   * @throws {@link ModelOutputError} when the model yields a non-finite probability (corrupt weights).
   */
  predictProbabilities(features: AstFeatures, { batchSize = 64 }: AstPredictOptions = {}): Float32Array {
    warnIfCpuByDefault('AstClassifier.predict');
    const { maxLength, numMelBins, numLabels } = this.config;
    const input = prepareFeatures(features, maxLength, numMelBins, this.normalization);
    const windows = features.shape[0];
    const out = new Float32Array(windows * numLabels);
    const windowSize = maxLength * numMelBins;
    for (let start = 0; start < windows; start += batchSize) {
      const count = Math.min(batchSize, windows - start);
      const probabilities = tf.tidy(() => {
        const x = tf.tensor3d(input.subarray(start * windowSize, (start + count) * windowSize), [
          count,
          maxLength,
          numMelBins,
        ]);
        const logits = this.model.predict(x) as tf.Tensor;
        return tf.softmax(this.#logitOffsets === undefined ? logits : tf.add(logits, tf.tensor1d(this.#logitOffsets)));
      });
      out.set(probabilities.dataSync(), start * numLabels);
      probabilities.dispose();
      checkFiniteOutputs(out, start, start + count, numLabels);
    }
    return out;
  }

  /** The most probable class and all class probabilities for every window. */
  predict(features: AstFeatures, options: AstPredictOptions = {}): AstPrediction[] {
    const probabilities = this.predictProbabilities(features, options);
    const numLabels = this.config.numLabels;
    const predictions: AstPrediction[] = [];
    for (let w = 0; w < features.shape[0]; w++) {
      const row = Array.from(probabilities.subarray(w * numLabels, (w + 1) * numLabels));
      let classId = 0;
      for (let c = 1; c < numLabels; c++) if (row[c]! > row[classId]!) classId = c;
      predictions.push({ classId, label: this.labelNames[classId]!, probabilities: row });
    }
    return predictions;
  }

  /** Releases the model's weights. */
  dispose(): void {
    this.model.dispose();
  }
}
