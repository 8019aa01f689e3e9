import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../backend/test-backends.test-helper.js';
import { flattenTensors, splitToShapes } from './flat-tensors.js';

describeOnEachBackend('flattenTensors and splitToShapes', () => {
  const shapes = [[2, 3], [4], [1, 1, 2], [1]];
  const make = () =>
    shapes.map((shape, i) =>
      tf
        .range(
          0,
          shape.reduce((a, b) => a * b, 1),
        )
        .add(10 * i)
        .reshape(shape),
    );

  it('flatten tensors in order into one vector, and split it back into the same tensors', () => {
    const tensors = make();
    const flat = flattenTensors(tensors);
    expect(flat.shape).toEqual([13]);
    expect([...flat.dataSync()]).toEqual([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 20, 21, 30]);
    const pieces = splitToShapes(flat, shapes);
    expect(pieces.map((piece) => piece.shape)).toEqual(shapes);
    for (const [i, piece] of pieces.entries()) expect([...piece.dataSync()]).toEqual([...tensors[i]!.dataSync()]);
    tf.dispose([...tensors, flat, ...pieces]);
  });

  it('leave no tensor behind but their results', () => {
    const tensors = make();
    // The first call on tensorflow caches its shape and size constants: measure from the second.
    const warm = flattenTensors(tensors);
    tf.dispose([warm, ...splitToShapes(warm, shapes)]);
    const before = tf.memory().numTensors;
    const flat = flattenTensors(tensors);
    const pieces = splitToShapes(flat, shapes);
    expect(tf.memory().numTensors).toBe(before + 1 + shapes.length);
    tf.dispose([...tensors, flat, ...pieces]);
  });
});
