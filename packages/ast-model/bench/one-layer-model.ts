/**
 * The toolchain notes' one-layer workload as a model: `[batch, 100, 192]` → one encoder block (3 heads, MLP 768,
 * relu) → mean over time → dense 192 → 3. Its `createReplica` export is the `replicaModule` of the data-parallel
 * helpers, so the benchmark's data-parallel step runs the package's own worker threads.
 */
import * as tf from '@tensorflow/tfjs';
import { type AstConfig, AstEncoderBlock, astConfig } from '../src/index.js';

/** The workload's shapes as an {@link AstConfig}: frames 100, width 192, 3 classes, one block of 3 heads. */
export const ONE_LAYER_CONFIG: AstConfig = astConfig({
  maxLength: 100,
  numMelBins: 192,
  numLabels: 3,
  hiddenSize: 192,
  numHiddenLayers: 1,
  numAttentionHeads: 3,
  intermediateSize: 768,
  hiddenAct: 'relu',
});

/** Builds the one-layer model for `config` (see {@link ONE_LAYER_CONFIG}). */
export function createReplica(config: AstConfig, seed: number): tf.LayersModel {
  const input = tf.input({ shape: [config.maxLength, config.numMelBins] });
  const block = new AstEncoderBlock({
    numAttentionHeads: config.numAttentionHeads,
    intermediateSize: config.intermediateSize,
    hiddenAct: config.hiddenAct,
    seed,
  });
  const pooled = tf.layers.globalAveragePooling1d({}).apply(block.apply(input)) as tf.SymbolicTensor;
  const head = tf.layers.dense({
    units: config.numLabels,
    useBias: false,
    kernelInitializer: tf.initializers.randomNormal({ stddev: 0.02, seed: seed + 1 }),
  });
  return tf.model({ inputs: input, outputs: head.apply(pooled) as tf.SymbolicTensor });
}

/**
 * FLOPs of the dense products of one training step of the one-layer model on `windows` windows: query/key/value
 * (weight gradients only: the input needs none), output projection, attention and MLP forward and backward.
 */
export function oneLayerTrainingFlops(config: AstConfig, windows: number): number {
  const rows = windows * config.maxLength;
  const width = config.hiddenSize;
  const projection = 2 * rows * width * width;
  const mlp = 2 * 2 * rows * width * config.intermediateSize;
  const attention = 2 * 2 * windows * config.maxLength * config.maxLength * width;
  return 3 * (4 * projection + mlp + attention) - 3 * projection;
}
