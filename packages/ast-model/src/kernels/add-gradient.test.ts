import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEachBackend } from '../backend/test-backends.test-helper.js';
import { registerAddGradient } from './add-gradient.js';

beforeAll(() => {
  registerAddGradient();
});

describeOnEachBackend('the Add gradient', () => {
  it('sums over broadcast axes, keeps each input shape and leaves same-shape gradients as they are', () => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
    const bias = tf.tensor1d([0.5, -0.5]);
    const column = tf.tensor3d([1, 2, 3], [1, 3, 1]);
    const weights = tf.tidy(() => tf.range(0, 12).reshape([2, 3, 2]));
    const [dx, dBias, dColumn] = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(tf.add(tf.add(a, b), c), weights)),
    )([x, bias, column]);
    expect(dx!.shape).toEqual([2, 3, 2]);
    expect([...dx!.dataSync()]).toEqual([...weights.dataSync()]);
    expect(dBias!.shape).toEqual([2]);
    expect([...dBias!.dataSync()]).toEqual([0 + 2 + 4 + 6 + 8 + 10, 1 + 3 + 5 + 7 + 9 + 11]);
    expect(dColumn!.shape).toEqual([1, 3, 1]);
    expect([...dColumn!.dataSync()]).toEqual([0 + 1 + 6 + 7, 2 + 3 + 8 + 9, 4 + 5 + 10 + 11]);
    tf.dispose([x, bias, column, weights, dx!, dBias!, dColumn!]);
  });
});
