import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../backend/test-backends.test-helper.js';
import { transposeLastTwo } from './batch-mat-mul-gradient.js';

// initializeBackend (in describeOnEachBackend) registers the package's BatchMatMul gradient.
describeOnEachBackend('the BatchMatMul gradient', () => {
  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('equals the gradient through explicit transposes (transposeA %s, transposeB %s)', (transposeA, transposeB) => {
    const a = tf.randomNormal(transposeA ? [2, 5, 3] : [2, 3, 5], 0, 1, 'float32', 1);
    const b = tf.randomNormal(transposeB ? [2, 4, 5] : [2, 5, 4], 0, 1, 'float32', 2);
    const weights = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 3);
    const flagged = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(tf.matMul(x, y, transposeA, transposeB), weights)),
    );
    const explicit = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(tf.matMul(transposeA ? transposeLastTwo(x) : x, transposeB ? transposeLastTwo(y) : y), weights)),
    );
    const [da, db] = flagged([a, b]);
    const [ea, eb] = explicit([a, b]);
    expect(tf.max(tf.abs(tf.sub(da!, ea!))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(tf.sub(db!, eb!))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([a, b, weights, da!, db!, ea!, eb!]);
  });
});
