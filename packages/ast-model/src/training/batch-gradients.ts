import * as tf from '@tensorflow/tfjs';
import { flattenTensors } from '../kernels/flat-tensors.js';

/** A batch, or a part of one, in the trainer's layout (flat row-major arrays). */
export interface GradientBatch {
  /** Inputs, `[windows, frames, bins]`. */
  features: Float32Array;
  /** Targets (one-hot or mixed), `[windows, classes]`. */
  targets: Float32Array;
  /** Loss weight of each window, `[windows]`. */
  sampleWeights: Float32Array;
  /** Windows in the batch. */
  windows: number;
}

/** The shape of a batch's tensors. */
export interface GradientBatchShape {
  /** Time frames per window. */
  frames: number;
  /** Frequency bins per frame. */
  bins: number;
  /** Classes. */
  classes: number;
}

/** What {@link batchGradients} returns: the loss share and a gradient per variable, in the variables' order. */
export interface BatchGradients {
  /** This part's share of the batch loss. */
  loss: number;
  /** Gradient of this part's loss share for each variable (the caller disposes them). */
  gradients: tf.Tensor[];
}

/** A batch's loss and its gradients flattened into one vector in the variables' order. */
export interface FlatBatchGradients {
  /** The batch loss (or this part's share of it). */
  loss: number;
  /** Every variable's gradient, flattened and concatenated in the variables' order (the caller disposes it). */
  gradient: tf.Tensor1D;
}

/** The sum of `sampleWeights` over the first `windows` windows, at least 1e-12: the trainer's loss divisor. */
export function lossNormalizer(sampleWeights: Float32Array, windows: number): number {
  let sum = 0;
  for (let i = 0; i < windows; i++) sum += sampleWeights[i]!;
  return Math.max(sum, 1e-12);
}

/**
 * The training loss of a batch part and its gradients: the weighted cross-entropy of each window, summed and divided
 * by `normalizer`, the weight sum of the whole batch. Because the divisor is the whole batch's, the losses and the
 * gradients of disjoint parts add up to those of the whole batch: that is what data-parallel training relies on.
 */
export function batchGradients(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
  batch: GradientBatch,
  { frames, bins, classes }: GradientBatchShape,
  normalizer: number,
): BatchGradients {
  const { windows } = batch;
  const x = tf.tensor3d(batch.features.subarray(0, windows * frames * bins), [windows, frames, bins]);
  const y = tf.tensor2d(batch.targets.subarray(0, windows * classes), [windows, classes]);
  const w = tf.tensor1d(batch.sampleWeights.subarray(0, windows));
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(x, { training: true }) as tf.Tensor;
    const perWindow = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1));
    return tf.div(tf.sum(tf.mul(perWindow, w)), normalizer) as tf.Scalar;
  }, variables as tf.Variable[]);
  const loss = value.dataSync()[0]!;
  tf.dispose([x, y, w, value]);
  return { loss, gradients: variables.map((variable) => grads[variable.name]!) };
}

/** {@link batchGradients} with the gradients flattened into one vector (what the optimizer and the helpers take). */
export function flatBatchGradients(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
  batch: GradientBatch,
  shape: GradientBatchShape,
  normalizer: number,
): FlatBatchGradients {
  const { loss, gradients } = batchGradients(model, variables, batch, shape, normalizer);
  const gradient = flattenTensors(gradients);
  tf.dispose(gradients);
  return { loss, gradient };
}
