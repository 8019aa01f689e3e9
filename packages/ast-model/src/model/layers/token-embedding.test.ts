import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEachBackend } from '../../backend/test-backends.test-helper.js';
import { registerAstLayers } from '../create-ast-model.js';
import { checkLayerContract } from './layer-contract.test-helper.js';
import { AstTokenEmbedding } from './token-embedding.js';

beforeAll(() => {
  registerAstLayers();
});

describeOnEachBackend('AstTokenEmbedding', () => {
  it('meets the layer contract', () => {
    checkLayerContract(
      () => new AstTokenEmbedding({ hiddenDropoutProb: 0.1, seed: 2 }),
      AstTokenEmbedding,
      [3, 5, 8],
      [3, 7, 8],
    );
  });

  it('puts CLS then DIST first and adds the position embeddings', () => {
    const layer = new AstTokenEmbedding({ seed: 1 });
    const x = tf.ones([2, 3, 4]);
    const y = (layer.apply(x) as tf.Tensor).arraySync() as number[][][];
    const [cls, dist, positions] = layer.getWeights().map((w) => w.arraySync()) as [
      number[][][],
      number[][][],
      number[][][],
    ];
    for (let b = 0; b < 2; b++) {
      expect(y[b]![0]![1]).toBeCloseTo(cls[0]![0]![1]! + positions[0]![0]![1]!, 6);
      expect(y[b]![1]![2]).toBeCloseTo(dist[0]![0]![2]! + positions[0]![1]![2]!, 6);
      expect(y[b]![4]![3]).toBeCloseTo(1 + positions[0]![4]![3]!, 6);
    }
    x.dispose();
  });
});
