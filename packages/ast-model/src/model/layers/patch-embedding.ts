import * as tf from '@tensorflow/tfjs';
import { firstInput, firstShape, truncatedNormal } from './layer-ops.js';

/** tfjs-layers' `LayerArgs`, which its package entry does not export. */
type TfLayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * The base-layer arguments TensorFlow.js layers accept (`name`, `trainable`, ...). An interface rather than a type
 * alias, so the docs' class hierarchy lists the layer argument interfaces that extend it.
 */
export interface BaseLayerArgs extends TfLayerArgs {}

/** Arguments of {@link AstPatchEmbedding}. */
export interface AstPatchEmbeddingArgs extends BaseLayerArgs {
  /** Output width of every patch token. */
  hiddenSize: number;
  /** Patch size along frequency (bins), and along time unless `timePatchSize` is set. Defaults to 16. */
  patchSize?: number;
  /** Patch size along time (frames). Defaults to `patchSize` (square patches, as HF). */
  timePatchSize?: number;
  /** Stride along the frequency axis (bins). Defaults to 10. */
  frequencyStride?: number;
  /** Stride along the time axis (frames). Defaults to 10. */
  timeStride?: number;
  /** Standard deviation of the truncated-normal kernel initialiser. Defaults to 0.02. */
  initializerRange?: number;
  /** Seed of the kernel initialiser. Defaults to unseeded. */
  seed?: number;
}

/**
 * AST patch embedding: a strided 2-D convolution over the `[frequency, time]` plane of `[batch, time, bins]`
 * features, giving `[batch, patches, hiddenSize]` tokens in frequency-major order (HF `ASTPatchEmbeddings`).
 * Computed as unfold + one matMul (a reshape for non-overlapping patches, slices otherwise), which is exactly the
 * convolution and differentiable on every backend.
 * Weights: `kernel` `[patchSize (freq), timePatchSize (time), 1, hiddenSize]`, `bias` `[hiddenSize]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { AstPatchEmbedding, initializeBackend } from '@tsc/ast-model';
 *
 * await initializeBackend();
 * const layer = new AstPatchEmbedding({ hiddenSize: 64, patchSize: 16, frequencyStride: 16, timeStride: 16 });
 * console.log((layer.apply(tf.zeros([2, 64, 32])) as tf.Tensor).shape); // [2, 8, 64]
 * ```
 */
export class AstPatchEmbedding extends tf.layers.Layer {
  /** The serialisation class name. */
  static readonly className = 'AstPatchEmbedding';
  /** Output width. */
  readonly hiddenSize: number;
  /** Patch size along frequency. */
  readonly patchSize: number;
  /** Patch size along time. */
  readonly timePatchSize: number;
  /** Stride along frequency. */
  readonly frequencyStride: number;
  /** Stride along time. */
  readonly timeStride: number;
  /** Initialiser standard deviation. */
  readonly initializerRange: number;
  /** Initialiser seed. */
  readonly seed: number | undefined;
  private kernel!: tf.LayerVariable;
  private bias!: tf.LayerVariable;

  constructor(args: AstPatchEmbeddingArgs) {
    super(args);
    this.hiddenSize = args.hiddenSize;
    this.patchSize = args.patchSize ?? 16;
    this.timePatchSize = args.timePatchSize ?? this.patchSize;
    this.frequencyStride = args.frequencyStride ?? 10;
    this.timeStride = args.timeStride ?? 10;
    this.initializerRange = args.initializerRange ?? 0.02;
    this.seed = args.seed;
  }

  /** The patch grid `[frequencyPatches, timePatches]` for an input of `frames` × `bins`. */
  grid(frames: number, bins: number): [number, number] {
    return [
      Math.floor((bins - this.patchSize) / this.frequencyStride) + 1,
      Math.floor((frames - this.timePatchSize) / this.timeStride) + 1,
    ];
  }

  /** Creates `kernel` and `bias`. */
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = firstShape(inputShape);
    if (shape.length !== 3)
      throw new Error(`AstPatchEmbedding expects [batch, time, bins], got ${JSON.stringify(shape)}`);
    this.kernel = this.addWeight(
      'kernel',
      [this.patchSize, this.timePatchSize, 1, this.hiddenSize],
      'float32',
      truncatedNormal(this.initializerRange, this.seed),
    );
    this.bias = this.addWeight('bias', [this.hiddenSize], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  /** `[batch, patches, hiddenSize]`. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = firstShape(inputShape);
    const [f, t] = this.grid(shape[1] as number, shape[2] as number);
    return [shape[0] ?? null, f * t, this.hiddenSize];
  }

  /** Embeds `[batch, time, bins]` features into patch tokens. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = firstInput(inputs);
      const [batch, frames, bins] = x.shape as [number, number, number];
      const [f, t] = this.grid(frames, bins);
      const p = this.patchSize;
      const q = this.timePatchSize;
      const kernel = this.kernel.read();
      const plane = tf.transpose(x, [0, 2, 1]); // [batch, bins, frames]
      let tokens: tf.Tensor;
      if (this.frequencyStride === p && this.timeStride === q) {
        const cropped = f * p === bins && t * q === frames ? plane : tf.slice(plane, [0, 0, 0], [batch, f * p, t * q]);
        const patches = tf.transpose(tf.reshape(cropped, [batch, f, p, t, q]), [0, 1, 3, 2, 4]);
        tokens = tf.matMul(tf.reshape(patches, [batch * f * t, p * q]), tf.reshape(kernel, [p * q, this.hiddenSize]));
      } else {
        // Overlapping patches: unfold with f + t slices (the wasm backend has no Conv2DBackpropFilter).
        const rows = Array.from({ length: f }, (_, i) =>
          tf.slice(plane, [0, i * this.frequencyStride, 0], [batch, p, frames]),
        );
        const byFrequency = tf.stack(rows, 1); // [batch, f, p, frames]
        const columns = Array.from({ length: t }, (_, j) =>
          tf.slice(byFrequency, [0, 0, 0, j * this.timeStride], [batch, f, p, q]),
        );
        const patches = tf.stack(columns, 2); // [batch, f, t, p (freq), q (time)]
        tokens = tf.matMul(tf.reshape(patches, [batch * f * t, p * q]), tf.reshape(kernel, [p * q, this.hiddenSize]));
      }
      return tf.reshape(tf.add(tokens, this.bias.read()), [batch, f * t, this.hiddenSize]);
    });
  }

  /** The constructor arguments, for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      hiddenSize: this.hiddenSize,
      patchSize: this.patchSize,
      timePatchSize: this.timePatchSize,
      frequencyStride: this.frequencyStride,
      timeStride: this.timeStride,
      initializerRange: this.initializerRange,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
