import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Checks the four things every AST layer test covers: shape, one training step, config round trip, no leaks. */
export function checkLayerContract(
  makeLayer: () => tf.layers.Layer,
  layerClass: tf.serialization.SerializableConstructor<tf.layers.Layer>,
  inputShape: number[],
  expectedShape: number[],
): void {
  const layer = makeLayer();
  const x = tf.randomNormal(inputShape, 0, 1, 'float32', 7);
  // Shape, symbolic and eager.
  const symbolic = layer.apply(tf.input({ shape: inputShape.slice(1) })) as tf.SymbolicTensor;
  expect(symbolic.shape).toEqual([null, ...expectedShape.slice(1)]);
  const y = layer.apply(x) as tf.Tensor;
  expect(y.shape).toEqual(expectedShape);
  expect(y.dtype).toBe('float32');
  y.dispose();

  // One training step moves the loss down.
  const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  expect(variables.length).toBeGreaterThan(0);
  const target = tf.tidy(() => tf.randomNormal(expectedShape, 0, 1, 'float32', 3));
  const lossOf = () => tf.tidy(() => tf.losses.meanSquaredError(target, layer.apply(x) as tf.Tensor) as tf.Scalar);
  const before = lossOf();
  const optimizer = tf.train.sgd(0.05);
  const cost = optimizer.minimize(lossOf, true, variables);
  cost?.dispose();
  const after = lossOf();
  expect(after.dataSync()[0]!).toBeLessThan(before.dataSync()[0]!);
  before.dispose();
  after.dispose();
  optimizer.dispose();

  // Config round trip.
  const config = layer.getConfig();
  const registered = tf.serialization.SerializationMap.getMap().classNameMap[layerClass.className];
  expect(registered).toBeDefined();
  const [cls, fromConfig] = registered!;
  const copy = fromConfig(cls, config) as tf.layers.Layer;
  expect(copy.getConfig()).toEqual(config);
  expect(JSON.parse(JSON.stringify(config))).toEqual(config);

  // No leaked tensors: a forward pass and a gradient step leave the count flat.
  const count = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    tf.tidy(() => {
      layer.apply(x, { training: true });
    });
    tf.tidy(() => {
      const { grads, value } = tf.variableGrads(lossOf, variables);
      value.dispose();
      tf.dispose(Object.values(grads));
    });
  }
  expect(tf.memory().numTensors).toBe(count);
  tf.dispose([x, target]);
}
