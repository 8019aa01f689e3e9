/**
 * A gradient worker of `workerThreadGradients`: builds a replica of the model on the caller's backend, then for
 * every step reads the weights and its part of the batch from shared memory, computes the part's loss share and
 * gradients, writes the gradients to shared memory and replies with the loss share.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initializeBackend } from '../backend/backend.js';
import { splitToShapes } from '../kernels/flat-tensors.js';
import { createAstModel, registerAstLayers } from '../model/create-ast-model.js';
import { flatBatchGradients } from '../training/batch-gradients.js';
import type { GradientWorkerData, GradientWorkerReply } from './worker-thread-gradients.js';

const data = workerData as GradientWorkerData;
const { setup } = data;
const port = parentPort!;
const reply = (message: GradientWorkerReply) => port.postMessage(message);

/** The wasm backend's zero-copy view of a tensor in its heap, when the backend has one. */
function readGradient(tensor: tf.Tensor): Float32Array {
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: (t: tf.Tensor) => Float32Array };
  return backend.typedArrayFromHeap?.(tensor) ?? (tensor.dataSync() as Float32Array);
}

/** A model factory of `GradientHelperSetup.replicaModule`. */
type CreateReplica = (config: GradientWorkerData['setup']['config'], seed: number) => tf.LayersModel;

async function replica(): Promise<{ model: tf.LayersModel; variables: tf.Variable[] }> {
  registerAstLayers();
  const seed = setup.seed + 7919 * data.helper;
  const model =
    setup.replicaModule === undefined
      ? createAstModel(setup.config, { seed })
      : ((await import(setup.replicaModule)) as { createReplica: CreateReplica }).createReplica(setup.config, seed);
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const shapes = JSON.stringify(variables.map((variable) => variable.shape));
  if (shapes !== JSON.stringify(setup.variableShapes)) {
    throw new Error(`the replica's variable shapes ${shapes} differ from the model's`);
  }
  return { model, variables };
}

function step(
  model: tf.LayersModel,
  variables: tf.Variable[],
  { windows, normalizer }: { windows: number; normalizer: number },
): number {
  const weights = tf.tensor1d(data.weights);
  const pieces = splitToShapes(
    weights,
    variables.map((variable) => variable.shape),
  );
  variables.forEach((variable, i) => {
    variable.assign(pieces[i]!);
  });
  tf.dispose([weights, ...pieces]);
  const shape = { frames: setup.config.maxLength, bins: setup.config.numMelBins, classes: setup.config.numLabels };
  const part = { features: data.features, targets: data.targets, sampleWeights: data.sampleWeights, windows };
  const { loss, gradient } = flatBatchGradients(model, variables, part, shape, normalizer);
  data.gradients.set(readGradient(gradient));
  gradient.dispose();
  return loss;
}

try {
  await initializeBackend({ backend: setup.backend });
  const { model, variables } = await replica();
  port.on('message', (message: { windows: number; normalizer: number }) => {
    try {
      reply({ type: 'done', loss: step(model, variables, message) });
    } catch (error) {
      reply({ type: 'error', message: (error as Error).message });
    }
  });
  reply({ type: 'ready' });
} catch (error) {
  reply({ type: 'error', message: (error as Error).message });
}
