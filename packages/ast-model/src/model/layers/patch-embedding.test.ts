import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEachBackend } from '../../backend/test-backends.test-helper.js';
import { registerAstLayers } from '../create-ast-model.js';
import { checkLayerContract } from './layer-contract.test-helper.js';
import { AstPatchEmbedding } from './patch-embedding.js';

beforeAll(() => {
  registerAstLayers();
});

describeOnEachBackend('AstPatchEmbedding', () => {
  it('meets the layer contract with overlapping patches (convolution path)', () => {
    const make = () =>
      new AstPatchEmbedding({ hiddenSize: 8, patchSize: 4, frequencyStride: 2, timeStride: 3, seed: 1 });
    // frequency (10 − 4)/2 + 1 = 4, time (12 − 4)/3 + 1 = 3 → 12 patches
    checkLayerContract(make, AstPatchEmbedding, [2, 12, 10], [2, 12, 8]);
  });

  it('meets the layer contract with non-overlapping patches (matMul path)', () => {
    const make = () =>
      new AstPatchEmbedding({ hiddenSize: 8, patchSize: 4, frequencyStride: 4, timeStride: 4, seed: 1 });
    checkLayerContract(make, AstPatchEmbedding, [2, 13, 8], [2, 6, 8]);
  });

  it('meets the layer contract with rectangular patches', () => {
    const make = () =>
      new AstPatchEmbedding({
        hiddenSize: 8,
        patchSize: 4,
        timePatchSize: 3,
        frequencyStride: 4,
        timeStride: 3,
        seed: 1,
      });
    checkLayerContract(make, AstPatchEmbedding, [2, 12, 8], [2, 8, 8]);
  });

  it('equals a strided convolution, frequency-major, on both paths', () => {
    for (const [stride, expectedPatches] of [
      [4, 6],
      [3, 6],
    ] as const) {
      // bins 12 → (12 − 4)/stride + 1 = 3; frames 9 → 2 for both strides
      const layer = new AstPatchEmbedding({
        hiddenSize: 5,
        patchSize: 4,
        frequencyStride: stride,
        timeStride: stride + 1,
        seed: 3,
      });
      const x = tf.randomNormal([2, 9, 12], 0, 1, 'float32', 5);
      const y = layer.apply(x) as tf.Tensor;
      const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor];
      const reference = tf.tidy(() => {
        const plane = tf.expandDims(tf.transpose(x, [0, 2, 1]), 3) as tf.Tensor4D;
        const conv = tf.conv2d(plane, kernel, [stride, stride + 1], 'valid');
        return tf.add(tf.reshape(conv, [2, conv.shape[1] * conv.shape[2], 5]), bias);
      });
      expect(y.shape).toEqual([2, expectedPatches, 5]);
      expect(tf.max(tf.abs(tf.sub(y, reference))).dataSync()[0]).toBeLessThan(1e-5);
      tf.dispose([x, y, reference]);
    }
  });
});
