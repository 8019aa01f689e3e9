import * as tf from '@tensorflow/tfjs';
import { firstInput, firstShape, layerNorm } from './layer-ops.js';
import type { BaseLayerArgs } from './patch-embedding.js';

/** Arguments of {@link AstTokenPooling}. */
export interface AstTokenPoolingArgs extends BaseLayerArgs {
  /** LayerNorm epsilon. Defaults to 1e-12. */
  layerNormEps?: number;
}

/**
 * The encoder's final LayerNorm followed by the mean of the CLS and distillation token outputs
 * (HF `ASTModel` pooler): `[batch, tokens, hidden]` → `[batch, hidden]`. Weights: `gamma`, `beta` `[hidden]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { AstTokenPooling, initializeBackend } from '@tsc/ast-model';
 *
 * await initializeBackend();
 * console.log((new AstTokenPooling({}).apply(tf.zeros([2, 10, 64])) as tf.Tensor).shape); // [2, 64]
 * ```
 */
export class AstTokenPooling extends tf.layers.Layer {
  /** The serialisation class name. */
  static readonly className = 'AstTokenPooling';
  /** LayerNorm epsilon. */
  readonly layerNormEps: number;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;

  constructor(args: AstTokenPoolingArgs = {}) {
    super(args);
    this.layerNormEps = args.layerNormEps ?? 1e-12;
  }

  /** Creates the LayerNorm parameters. */
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const hidden = firstShape(inputShape)[2] as number;
    this.gamma = this.addWeight('gamma', [hidden], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [hidden], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  /** `[batch, hidden]`. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = firstShape(inputShape);
    return [shape[0] ?? null, shape[2] ?? null];
  }

  /** Normalises and averages the two leading tokens. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = firstInput(inputs);
      const [batch, , hidden] = x.shape as [number, number, number];
      const tokens = tf.slice(x, [0, 0, 0], [batch, 2, hidden]);
      return tf.mean(layerNorm(tokens, this.gamma.read(), this.beta.read(), this.layerNormEps), 1);
    });
  }

  /** The constructor arguments, for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), layerNormEps: this.layerNormEps };
  }
}
