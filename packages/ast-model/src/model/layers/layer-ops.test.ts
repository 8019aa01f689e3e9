import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../../backend/test-backends.test-helper.js';
import { activation, layerNorm } from './layer-ops.js';

/** Largest difference tolerated between the hand-written and the tape's gradients (float32 rounding). */
const GRADIENT_TOLERANCE = 1e-5;

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** An input, LayerNorm parameters and loss weights, made on the backend under test. */
function inputs() {
  return {
    x: tf.tidy(() => tf.sin(tf.range(0, 24).reshape([2, 3, 4]).mul(0.7)).mul(2)),
    gamma: tf.tensor1d([1, -0.5, 2, 0.3]),
    beta: tf.tensor1d([0.1, 0, -0.2, 0.4]),
    weights: tf.tidy(() => tf.cos(tf.range(0, 24).reshape([2, 3, 4]))),
  };
}

describeOnEachBackend('layer ops', () => {
  it('layerNorm normalises the last axis and its gradients equal the tape of the plain formula', () => {
    const { x, gamma, beta, weights } = inputs();
    const plain = (input: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(input, -1, true);
      return tf.add(tf.mul(tf.mul(tf.sub(input, mean), tf.rsqrt(tf.add(variance, 1e-6))), g), b);
    };
    const loss = (f: typeof plain) => (input: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(f(input, g, b), weights));
    const ours = tf.grads(loss((input, g, b) => layerNorm(input, g, b, 1e-6)))([x, gamma, beta]);
    const reference = tf.grads(loss(plain))([x, gamma, beta]);
    for (const [i, gradient] of ours.entries()) {
      expect(gradient.shape).toEqual(reference[i]!.shape);
      expect(maxDifference(gradient, reference[i]!)).toBeLessThan(GRADIENT_TOLERANCE);
    }
    const y = layerNorm(x, tf.onesLike(gamma), tf.zerosLike(beta), 1e-6);
    expect(maxDifference(y, plain(x, tf.onesLike(gamma), tf.zerosLike(beta)))).toBeLessThan(1e-6);
    tf.dispose([...ours, ...reference, y, x, gamma, beta, weights]);
  });

  it('gelu is x·Φ(x) and its gradient equals the tape of the plain formula', () => {
    const { x, gamma, beta, weights } = inputs();
    const plain = (input: tf.Tensor) => tf.mul(tf.mul(input, 0.5), tf.add(tf.erf(tf.mul(input, Math.SQRT1_2)), 1));
    const ours = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(activation(input, 'gelu'), weights)))(x);
    const reference = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(plain(input), weights)))(x);
    expect(maxDifference(ours, reference)).toBeLessThan(GRADIENT_TOLERANCE);
    const y = activation(tf.tensor1d([-1, 0, 1]), 'gelu');
    expect([...y.dataSync()].map((value) => Number(value.toFixed(5)))).toEqual([-0.15866, 0, 0.84134]);
    tf.dispose([ours, reference, y, x, gamma, beta, weights]);
  });
});
