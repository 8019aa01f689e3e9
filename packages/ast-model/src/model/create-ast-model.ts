import * as tf from '@tensorflow/tfjs';
import { warnIfCpuByDefault } from '../backend/backend.js';
import { AstConfigError } from '../errors.js';
import { registerAddGradient } from '../kernels/add-gradient.js';
import { registerBatchMatMulGradient } from '../kernels/batch-mat-mul-gradient.js';
import { type AstConfig, validateAstConfig } from './ast-config.js';
import { AstClassificationHead } from './layers/classification-head.js';
import { AstEncoderBlock } from './layers/encoder-block.js';
import { AstEnsembleAverage } from './layers/ensemble-average.js';
import { AstPatchEmbedding } from './layers/patch-embedding.js';
import { AstTokenEmbedding } from './layers/token-embedding.js';
import { AstTokenPooling } from './layers/token-pooling.js';

let layersRegistered = false;

/**
 * Registers the AST layer classes with TensorFlow.js serialisation (needed before `tf.loadLayersModel` reads a saved
 * AST) and the fast BatchMatMul gradient. Idempotent; called by every factory and loader of this package.
 */
export function registerAstLayers(): void {
  registerBatchMatMulGradient();
  registerAddGradient();
  if (layersRegistered) return;
  layersRegistered = true;
  for (const layer of [
    AstPatchEmbedding,
    AstTokenEmbedding,
    AstEncoderBlock,
    AstTokenPooling,
    AstClassificationHead,
    AstEnsembleAverage,
  ]) {
    tf.serialization.registerClass(layer);
  }
}

/** Options of {@link createAstModel}. */
export interface CreateAstModelOptions {
  /** Seed of every initialiser and dropout mask. Defaults to unseeded (random). */
  seed?: number;
}

/** Layer names inside a model built by {@link createAstModel}. */
export const AST_LAYER_NAMES = {
  /** The input. */
  input: 'input_values',
  /** {@link AstPatchEmbedding}. */
  patchEmbedding: 'patch_embedding',
  /** {@link AstTokenEmbedding}. */
  tokenEmbedding: 'token_embedding',
  /** {@link AstEncoderBlock} number `index`. */
  encoderLayer: (index: number) => `encoder_layer_${index}`,
  /** {@link AstTokenPooling} (its output is HF's pooled output). */
  pooler: 'pooler',
  /** {@link AstClassificationHead}. */
  classifier: 'classifier',
} as const;

/**
 * Builds an Audio Spectrogram Transformer as a `tf.LayersModel` taking `[batch, maxLength, numMelBins]` features
 * and returning `[batch, numLabels]` logits: patch embedding → CLS/DIST tokens + positions → pre-LN encoder blocks →
 * final LayerNorm + mean of the two token outputs → LayerNorm → Dense. With `config.ensembleSize` K > 1, K such ASTs
 * side by side on the one input (layers named by {@link memberLayerName}, member k seeded with `seed + 7919·k`), and
 * the logits of the mean of their probabilities ({@link AstEnsembleAverage}).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { astConfig, createAstModel, initializeBackend } from '@tsc/ast-model';
 *
 * await initializeBackend();
 * const model = createAstModel(astConfig({ preset: 'sensor' }), { seed: 1 }); // input [batch, 30, 160]
 * const logits = model.predict(tf.zeros([1, 30, 160])) as tf.Tensor;
 * console.log(logits.shape); // [1, 3]
 * ```
 */
export function createAstModel(config: AstConfig, { seed }: CreateAstModelOptions = {}): tf.LayersModel {
  validateAstConfig(config);
  warnIfCpuByDefault('createAstModel');
  registerAstLayers();
  const input = tf.input({ shape: [config.maxLength, config.numMelBins], name: AST_LAYER_NAMES.input });
  const logits = memberLayerNames(config).map((named, member) =>
    astLayers(input, config, seed === undefined ? undefined : seed + member * MEMBER_SEED_STEP, named),
  );
  if (logits.length === 1)
    return tf.model({ inputs: input, outputs: logits[0]!, name: 'audio_spectrogram_transformer' });
  const averaged = new AstEnsembleAverage({ name: ENSEMBLE_AVERAGE_NAME }).apply(logits) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: averaged, name: 'audio_spectrogram_transformer_ensemble' });
}

/** Seed offset between the members of an ensemble built with one seed (a prime, far from the layer offsets). */
const MEMBER_SEED_STEP = 7919;

/** The layer that averages an ensemble's members ({@link AstEnsembleAverage}). */
const ENSEMBLE_AVERAGE_NAME = 'ensemble_average';

/**
 * The name of member `member`'s (0-based) layer `name` in an ensemble (`config.ensembleSize` > 1), e.g.
 * `member1_encoder_layer_0`; a single AST's layers keep their plain {@link AST_LAYER_NAMES}.
 */
export function memberLayerName(name: string, member: number): string {
  return `member${member}_${name}`;
}

/**
 * Per member of a model built from `config`, what its layer `name` is called: the plain name for a single AST,
 * {@link memberLayerName} in an ensemble. What `createAstModel` names the layers by and the saved weights are
 * checked against.
 * @internal
 */
export function memberLayerNames(config: Pick<AstConfig, 'ensembleSize'>): ((name: string) => string)[] {
  const members = config.ensembleSize ?? 1;
  if (members === 1) return [(name) => name];
  return Array.from({ length: members }, (_, member) => (name: string) => memberLayerName(name, member));
}

/** One AST on `input`: patch embedding → tokens → encoder blocks → pooling → head; `named` names each layer. */
function astLayers(
  input: tf.SymbolicTensor,
  config: AstConfig,
  seed: number | undefined,
  named: (name: string) => string,
): tf.SymbolicTensor {
  const optionalSeed = (offset: number) => (seed === undefined ? {} : { seed: seed * 1000 + offset * 31 });
  let x = new AstPatchEmbedding({
    name: named(AST_LAYER_NAMES.patchEmbedding),
    hiddenSize: config.hiddenSize,
    patchSize: config.patchSize,
    ...(config.timePatchSize === undefined ? {} : { timePatchSize: config.timePatchSize }),
    frequencyStride: config.frequencyStride,
    timeStride: config.timeStride,
    initializerRange: config.initializerRange,
    ...optionalSeed(1),
  }).apply(input) as tf.SymbolicTensor;
  x = new AstTokenEmbedding({
    name: named(AST_LAYER_NAMES.tokenEmbedding),
    hiddenDropoutProb: config.hiddenDropoutProb,
    initializerRange: config.initializerRange,
    ...optionalSeed(2),
  }).apply(x) as tf.SymbolicTensor;
  for (let i = 0; i < config.numHiddenLayers; i++) {
    x = new AstEncoderBlock({
      name: named(AST_LAYER_NAMES.encoderLayer(i)),
      numAttentionHeads: config.numAttentionHeads,
      intermediateSize: config.intermediateSize,
      hiddenAct: config.hiddenAct,
      hiddenDropoutProb: config.hiddenDropoutProb,
      attentionProbsDropoutProb: config.attentionProbsDropoutProb,
      layerNormEps: config.layerNormEps,
      qkvBias: config.qkvBias,
      initializerRange: config.initializerRange,
      ...optionalSeed(10 + i),
    }).apply(x) as tf.SymbolicTensor;
  }
  const pooled = new AstTokenPooling({
    name: named(AST_LAYER_NAMES.pooler),
    layerNormEps: config.layerNormEps,
  }).apply(x) as tf.SymbolicTensor;
  return new AstClassificationHead({
    name: named(AST_LAYER_NAMES.classifier),
    numLabels: config.numLabels,
    layerNormEps: config.layerNormEps,
    initializerRange: config.initializerRange,
    ...optionalSeed(3),
  }).apply(pooled) as tf.SymbolicTensor;
}

/**
 * A model sharing `model`'s layers that returns the pooled `[batch, hidden]` output (before the head).
 *
 * @throws {@link AstConfigError} for an ensemble, which has one pooled output per member.
 */
export function pooledOutputModel(model: tf.LayersModel): tf.LayersModel {
  if (!model.layers.some((layer) => layer.name === AST_LAYER_NAMES.pooler)) {
    const members = model.layers.filter((layer) => layer.name.endsWith(`_${AST_LAYER_NAMES.pooler}`)).length;
    throw new AstConfigError('ensembleSize', '1 (one AST, one pooled output)', members);
  }
  return tf.model({
    inputs: model.inputs,
    outputs: model.getLayer(AST_LAYER_NAMES.pooler).output as tf.SymbolicTensor,
  });
}
