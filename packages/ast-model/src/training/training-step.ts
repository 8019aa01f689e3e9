import type * as tf from '@tensorflow/tfjs';
import { type AdamW, globalNormScale } from './adamw.js';
import { flatBatchGradients, type GradientBatch, type GradientBatchShape, lossNormalizer } from './batch-gradients.js';
import { dataParallelBatchGradients, type GradientHelpers } from './data-parallel.js';

/** What one {@link trainingStep} works on: the model, its trainable variables, the optimizer and any helpers. */
export interface TrainingStepContext {
  /** The model being trained. */
  model: tf.LayersModel;
  /** Its trainable variables, in the model's order. */
  variables: readonly tf.Variable[];
  /** The optimizer, updated in place. */
  optimizer: AdamW;
  /** Data-parallel helpers; `undefined` computes the gradients on the calling thread. */
  helpers?: GradientHelpers | undefined;
}

/** Options of one {@link trainingStep}. */
export interface TrainingStepOptions {
  /** Learning rate of this step. */
  learningRate: number;
  /** Clip the gradients to this global L2 norm (`Infinity` disables). */
  maxGradNorm: number;
}

/** What one {@link trainingStep} reports. */
export interface TrainingStepResult {
  /** The batch loss (weighted cross-entropy over the batch's weight sum). */
  loss: number;
  /** The global gradient norm before clipping. */
  gradientNorm: number;
}

/**
 * One optimizer step of `trainAst`: the gradients of the batch's weighted loss (data-parallel when the context has
 * helpers), flattened into one vector, global-norm clipping and one fused AdamW update of every variable.
 *
 * @example
 * ```ts
 * import type * as tf from '@tensorflow/tfjs';
 * import { AdamW, astConfig, createAstModel, initializeBackend, trainingStep } from '@tsc/ast-model';
 *
 * await initializeBackend();
 * const model = createAstModel(astConfig({ preset: 'sensor' }), { seed: 1 }); // windows of 30 frames × 160 bins
 * const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
 * const windows = 3;
 * const batch = {
 *   features: new Float32Array(windows * 30 * 160).map((_, i) => Math.sin(i / 7)),
 *   targets: new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), // one-hot, classes 0, 1, 2
 *   sampleWeights: new Float32Array(windows).fill(1),
 *   windows,
 * };
 * const shape = { frames: 30, bins: 160, classes: 3 };
 * const optimizer = new AdamW();
 * const { loss } = await trainingStep({ model, variables, optimizer }, batch, shape, { learningRate: 1e-3, maxGradNorm: 1 });
 * console.log(loss > 0, optimizer.iterations); // true 1
 * ```
 */
export async function trainingStep(
  { model, variables, optimizer, helpers }: TrainingStepContext,
  batch: GradientBatch,
  shape: GradientBatchShape,
  { learningRate, maxGradNorm }: TrainingStepOptions,
): Promise<TrainingStepResult> {
  const normalizer = lossNormalizer(batch.sampleWeights, batch.windows);
  const { loss, gradient } =
    helpers === undefined
      ? flatBatchGradients(model, variables, batch, shape, normalizer)
      : await dataParallelBatchGradients(model, variables, helpers, batch, shape, normalizer);
  try {
    const { norm, scale } = globalNormScale(gradient, maxGradNorm);
    optimizer.applyFlatGradient(variables, gradient, learningRate, scale);
    return { loss, gradientNorm: norm };
  } finally {
    gradient.dispose();
  }
}
