/**
 * Worker of the data-parallel one-layer benchmark: holds a replica of the B·T·D block, receives the weights, returns
 * the gradients of its half of the batch (`bench/index.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { AstEncoderBlock, initializeBackend } from '../src/index.js';
import { oneLayerReplica } from './one-layer-replica.js';

await initializeBackend({ backend: 'wasm' });
const { batch, offset } = workerData as { batch: number; offset: number };
const replica = oneLayerReplica(AstEncoderBlock, batch, offset);
parentPort!.on('message', (weights: Float32Array[]) => {
  tf.tidy(() => {
    replica.variables.forEach((variable, i) => {
      variable.assign(tf.tensor(weights[i]!, variable.shape));
    });
  });
  const { value, grads } = tf.variableGrads(replica.loss, replica.variables);
  const out = replica.variables.map((variable) => grads[variable.name]!.dataSync() as Float32Array);
  const loss = value.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads)]);
  parentPort!.postMessage(
    { loss, grads: out },
    out.map((array) => array.buffer as ArrayBuffer),
  );
});
parentPort!.postMessage('ready');
