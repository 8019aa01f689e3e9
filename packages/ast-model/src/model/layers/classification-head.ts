import * as tf from '@tensorflow/tfjs';
import { firstInput, firstShape, layerNorm, linear, truncatedNormal } from './layer-ops.js';
import type { BaseLayerArgs } from './patch-embedding.js';

/** Arguments of {@link AstClassificationHead}. */
export interface AstClassificationHeadArgs extends BaseLayerArgs {
  /** Number of output classes. */
  numLabels: number;
  /** LayerNorm epsilon. Defaults to 1e-12. */
  layerNormEps?: number;
  /** Standard deviation of the truncated-normal kernel initialiser. Defaults to 0.02. */
  initializerRange?: number;
  /** Seed of the kernel initialiser. Defaults to unseeded. */
  seed?: number;
}

/**
 * The AST classification head (HF `ASTMLPHead`): LayerNorm then Dense, `[batch, hidden]` → `[batch, numLabels]`
 * logits. Weights: `layernorm_gamma`, `layernorm_beta` `[hidden]`, `dense_kernel` `[hidden, numLabels]`, `dense_bias`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { AstClassificationHead, initializeBackend } from '@tsc/ast-model';
 *
 * await initializeBackend();
 * console.log((new AstClassificationHead({ numLabels: 3 }).apply(tf.zeros([2, 64])) as tf.Tensor).shape); // [2, 3]
 * ```
 */
export class AstClassificationHead extends tf.layers.Layer {
  /** The serialisation class name. */
  static readonly className = 'AstClassificationHead';
  /** Output classes. */
  readonly numLabels: number;
  /** LayerNorm epsilon. */
  readonly layerNormEps: number;
  /** Initialiser standard deviation. */
  readonly initializerRange: number;
  /** Initialiser seed. */
  readonly seed: number | undefined;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;
  private kernel!: tf.LayerVariable;
  private bias!: tf.LayerVariable;

  constructor(args: AstClassificationHeadArgs) {
    super(args);
    this.numLabels = args.numLabels;
    this.layerNormEps = args.layerNormEps ?? 1e-12;
    this.initializerRange = args.initializerRange ?? 0.02;
    this.seed = args.seed;
  }

  /** Creates the LayerNorm and Dense parameters. */
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const hidden = firstShape(inputShape)[1] as number;
    this.gamma = this.addWeight('layernorm_gamma', [hidden], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('layernorm_beta', [hidden], 'float32', tf.initializers.zeros());
    this.kernel = this.addWeight(
      'dense_kernel',
      [hidden, this.numLabels],
      'float32',
      truncatedNormal(this.initializerRange, this.seed),
    );
    this.bias = this.addWeight('dense_bias', [this.numLabels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  /** `[batch, numLabels]`. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [firstShape(inputShape)[0] ?? null, this.numLabels];
  }

  /** Logits. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const normed = layerNorm(firstInput(inputs), this.gamma.read(), this.beta.read(), this.layerNormEps);
      return linear(normed, this.kernel.read(), this.bias.read());
    });
  }

  /** The constructor arguments, for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      numLabels: this.numLabels,
      layerNormEps: this.layerNormEps,
      initializerRange: this.initializerRange,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
