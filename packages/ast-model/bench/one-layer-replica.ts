import * as tf from '@tensorflow/tfjs';
import type { AstEncoderBlock } from '../src/index.js';

/** The toolchain notes' one-layer workload on `batch` windows starting at window `offset` of a fixed B8 batch. */
export function oneLayerReplica(
  Block: typeof AstEncoderBlock,
  batch: number,
  offset: number,
): { variables: tf.Variable[]; loss: () => tf.Scalar } {
  const block = new Block({ numAttentionHeads: 3, intermediateSize: 768, hiddenAct: 'relu', seed: 1 });
  const all = tf.randomNormal([8, 100, 192], 0, 1, 'float32', 1);
  const x = tf.slice(all, [offset, 0, 0], [batch, 100, 192]);
  const head = tf.variable(tf.randomNormal([192, 3], 0, 0.02, 'float32', 2), true);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1].slice(offset, offset + batch), 'int32'), 3);
  all.dispose();
  block.apply(x);
  const variables = [...block.trainableWeights.map((w) => w.read() as tf.Variable), head];
  const loss = () =>
    tf.tidy(() => {
      const pooled = tf.mean(block.apply(x, { training: true }) as tf.Tensor, 1);
      return tf.losses.softmaxCrossEntropy(labels, tf.matMul(pooled, head)) as tf.Scalar;
    });
  return { variables, loss };
}
