import * as tf from '@tensorflow/tfjs';
import { firstInput, firstShape, isTraining, SeededDropout, truncatedNormal } from './layer-ops.js';
import type { BaseLayerArgs } from './patch-embedding.js';

/** Arguments of {@link AstTokenEmbedding}. */
export interface AstTokenEmbeddingArgs extends BaseLayerArgs {
  /** Dropout on the embeddings during training. Defaults to 0. */
  hiddenDropoutProb?: number;
  /** Standard deviation of the truncated-normal initialisers. Defaults to 0.02. */
  initializerRange?: number;
  /** Seed of the initialisers and of the dropout masks. Defaults to unseeded. */
  seed?: number;
}

/**
 * Prepends the CLS and distillation tokens to the patch tokens and adds learned position embeddings
 * (HF `ASTEmbeddings` after the patch projection): `[batch, patches, hidden]` → `[batch, patches + 2, hidden]`.
 * Weights: `cls_token` and `distillation_token` `[1, 1, hidden]`, `position_embeddings` `[1, patches + 2, hidden]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { AstTokenEmbedding, initializeBackend } from '@tsc/ast-model';
 *
 * await initializeBackend();
 * const layer = new AstTokenEmbedding({});
 * console.log((layer.apply(tf.zeros([2, 8, 64])) as tf.Tensor).shape); // [2, 10, 64]
 * ```
 */
export class AstTokenEmbedding extends tf.layers.Layer {
  /** The serialisation class name. */
  static readonly className = 'AstTokenEmbedding';
  /** Embedding dropout rate. */
  readonly hiddenDropoutProb: number;
  /** Initialiser standard deviation. */
  readonly initializerRange: number;
  /** Initialiser and dropout seed. */
  readonly seed: number | undefined;
  private clsToken!: tf.LayerVariable;
  private distillationToken!: tf.LayerVariable;
  private positionEmbeddings!: tf.LayerVariable;
  readonly #dropout: SeededDropout;

  constructor(args: AstTokenEmbeddingArgs = {}) {
    super(args);
    this.hiddenDropoutProb = args.hiddenDropoutProb ?? 0;
    this.initializerRange = args.initializerRange ?? 0.02;
    this.seed = args.seed;
    this.#dropout = new SeededDropout(this.hiddenDropoutProb, this.seed === undefined ? undefined : this.seed + 7919);
  }

  /** Creates the two token vectors and the position table. */
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = firstShape(inputShape);
    const patches = shape[1] as number;
    const hidden = shape[2] as number;
    const seed = (offset: number) => (this.seed === undefined ? undefined : this.seed + offset);
    this.clsToken = this.addWeight(
      'cls_token',
      [1, 1, hidden],
      'float32',
      truncatedNormal(this.initializerRange, seed(0)),
    );
    this.distillationToken = this.addWeight(
      'distillation_token',
      [1, 1, hidden],
      'float32',
      truncatedNormal(this.initializerRange, seed(1)),
    );
    this.positionEmbeddings = this.addWeight(
      'position_embeddings',
      [1, patches + 2, hidden],
      'float32',
      truncatedNormal(this.initializerRange, seed(2)),
    );
    this.built = true;
  }

  /** `[batch, patches + 2, hidden]`. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = firstShape(inputShape);
    return [shape[0] ?? null, (shape[1] as number) + 2, shape[2] ?? null];
  }

  /** Prepends `[CLS, DIST]` and adds the position embeddings. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown> = {}): tf.Tensor {
    return tf.tidy(() => {
      const x = firstInput(inputs);
      const batch = x.shape[0]!;
      const tokens = tf.concat([this.clsToken.read(), this.distillationToken.read()], 1);
      // A broadcasting add, not tile or broadcastTo (both the Tile kernel, whose gradient is a slice and an add per
      // window): its gradient is one sum.
      const sequence = tf.concat([tf.add(tokens, tf.zeros([batch, 2, x.shape[2]!])), x], 1);
      return this.#dropout.apply(tf.add(sequence, this.positionEmbeddings.read()), isTraining(kwargs));
    });
  }

  /** The constructor arguments, for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      hiddenDropoutProb: this.hiddenDropoutProb,
      initializerRange: this.initializerRange,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
