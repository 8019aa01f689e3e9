import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEachBackend } from '../../backend/test-backends.test-helper.js';
import { registerAstLayers } from '../create-ast-model.js';
import { AstEncoderBlock } from './encoder-block.js';
import { checkLayerContract } from './layer-contract.test-helper.js';

beforeAll(() => {
  registerAstLayers();
});

describeOnEachBackend('AstEncoderBlock', () => {
  it('meets the layer contract', () => {
    const make = () =>
      new AstEncoderBlock({
        numAttentionHeads: 2,
        intermediateSize: 16,
        hiddenDropoutProb: 0.1,
        attentionProbsDropoutProb: 0.1,
        seed: 4,
      });
    checkLayerContract(make, AstEncoderBlock, [2, 6, 8], [2, 6, 8]);
  });

  it('works without query/key/value biases and with every activation', () => {
    for (const hiddenAct of ['gelu', 'gelu_new', 'relu'] as const) {
      const block = new AstEncoderBlock({
        numAttentionHeads: 1,
        intermediateSize: 4,
        qkvBias: false,
        hiddenAct,
        seed: 1,
      });
      const y = block.apply(tf.ones([1, 3, 4])) as tf.Tensor;
      expect(y.shape).toEqual([1, 3, 4]);
      expect(block.weights.map((w) => w.originalName).filter((n) => n.includes('query'))).toEqual([
        `${block.name}/query_kernel`,
      ]);
      y.dispose();
    }
  });

  it('rejects a head count that does not divide the width', () => {
    const block = new AstEncoderBlock({ numAttentionHeads: 3, intermediateSize: 4 });
    expect(() => block.apply(tf.input({ shape: [3, 8] }))).toThrow(/3 heads do not divide width 8/);
  });
});
