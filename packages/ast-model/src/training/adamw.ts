import * as tf from '@tensorflow/tfjs';
import { assignFlat, flattenTensors, splitToShapes } from '../kernels/flat-tensors.js';

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

/** The moment estimates of the variables one update covers, flattened in their order. */
interface FlatMoments {
  /** Variable names, in order (the layout of `m` and `v`). */
  names: string[];
  /** Element count of each variable. */
  sizes: number[];
  /** First moment. */
  m: tf.Tensor1D;
  /** Second moment. */
  v: tf.Tensor1D;
  /** 1 for the elements of decayed (rank ≥ 2) variables, 0 for the others. */
  decayMask: tf.Tensor1D;
}

/** The flattened values of the variables after the last update, valid while the variables still hold them. */
interface FlatValues {
  values: tf.Tensor1D;
  /** The variables' data after the last update: any other write (e.g. `setWeights`) invalidates `values`. */
  dataIds: readonly unknown[];
}

const dataIdOf = (variable: tf.Variable): unknown => (variable as unknown as { dataId: unknown }).dataId;

/**
 * Adam with decoupled weight decay (AdamW, as PyTorch's `torch.optim.AdamW` and the HF Trainer): biases and LayerNorm
 * parameters (rank-1 variables) are not decayed. TensorFlow.js has no AdamW.
 *
 * One update runs on all variables at once, flattened into one vector (about 15 kernels instead of about 18 per
 * variable: the per-kernel overhead dominates small models), then writes each variable back.
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
  #moments: FlatMoments | undefined;
  /** Moments of variables outside the current layout, by name (kept when an update skips a variable). */
  readonly #parked = new Map<string, { m: tf.Tensor; v: tf.Tensor }>();
  #values: FlatValues | undefined;

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
   * `gradientScale` first (for clipping). Missing gradients leave a variable (and its moments) unchanged.
   */
  applyGradients(
    variables: readonly tf.Variable[],
    gradients: Readonly<Record<string, tf.Tensor>>,
    learningRate: number,
    gradientScale = 1,
  ): void {
    const updated = variables.filter((variable) => gradients[variable.name] !== undefined);
    const flat = flattenTensors(updated.map((variable) => gradients[variable.name]!));
    try {
      this.applyFlatGradient(updated, flat, learningRate, gradientScale);
    } finally {
      flat.dispose();
    }
  }

  /**
   * One update of `variables` with their gradients flattened into one vector in the variables' order (as
   * `dataParallelBatchGradients` returns them) at `learningRate`; the gradient is multiplied by `gradientScale` first.
   */
  applyFlatGradient(
    variables: readonly tf.Variable[],
    gradient: tf.Tensor1D,
    learningRate: number,
    gradientScale = 1,
  ): void {
    if (variables.length === 0) return;
    this.#step++;
    const t = this.#step;
    const correction1 = 1 - this.beta1 ** t;
    const root2 = Math.sqrt(1 - this.beta2 ** t);
    const moments = this.#momentsFor(variables);
    const values = this.flatValues(variables);
    const next = tf.tidy(() => {
      // PyTorch's form: p ← p·(1 − lr·wd) − lr/c₁ · m / (√v / √c₂ + ε), with the scalars folded together.
      const m = tf.add(tf.mul(moments.m, this.beta1), tf.mul(gradient, (1 - this.beta1) * gradientScale));
      const v = tf.add(
        tf.mul(moments.v, this.beta2),
        tf.mul(tf.square(gradient), (1 - this.beta2) * gradientScale * gradientScale),
      );
      const step = tf.div(m, tf.add(tf.sqrt(v), this.epsilon * root2));
      let result = tf.sub(values, tf.mul(step, (learningRate * root2) / correction1));
      if (this.weightDecay > 0)
        result = tf.sub(result, tf.mul(tf.mul(values, moments.decayMask), learningRate * this.weightDecay));
      tf.dispose([moments.m, moments.v]);
      moments.m = tf.keep(m) as tf.Tensor1D;
      moments.v = tf.keep(v) as tf.Tensor1D;
      return result as tf.Tensor1D;
    });
    assignFlat(variables, next);
    values.dispose();
    this.#values = { values: next, dataIds: variables.map(dataIdOf) };
  }

  /**
   * The variables flattened into one vector in their order: the last update's result while they still hold it, else
   * a new flattening, kept for the next call. The optimizer owns it: it stays valid until the next update or another
   * write to the variables, and the caller must not dispose it.
   */
  flatValues(variables: readonly tf.Variable[]): tf.Tensor1D {
    const cached = this.#values;
    if (
      cached !== undefined &&
      cached.dataIds.length === variables.length &&
      variables.every((variable, i) => dataIdOf(variable) === cached.dataIds[i])
    ) {
      return cached.values;
    }
    cached?.values.dispose();
    const values = flattenTensors(variables);
    this.#values = { values, dataIds: variables.map(dataIdOf) };
    return values;
  }

  /** The flat moments laid out for `variables`, re-laid out (moments kept by name, new ones zero) when they change. */
  #momentsFor(variables: readonly tf.Variable[]): FlatMoments {
    const names = variables.map((variable) => variable.name);
    const current = this.#moments;
    if (current !== undefined && current.names.join('\u0000') === names.join('\u0000')) return current;
    if (current !== undefined) this.#park(current);
    const m: tf.Tensor[] = [];
    const v: tf.Tensor[] = [];
    const masks: tf.Tensor[] = [];
    for (const variable of variables) {
      const parked = this.#parked.get(variable.name);
      this.#parked.delete(variable.name);
      m.push(parked?.m ?? tf.zeros([variable.size]));
      v.push(parked?.v ?? tf.zeros([variable.size]));
      masks.push(tf.fill([variable.size], variable.rank >= 2 ? 1 : 0));
    }
    const sizes = variables.map((variable) => variable.size);
    this.#moments = { names, sizes, m: flattenTensors(m), v: flattenTensors(v), decayMask: flattenTensors(masks) };
    tf.dispose([...m, ...v, ...masks]);
    return this.#moments;
  }

  /** Keeps each variable's slice of `moments` by name and releases the flat ones. */
  #park(moments: FlatMoments): void {
    const shapes = moments.sizes.map((size) => [size]);
    const m = splitToShapes(moments.m, shapes);
    const v = splitToShapes(moments.v, shapes);
    moments.names.forEach((name, i) => {
      this.#parked.set(name, { m: m[i]!, v: v[i]! });
    });
    tf.dispose([moments.m, moments.v, moments.decayMask]);
    this.#moments = undefined;
  }

  /** Releases the moment estimates. */
  dispose(): void {
    if (this.#moments !== undefined) tf.dispose([this.#moments.m, this.#moments.v, this.#moments.decayMask]);
    this.#moments = undefined;
    for (const { m, v } of this.#parked.values()) tf.dispose([m, v]);
    this.#parked.clear();
    this.#values?.values.dispose();
    this.#values = undefined;
  }
}

/** The result of {@link globalNormScale}. */
export interface GradientNormScale {
  /** Global L2 norm of all gradients. */
  norm: number;
  /** Factor (≤ 1) that brings the norm down to at most `maxNorm`. */
  scale: number;
}

/**
 * The global L2 norm of a set of gradients (by name, or flattened into one vector), and the factor that scales it
 * down to at most `maxNorm`.
 */
export function globalNormScale(
  gradients: tf.Tensor | Readonly<Record<string, tf.Tensor>>,
  maxNorm: number,
): GradientNormScale {
  const norm = tf.tidy(() => {
    const squares =
      gradients instanceof tf.Tensor
        ? tf.sum(tf.square(gradients))
        : tf.addN(Object.values(gradients).map((g) => tf.sum(tf.square(g))));
    return tf.sqrt(squares).dataSync()[0]!;
  });
  return { norm, scale: Number.isFinite(maxNorm) && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1 };
}
