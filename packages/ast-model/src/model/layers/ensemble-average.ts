import * as tf from '@tensorflow/tfjs';
import type { BaseLayerArgs } from './patch-embedding.js';

/**
 * The mean of the members' class probabilities, returned as logits: `K × [batch, labels]` logits →
 * `log(mean_k softmax(z_k))`, whose softmax is that mean (computed as a log-sum-exp of the members' log-softmax, so
 * that no probability underflows). No weights. One input passes through as its log-softmax.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { AstEnsembleAverage, initializeBackend } from '@tsc/ast-model';
 *
 * await initializeBackend();
 * const logits = new AstEnsembleAverage({}).apply([tf.tensor2d([[0, 0]]), tf.tensor2d([[Math.log(3), 0]])]) as tf.Tensor;
 * // the mean of [0.5, 0.5] and [0.75, 0.25]
 * console.log(Array.from(tf.softmax(logits).dataSync(), (p) => p.toFixed(3))); // ['0.625', '0.375']
 * ```
 */
export class AstEnsembleAverage extends tf.layers.Layer {
  /** The serialisation class name. */
  static readonly className = 'AstEnsembleAverage';

  constructor(args: BaseLayerArgs = {}) {
    super(args);
  }

  /** The shape of one member's logits. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return Array.isArray(inputShape[0]) ? (inputShape[0] as tf.Shape) : (inputShape as tf.Shape);
  }

  /** `log(mean_k softmax(z_k))`. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const members = Array.isArray(inputs) ? inputs : [inputs];
      const logProbabilities = tf.stack(members.map((logits) => tf.logSoftmax(logits)));
      return tf.sub(tf.logSumExp(logProbabilities, 0), Math.log(members.length));
    });
  }
}
