import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initializeBackend } from '../backend/backend.js';
import { AdamW, globalNormScale } from './adamw.js';
import { learningRateAt } from './learning-rate-schedule.js';

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
});

describe('AdamW', () => {
  it('matches the PyTorch AdamW update and leaves rank-1 parameters undecayed', () => {
    const w = tf.variable(tf.tensor2d([[1, -2]]), true, 'w');
    const b = tf.variable(tf.tensor1d([0.5]), true, 'b');
    const optimizer = new AdamW({ weightDecay: 0.1 });
    for (let i = 0; i < 2; i++) {
      optimizer.applyGradients([w, b], { w: tf.tensor2d([[0.5, -1]]), b: tf.tensor1d([2]) }, 0.01);
    }
    // Constant gradients: every Adam step moves by lr · sign(g); decay multiplies by (1 − lr · wd) first.
    let w0 = 1;
    let w1 = -2;
    for (let i = 0; i < 2; i++) {
      w0 = w0 * (1 - 0.001) - 0.01 * (1 / (1 + 1e-8 / 0.5));
      w1 = w1 * (1 - 0.001) + 0.01 * (1 / (1 + 1e-8));
    }
    const [a0, a1] = w.dataSync();
    expect(a0).toBeCloseTo(w0, 6);
    expect(a1).toBeCloseTo(w1, 6);
    expect(b.dataSync()[0]).toBeCloseTo(0.5 - 0.02, 6);
    expect(optimizer.iterations).toBe(2);
    optimizer.dispose();
    tf.dispose([w, b]);
  });

  it('leaves a variable without gradient and its moments unchanged, and continues from them later', () => {
    const a = tf.variable(tf.tensor2d([[1, 2]]), true, 'a');
    const b = tf.variable(tf.tensor1d([3]), true, 'b');
    const optimizer = new AdamW({ weightDecay: 0 });
    const steps: Record<string, tf.Tensor>[] = [
      { a: tf.tensor2d([[0.5, -1]]), b: tf.tensor1d([2]) },
      { a: tf.tensor2d([[1, -1]]) },
      { a: tf.tensor2d([[1.5, -1]]), b: tf.tensor1d([-4]) },
    ];
    for (const gradients of steps) optimizer.applyGradients([a, b], gradients, 0.01);
    // Scalar Adam in double precision: `undefined` skips a step (moments kept, the step count still advances).
    const adam = (start: number, gradients: (number | undefined)[]) => {
      let [value, m, v] = [start, 0, 0];
      gradients.forEach((g, i) => {
        if (g === undefined) return;
        m = 0.9 * m + 0.1 * g;
        v = 0.999 * v + 0.001 * g * g;
        value -= (0.01 * (m / (1 - 0.9 ** (i + 1)))) / (Math.sqrt(v / (1 - 0.999 ** (i + 1))) + 1e-8);
      });
      return value;
    };
    expect(b.dataSync()[0]).toBeCloseTo(adam(3, [2, undefined, -4]), 5);
    const [a0, a1] = a.dataSync();
    expect(a0).toBeCloseTo(adam(1, [0.5, 1, 1.5]), 5);
    expect(a1).toBeCloseTo(adam(2, [-1, -1, -1]), 5);
    optimizer.dispose();
    tf.dispose([a, b, ...steps.flatMap((gradients) => Object.values(gradients))]);
  });

  it('uses values written to the variables between updates (e.g. setWeights)', () => {
    const w = tf.variable(tf.tensor1d([1, 1]), true, 'w');
    const optimizer = new AdamW({ weightDecay: 0 });
    optimizer.applyGradients([w], { w: tf.tensor1d([1, -1]) }, 0.1);
    w.assign(tf.tensor1d([5, 5]));
    optimizer.applyGradients([w], { w: tf.tensor1d([1, -1]) }, 0.1);
    const [first, second] = w.dataSync();
    expect(first).toBeCloseTo(4.9, 5);
    expect(second).toBeCloseTo(5.1, 5);
    optimizer.dispose();
    w.dispose();
  });

  it('clips by global norm', () => {
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([4]) };
    expect(globalNormScale(grads, 1)).toEqual({ norm: 5, scale: 1 / (5 + 1e-6) });
    expect(globalNormScale(grads, 10).scale).toBe(1);
    tf.dispose(Object.values(grads));
  });
});

describe('learningRateAt', () => {
  it('warms up linearly, then decays linearly or by a cosine to zero', () => {
    const options = { peak: 1, totalSteps: 110, warmupSteps: 10 };
    expect(learningRateAt(0, options)).toBeCloseTo(0.1);
    expect(learningRateAt(9, options)).toBeCloseTo(1);
    expect(learningRateAt(60, options)).toBeCloseTo(0.5);
    expect(learningRateAt(60, { ...options, schedule: 'cosine' })).toBeCloseTo(0.5);
    expect(learningRateAt(35, { ...options, schedule: 'cosine' })).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)));
    expect(learningRateAt(110, options)).toBe(0);
    expect(learningRateAt(80, { ...options, schedule: 'constant' })).toBe(1);
  });
});
