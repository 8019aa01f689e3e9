import * as tf from '@tensorflow/tfjs';
import { assignFlat, flattenTensors } from '../kernels/flat-tensors.js';

/**
 * An exponential moving average of a model's trainable variables (Polyak averaging), kept as one flat vector:
 * `average ← d·average + (1 − d)·weights` after every optimizer step, with `d = min(decay, (1 + n)/(10 + n))` after
 * `n` updates so that the first steps are not frozen in. Evaluating and keeping the averaged weights instead of the
 * last step's steadies a model against the noise of its last batches.
 */
export class WeightAverage {
  readonly #decay: number;
  #average: tf.Tensor1D | undefined;
  #updates = 0;

  /** @param decay - The largest share of the old average kept per step, in (0, 1). */
  constructor(decay: number) {
    this.#decay = decay;
  }

  /**
   * Folds the weights, flattened in the variables' order (e.g. `AdamW.flatValues`, which the step already holds),
   * into the average. `flat` stays the caller's.
   */
  update(flat: tf.Tensor1D): void {
    const previous = this.#average;
    if (previous === undefined) {
      this.#average = tf.clone(flat);
    } else {
      const decay = Math.min(this.#decay, (1 + this.#updates) / (10 + this.#updates));
      this.#average = tf.tidy(() => previous.mul(decay).add(flat.mul(1 - decay)) as tf.Tensor1D);
      previous.dispose();
    }
    this.#updates++;
  }

  /**
   * Runs `work` with the averaged weights in the variables, then puts the training weights back. Without an update
   * yet, runs it on the training weights.
   */
  withAverage<T>(variables: readonly tf.Variable[], work: () => T): T {
    if (this.#average === undefined) return work();
    const training = flattenTensors(variables);
    try {
      assignFlat(variables, this.#average);
      return work();
    } finally {
      assignFlat(variables, training);
      training.dispose();
    }
  }

  /** Writes the averaged weights into the variables for good (no-op without an update). */
  applyTo(variables: readonly tf.Variable[]): void {
    if (this.#average !== undefined) assignFlat(variables, this.#average);
  }

  /** Frees the average. */
  dispose(): void {
    this.#average?.dispose();
    this.#average = undefined;
  }
}
