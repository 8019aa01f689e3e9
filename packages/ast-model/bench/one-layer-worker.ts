/**
 * Worker of the data-parallel one-layer benchmark: holds a replica of the B·T·D block, reads the weights from shared
 * memory, writes the gradients of its part of the batch to its shared buffer (`bench/index.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { AstEncoderBlock, initializeBackend } from '../src/index.js';
import { oneLayerReplica } from './one-layer-replica.js';

await initializeBackend({ backend: 'wasm' });
const { batch, offset, weights, gradients } = workerData as {
  batch: number;
  offset: number;
  weights: Float32Array;
  gradients: Float32Array;
};
const replica = oneLayerReplica(AstEncoderBlock, batch, offset);
/** The wasm backend's view of a tensor in its heap (no copy). */
const heap = tf.backend() as unknown as { typedArrayFromHeap(t: tf.Tensor): Float32Array };
parentPort!.on('message', () => {
  let at = 0;
  tf.tidy(() => {
    for (const variable of replica.variables) {
      variable.assign(tf.tensor(weights.subarray(at, at + variable.size), variable.shape));
      at += variable.size;
    }
  });
  const { value, grads } = tf.variableGrads(replica.loss, replica.variables);
  at = 0;
  for (const variable of replica.variables) {
    gradients.set(heap.typedArrayFromHeap(grads[variable.name]!), at);
    at += variable.size;
  }
  tf.dispose([value, ...Object.values(grads)]);
  parentPort!.postMessage('done');
});
parentPort!.postMessage('ready');
