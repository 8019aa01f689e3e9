import * as tf from '@tensorflow/tfjs';

/** Options of {@link AdamW}. */
export interface AdamWOptions {
  /** Exponential decay of the first moment. Defaults to 0.9. */
  beta1?: number;
  /** Exponential decay of the second moment. Defaults to 0.999. */
  beta2?: number;
  /** Denominator epsilon. Defaults to 1e-8. */
  epsilon?: number;
  /** Decoupled weight decay (Loshchilov & Hutter), applied to weights of rank ≥ 2 only. Defaults to 0.01. */
  weightDecay?: number;
}

/**
 * Adam with decoupled weight decay (AdamW, as PyTorch's `torch.optim.AdamW` and the HF Trainer): biases and LayerNorm
 * parameters (rank-1 variables) are not decayed. TensorFlow.js has no AdamW.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { AdamW, initializeBackend } from '@tsc/ast-model';
 *
 * await initializeBackend();
 * const weights = tf.variable(tf.tensor1d([1, -2, 3]), true, 'weights');
 * const loss = () => tf.sum(tf.square(weights)) as tf.Scalar;
 * const optimizer = new AdamW({ weightDecay: 0.01 });
 * const { grads } = tf.variableGrads(loss, [weights]);
 * optimizer.applyGradients([weights], grads, 1e-3); // each weight moves 1e-3 towards 0
 * ```
 */
export class AdamW {
  /** First-moment decay. */
  readonly beta1: number;
  /** Second-moment decay. */
  readonly beta2: number;
  /** Denominator epsilon. */
  readonly epsilon: number;
  /** Decoupled weight decay. */
  readonly weightDecay: number;
  #step = 0;
  readonly #moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();

  constructor({ beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0.01 }: AdamWOptions = {}) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  /** Updates taken so far. */
  get iterations(): number {
    return this.#step;
  }

  /**
   * One update of `variables` with `gradients` (by variable name) at `learningRate`; gradients are multiplied by
   * `gradientScale` first (for clipping). Missing gradients leave a variable unchanged.
   */
  applyGradients(
    variables: readonly tf.Variable[],
    gradients: Readonly<Record<string, tf.Tensor>>,
    learningRate: number,
    gradientScale = 1,
  ): void {
    this.#step++;
    const t = this.#step;
    const correction1 = 1 - this.beta1 ** t;
    const correction2 = 1 - this.beta2 ** t;
    tf.tidy(() => {
      for (const variable of variables) {
        const raw = gradients[variable.name];
        if (raw === undefined) continue;
        let moments = this.#moments.get(variable.name);
        if (moments === undefined) {
          moments = { m: tf.variable(tf.zerosLike(variable), false), v: tf.variable(tf.zerosLike(variable), false) };
          this.#moments.set(variable.name, moments);
        }
        const g = gradientScale === 1 ? raw : tf.mul(raw, gradientScale);
        const m = tf.add(tf.mul(moments.m, this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(moments.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        moments.m.assign(m);
        moments.v.assign(v);
        const update = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), this.epsilon));
        let next = tf.sub(variable, tf.mul(update, learningRate));
        if (this.weightDecay > 0 && variable.rank >= 2)
          next = tf.sub(next, tf.mul(variable, learningRate * this.weightDecay));
        variable.assign(next);
      }
    });
  }

  /** Releases the moment estimates. */
  dispose(): void {
    for (const { m, v } of this.#moments.values()) {
      m.dispose();
      v.dispose();
    }
    this.#moments.clear();
  }
}

/** The result of {@link globalNormScale}. */
export interface GradientNormScale {
  /** Global L2 norm of all gradients. */
  norm: number;
  /** Factor (≤ 1) that brings the norm down to at most `maxNorm`. */
  scale: number;
}

/** The global L2 norm of a set of gradients, and the factor that scales it down to at most `maxNorm`. */
export function globalNormScale(gradients: Readonly<Record<string, tf.Tensor>>, maxNorm: number): GradientNormScale {
  const norm = tf.tidy(
    () => tf.sqrt(tf.addN(Object.values(gradients).map((g) => tf.sum(tf.square(g))))).dataSync()[0]!,
  );
  return { norm, scale: Number.isFinite(maxNorm) && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1 };
}
