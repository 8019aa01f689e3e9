import * as tf from '@tensorflow/tfjs';
import { flagFriendly } from '../../kernels/batch-mat-mul-gradient.js';
import type { AstActivation } from '../ast-config.js';

/** The axes of `x` before the last: the ones LayerNorm's parameter gradients sum over. */
function leadingAxes(x: tf.Tensor): number[] {
  return Array.from({ length: x.rank - 1 }, (_, i) => i);
}

/**
 * The mean over the last axis, kept. On `tensorflow` a sum and a product: tfjs-node's `Mean` first copies its input
 * through a `Cast`, even from float32 to float32.
 */
function lastAxisMean(x: tf.Tensor): tf.Tensor {
  return flagFriendly() ? tf.mul(tf.sum(x, -1, true), 1 / x.shape[x.rank - 1]!) : tf.mean(x, -1, true);
}

/** LayerNorm with `epsilon`, differentiated by hand (about 12 kernels backward instead of about 30 by the tape). */
function layerNormWithGradient(epsilon: number) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, gamma, beta, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const centered = tf.sub(x, lastAxisMean(x));
    const inverse = tf.rsqrt(tf.add(lastAxisMean(tf.square(centered)), epsilon));
    const normalized = tf.mul(centered, inverse);
    save([normalized, inverse, gamma]);
    return {
      value: tf.add(tf.mul(normalized, gamma), beta),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xHat, inv, g] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const axes = leadingAxes(dy);
        const dNormalized = tf.mul(dy, g);
        // dx = inv · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂)), the standard LayerNorm backward.
        const dCentered = tf.sub(dNormalized, lastAxisMean(dNormalized));
        const dx = tf.mul(tf.sub(dCentered, tf.mul(xHat, lastAxisMean(tf.mul(dNormalized, xHat)))), inv);
        return [dx, tf.sum(tf.mul(dy, xHat), axes), tf.sum(dy, axes)];
      },
    };
  });
}

/** LayerNorm over the last axis: `(x − mean) / sqrt(var + eps) · gamma + beta`. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  return layerNormWithGradient(epsilon)(x, gamma, beta);
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

/** `1/√(2π)`, the standard normal density at 0. */
const INVERSE_ROOT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Exact GELU `x · Φ(x)`, differentiated by hand: `d/dx = Φ(x) + x · φ(x)` (7 kernels backward instead of about 15).
 */
const geluWithGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const cdf = tf.mul(tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1), 0.5);
  save([x, cdf]);
  return {
    value: tf.mul(x, cdf),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input, phi] = saved as [tf.Tensor, tf.Tensor];
      const density = tf.mul(tf.exp(tf.mul(tf.square(input), -0.5)), INVERSE_ROOT_TWO_PI);
      return tf.mul(dy, tf.add(phi, tf.mul(input, density)));
    },
  };
});

/** The MLP activation: exact erf GELU, tanh GELU (`gelu_new`) or ReLU. */
export function activation(x: tf.Tensor, name: AstActivation): tf.Tensor {
  if (name === 'relu') return tf.relu(x);
  if (name === 'gelu_new') {
    const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
  }
  return geluWithGradient(x);
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
