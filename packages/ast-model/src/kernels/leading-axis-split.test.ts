import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBackend } from '../backend/backend.js';
import { TEST_BACKENDS } from '../backend/test-backends.test-helper.js';
import { batchedMatMul } from './batch-mat-mul-gradient.js';
import { concatLeadingAxis, splitLeadingAxis } from './leading-axis-split.js';

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
});

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe.each([...TEST_BACKENDS, 'cpu'])('splitLeadingAxis and concatLeadingAxis on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it('split like tf.split, concatenate back, and leak nothing', () => {
    const x = tf.randomNormal([5, 3, 4], 0, 1, 'float32', 7);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const ours = splitLeadingAxis(x);
      const theirs = tf.split(x, 5, 0);
      expect(ours.map((piece) => piece.shape)).toEqual(theirs.map((piece) => piece.shape));
      for (const [i, piece] of ours.entries()) expect(piece.arraySync()).toEqual(theirs[i]!.arraySync());
      expect(concatLeadingAxis(ours).arraySync()).toEqual(x.arraySync());
    });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('give the gradients of tf.split and tf.concat', () => {
    const x = tf.randomNormal([4, 2, 3], 0, 1, 'float32', 8);
    const weights = tf.randomNormal([4, 2, 3], 0, 1, 'float32', 9);
    // A loss that weights each piece differently, so a misplaced gradient changes the result.
    const loss = (split: (t: tf.Tensor) => tf.Tensor[], concat: (ts: tf.Tensor[]) => tf.Tensor) => (t: tf.Tensor) =>
      tf.sum(tf.mul(concat(split(tf.mul(t, t)).map((piece, i) => tf.mul(piece, i + 1))), weights));
    const ours = tf.grad(loss(splitLeadingAxis, concatLeadingAxis))(x);
    const theirs = tf.grad(
      loss(
        (t) => tf.split(t, t.shape[0]!, 0),
        (ts) => tf.concat(ts, 0),
      ),
    )(x);
    const a = ours.dataSync();
    const b = theirs.dataSync();
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
    tf.dispose([x, weights, ours, theirs]);
  });

  it('make batchedMatMul and its gradients equal tf.matMul', () => {
    const a = tf.randomNormal([3, 40, 32], 0, 1, 'float32', 10);
    const b = tf.randomNormal([3, 32, 60], 0, 1, 'float32', 11);
    const f = (matMul: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.square(matMul(x, y)));
    expect(tf.max(tf.abs(tf.sub(batchedMatMul(a, b), tf.matMul(a, b)))).dataSync()[0]).toBeLessThan(1e-4);
    const [da, db] = tf.grads(f(batchedMatMul))([a, b]);
    const [ea, eb] = tf.grads(f((x, y) => tf.matMul(x, y)))([a, b]);
    const relative = (x: tf.Tensor, y: tf.Tensor) =>
      tf.div(tf.max(tf.abs(tf.sub(x, y))), tf.max(tf.abs(y))).dataSync()[0]!;
    expect(relative(da!, ea!)).toBeLessThan(1e-5);
    expect(relative(db!, eb!)).toBeLessThan(1e-5);
    tf.dispose([a, b, da!, db!, ea!, eb!]);
  });
});
