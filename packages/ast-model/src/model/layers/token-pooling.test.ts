import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEachBackend } from '../../backend/test-backends.test-helper.js';
import { registerAstLayers } from '../create-ast-model.js';
import { checkLayerContract } from './layer-contract.test-helper.js';
import { AstTokenPooling } from './token-pooling.js';

beforeAll(() => {
  registerAstLayers();
});

describeOnEachBackend('AstTokenPooling', () => {
  it('meets the layer contract', () => {
    checkLayerContract(() => new AstTokenPooling({ layerNormEps: 1e-6 }), AstTokenPooling, [2, 5, 8], [2, 8]);
  });

  it('averages the normalised CLS and DIST outputs and ignores the patches', () => {
    const layer = new AstTokenPooling({ layerNormEps: 1e-6 });
    const a = tf.tensor3d([
      [
        [1, 2, 3, 4],
        [4, 3, 2, 1],
        [100, -5, 7, 0],
      ],
    ]);
    const b = tf.tensor3d([
      [
        [1, 2, 3, 4],
        [4, 3, 2, 1],
        [0, 0, 0, 9],
      ],
    ]);
    const ya = layer.apply(a) as tf.Tensor;
    const yb = layer.apply(b) as tf.Tensor;
    expect(Array.from(ya.dataSync())).toEqual(Array.from(yb.dataSync()));
    // Normalised [1,2,3,4] and [4,3,2,1] are mirror images: their mean is 0.
    for (const v of ya.dataSync()) expect(Math.abs(v)).toBeLessThan(1e-5);
    tf.dispose([a, b, ya, yb]);
  });
});
