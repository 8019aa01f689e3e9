import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../backend/test-backends.test-helper.js';
import { flattenTensors } from '../kernels/flat-tensors.js';
import { WeightAverage } from './weight-average.js';

/** Folds the variables' current values in, as the trainer does with the optimizer's flat values. */
function update(average: WeightAverage, variables: tf.Variable[]): void {
  const flat = flattenTensors(variables);
  average.update(flat);
  flat.dispose();
}

describeOnEachBackend('WeightAverage', () => {
  it('averages with d = min(decay, (1 + n)/(10 + n)), runs work on the average and puts the weights back', () => {
    const a = tf.variable(tf.tensor1d([0, 0]));
    const b = tf.variable(tf.tensor2d([[0]]));
    const average = new WeightAverage(0.5);
    update(average, [a, b]); // first update: the average is the weights, 0
    a.assign(tf.tensor1d([10, 20]));
    b.assign(tf.tensor2d([[30]]));
    update(average, [a, b]); // n = 1: d = min(0.5, 2/11) = 2/11
    const d = 2 / 11;
    const seen = average.withAverage([a, b], () => [...a.dataSync(), ...b.dataSync()]);
    expect(seen[0]).toBeCloseTo(10 * (1 - d), 5);
    expect(seen[1]).toBeCloseTo(20 * (1 - d), 5);
    expect(seen[2]).toBeCloseTo(30 * (1 - d), 5);
    expect([...a.dataSync(), ...b.dataSync()]).toEqual([10, 20, 30]);
    average.applyTo([a, b]);
    expect(b.dataSync()[0]).toBeCloseTo(30 * (1 - d), 5);
    const before = tf.memory().numTensors;
    update(average, [a, b]);
    expect(tf.memory().numTensors).toBe(before);
    average.dispose();
    tf.dispose([a, b]);
  });

  it('runs work on the training weights before the first update', () => {
    const a = tf.variable(tf.tensor1d([1, 2]));
    const average = new WeightAverage(0.9);
    expect(average.withAverage([a], () => [...a.dataSync()])).toEqual([1, 2]);
    average.applyTo([a]);
    expect([...a.dataSync()]).toEqual([1, 2]);
    average.dispose();
    a.dispose();
  });
});
