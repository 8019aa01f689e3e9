import * as tf from '@tensorflow/tfjs';
import type { AstActivation } from '../ast-config.js';

/** LayerNorm over the last axis: `(x − mean) / sqrt(var + eps) · gamma + beta`. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon))), gamma), beta);
}

/** `x · kernel + bias` for `x` of any rank ≥ 2 (flattened to 2-D for one plain BatchMatMul, no fused kernel). */
export function linear(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor {
  const inputSize = x.shape[x.rank - 1]!;
  const outputSize = kernel.shape[1]!;
  const flat = x.rank === 2 ? x : tf.reshape(x, [-1, inputSize]);
  let y = tf.matMul(flat, kernel);
  if (bias !== undefined) y = tf.add(y, bias);
  return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), outputSize]);
}

/** The MLP activation: exact erf GELU, tanh GELU (`gelu_new`) or ReLU. */
export function activation(x: tf.Tensor, name: AstActivation): tf.Tensor {
  if (name === 'relu') return tf.relu(x);
  if (name === 'gelu_new') {
    const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
  }
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** A dropout whose masks are reproducible: each call uses `seed + call count` when a seed is given. */
export class SeededDropout {
  #calls = 0;
  constructor(
    readonly rate: number,
    readonly seed: number | undefined,
  ) {}

  /** Applies dropout when `training` and the rate is positive, else returns `x`. */
  apply(x: tf.Tensor, training: boolean): tf.Tensor {
    if (!training || this.rate <= 0) return x;
    const seed = this.seed === undefined ? undefined : this.seed + this.#calls++;
    return tf.dropout(x, this.rate, undefined, seed);
  }
}

/** A TensorFlow.js weight initialiser. */
export type AstInitializer = ReturnType<typeof tf.initializers.zeros>;

/** A truncated-normal initialiser (std `stddev`), seeded when `seed` is given. */
export function truncatedNormal(stddev: number, seed: number | undefined): AstInitializer {
  return tf.initializers.truncatedNormal(seed === undefined ? { stddev } : { stddev, seed });
}

/** Whether the layer is called in training mode (`kwargs.training === true`). */
export function isTraining(kwargs: Record<string, unknown> | undefined): boolean {
  return kwargs?.training === true;
}

/** The first tensor of a layer input. */
export function firstInput(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0]! : inputs;
}

/** The first shape of a layer input shape. */
export function firstShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
}
