import * as tf from '@tensorflow/tfjs';
import { batchedMatMul, flagFriendly } from '../../kernels/batch-mat-mul-gradient.js';
import type { AstActivation } from '../ast-config.js';
import {
  type AstInitializer,
  activation,
  firstInput,
  firstShape,
  isTraining,
  layerNorm,
  linear,
  SeededDropout,
  truncatedNormal,
} from './layer-ops.js';
import type { BaseLayerArgs } from './patch-embedding.js';

/** Arguments of {@link AstEncoderBlock}. */
export interface AstEncoderBlockArgs extends BaseLayerArgs {
  /** Number of attention heads; must divide the token width. */
  numAttentionHeads: number;
  /** Width of the MLP. */
  intermediateSize: number;
  /** MLP activation. Defaults to `'gelu'` (exact erf). */
  hiddenAct?: AstActivation;
  /** Dropout after the attention output and the MLP during training. Defaults to 0. */
  hiddenDropoutProb?: number;
  /** Dropout on the attention probabilities during training. Defaults to 0. */
  attentionProbsDropoutProb?: number;
  /** LayerNorm epsilon. Defaults to 1e-12. */
  layerNormEps?: number;
  /** Whether query/key/value have a bias. Defaults to true. */
  qkvBias?: boolean;
  /** Standard deviation of the truncated-normal kernel initialisers. Defaults to 0.02. */
  initializerRange?: number;
  /** Seed of the initialisers and of the dropout masks. Defaults to unseeded. */
  seed?: number;
}

const projections = ['query', 'key', 'value', 'attention_output', 'intermediate', 'output'] as const;
type Projection = (typeof projections)[number];

/**
 * One pre-LayerNorm transformer encoder block (HF `ASTLayer`):
 * `h = x + Attention(LN₁(x))`, `y = h + W₂·act(W₁·LN₂(h))`, on `[batch, tokens, hidden]`.
 * Multi-head self-attention is written with explicit transposes (fast on wasm).
 * Weights (kernels `[in, out]`): `layernorm_before_{gamma,beta}`, `{query,key,value}_{kernel,bias}`,
 * `attention_output_{kernel,bias}`, `layernorm_after_{gamma,beta}`, `intermediate_{kernel,bias}`, `output_{kernel,bias}`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { AstEncoderBlock, initializeBackend } from '@tsc/ast-model';
 *
 * await initializeBackend();
 * const block = new AstEncoderBlock({ numAttentionHeads: 4, intermediateSize: 128 });
 * console.log((block.apply(tf.zeros([2, 10, 64])) as tf.Tensor).shape); // [2, 10, 64]
 * ```
 */
export class AstEncoderBlock extends tf.layers.Layer {
  /** The serialisation class name. */
  static readonly className = 'AstEncoderBlock';
  /** Attention heads. */
  readonly numAttentionHeads: number;
  /** MLP width. */
  readonly intermediateSize: number;
  /** MLP activation. */
  readonly hiddenAct: AstActivation;
  /** Hidden dropout rate. */
  readonly hiddenDropoutProb: number;
  /** Attention-probability dropout rate. */
  readonly attentionProbsDropoutProb: number;
  /** LayerNorm epsilon. */
  readonly layerNormEps: number;
  /** Whether query/key/value have a bias. */
  readonly qkvBias: boolean;
  /** Initialiser standard deviation. */
  readonly initializerRange: number;
  /** Initialiser and dropout seed. */
  readonly seed: number | undefined;
  private readonly weightsByName = new Map<string, tf.LayerVariable>();
  readonly #attentionDropout: SeededDropout;
  readonly #hiddenDropout: SeededDropout;

  constructor(args: AstEncoderBlockArgs) {
    super(args);
    this.numAttentionHeads = args.numAttentionHeads;
    this.intermediateSize = args.intermediateSize;
    this.hiddenAct = args.hiddenAct ?? 'gelu';
    this.hiddenDropoutProb = args.hiddenDropoutProb ?? 0;
    this.attentionProbsDropoutProb = args.attentionProbsDropoutProb ?? 0;
    this.layerNormEps = args.layerNormEps ?? 1e-12;
    this.qkvBias = args.qkvBias ?? true;
    this.initializerRange = args.initializerRange ?? 0.02;
    this.seed = args.seed;
    const seed = (offset: number) => (this.seed === undefined ? undefined : this.seed + offset);
    this.#attentionDropout = new SeededDropout(this.attentionProbsDropoutProb, seed(104729));
    this.#hiddenDropout = new SeededDropout(this.hiddenDropoutProb, seed(1299709));
  }

  private weight(name: string): tf.Tensor {
    return this.weightsByName.get(name)!.read();
  }

  /** Creates the projection kernels, biases and LayerNorm parameters. */
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const hidden = firstShape(inputShape)[2] as number;
    if (hidden % this.numAttentionHeads !== 0) {
      throw new Error(`AstEncoderBlock: ${this.numAttentionHeads} heads do not divide width ${hidden}`);
    }
    const add = (name: string, shape: number[], initializer: AstInitializer) =>
      this.weightsByName.set(name, this.addWeight(name, shape, 'float32', initializer));
    const sizes: Record<Projection, [number, number]> = {
      query: [hidden, hidden],
      key: [hidden, hidden],
      value: [hidden, hidden],
      attention_output: [hidden, hidden],
      intermediate: [hidden, this.intermediateSize],
      output: [this.intermediateSize, hidden],
    };
    add('layernorm_before_gamma', [hidden], tf.initializers.ones());
    add('layernorm_before_beta', [hidden], tf.initializers.zeros());
    projections.forEach((name, index) => {
      const seed = this.seed === undefined ? undefined : this.seed + index;
      add(`${name}_kernel`, sizes[name], truncatedNormal(this.initializerRange, seed));
      if (this.qkvBias || !['query', 'key', 'value'].includes(name)) {
        add(`${name}_bias`, [sizes[name][1]], tf.initializers.zeros());
      }
      if (name === 'attention_output') {
        add('layernorm_after_gamma', [hidden], tf.initializers.ones());
        add('layernorm_after_beta', [hidden], tf.initializers.zeros());
      }
    });
    this.built = true;
  }

  /** Same as the input: `[batch, tokens, hidden]`. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return firstShape(inputShape);
  }

  /** Multi-head self-attention of `flat` (`[batch · tokens, hidden]`), the same shape out. */
  private attention(flat: tf.Tensor, batch: number, tokens: number, training: boolean): tf.Tensor {
    const hidden = flat.shape[1]!;
    const context = flagFriendly()
      ? this.fusedContext(flat, batch, tokens, training)
      : this.separateContext(flat, batch, tokens, training);
    const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch * tokens, hidden]);
    const output = linear(merged, this.weight('attention_output_kernel'), this.weight('attention_output_bias'));
    return this.#hiddenDropout.apply(output, training);
  }

  /**
   * The per-head context `[B, h, S, d]` on native TensorFlow: one matMul for query, key and value (their kernels
   * concatenated), one 5-D transpose, one unstack and the products with the kernel's transpose flag, all fast there.
   */
  private fusedContext(flat: tf.Tensor, batch: number, tokens: number, training: boolean): tf.Tensor {
    const hidden = flat.shape[1]!;
    const heads = this.numAttentionHeads;
    const names = ['query', 'key', 'value'];
    const kernel = tf.concat(
      names.map((name) => this.weight(`${name}_kernel`)),
      1,
    );
    const bias = this.qkvBias ? tf.concat(names.map((name) => this.weight(`${name}_bias`))) : undefined;
    const qkv = tf.reshape(linear(flat, kernel, bias), [batch, tokens, 3, heads, hidden / heads]);
    const [q, k, v] = tf.unstack(tf.transpose(qkv, [2, 0, 3, 1, 4])) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const scores = tf.matMul(tf.mul(q, 1 / Math.sqrt(hidden / heads)), k, false, true);
    return tf.matMul(this.#attentionDropout.apply(tf.softmax(scores, -1), training), v);
  }

  /**
   * The per-head context `[B, h, S, d]` on wasm and cpu: each projection → `[B, S, h, d]` → one 4-D transpose (the
   * wasm Transpose kernel is ~30× slower on the 5-D permutation), attention through {@link batchedMatMul}.
   */
  private separateContext(flat: tf.Tensor, batch: number, tokens: number, training: boolean): tf.Tensor {
    const hidden = flat.shape[1]!;
    const heads = this.numAttentionHeads;
    const headSize = hidden / heads;
    const bias = (name: string) => (this.qkvBias ? this.weight(`${name}_bias`) : undefined);
    const project = (name: string, perm: number[], shape: number[]) =>
      tf.reshape(
        tf.transpose(
          tf.reshape(linear(flat, this.weight(`${name}_kernel`), bias(name)), [batch, tokens, heads, headSize]),
          perm,
        ),
        shape,
      );
    const q = project('query', [0, 2, 1, 3], [batch * heads, tokens, headSize]);
    const kTransposed = project('key', [0, 2, 3, 1], [batch * heads, headSize, tokens]);
    const v = project('value', [0, 2, 1, 3], [batch * heads, tokens, headSize]);
    const scores = batchedMatMul(tf.mul(q, 1 / Math.sqrt(headSize)), kTransposed);
    const context = batchedMatMul(this.#attentionDropout.apply(tf.softmax(scores, -1), training), v);
    return tf.reshape(context, [batch, heads, tokens, headSize]);
  }

  /** Applies the block (on `[batch · tokens, hidden]` inside: one reshape in, one out). */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown> = {}): tf.Tensor {
    return tf.tidy(() => {
      const input = firstInput(inputs);
      const [batch, tokens, hidden] = input.shape as [number, number, number];
      const x = tf.reshape(input, [batch * tokens, hidden]);
      const training = isTraining(kwargs);
      const eps = this.layerNormEps;
      const normed = layerNorm(x, this.weight('layernorm_before_gamma'), this.weight('layernorm_before_beta'), eps);
      const h = tf.add(x, this.attention(normed, batch, tokens, training));
      const normed2 = layerNorm(h, this.weight('layernorm_after_gamma'), this.weight('layernorm_after_beta'), eps);
      const inner = activation(
        linear(normed2, this.weight('intermediate_kernel'), this.weight('intermediate_bias')),
        this.hiddenAct,
      );
      const out = linear(inner, this.weight('output_kernel'), this.weight('output_bias'));
      return tf.reshape(tf.add(h, this.#hiddenDropout.apply(out, training)), [batch, tokens, hidden]);
    });
  }

  /** The constructor arguments, for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      numAttentionHeads: this.numAttentionHeads,
      intermediateSize: this.intermediateSize,
      hiddenAct: this.hiddenAct,
      hiddenDropoutProb: this.hiddenDropoutProb,
      attentionProbsDropoutProb: this.attentionProbsDropoutProb,
      layerNormEps: this.layerNormEps,
      qkvBias: this.qkvBias,
      initializerRange: this.initializerRange,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
