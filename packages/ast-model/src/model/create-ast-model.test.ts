import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../backend/test-backends.test-helper.js';
import { AstConfigError } from '../errors.js';
import { AST_PRESETS, astConfig, astPatchGrid } from './ast-config.js';
import { AST_LAYER_NAMES, createAstModel, pooledOutputModel } from './create-ast-model.js';

const small = astConfig({ preset: 'sensor', hiddenSize: 16, intermediateSize: 32, maxLength: 32, numMelBins: 32 });

describeOnEachBackend('createAstModel', () => {
  it('maps [batch, maxLength, numMelBins] features to [batch, numLabels] logits', () => {
    const model = createAstModel(small, { seed: 1 });
    expect(model.inputs[0]!.shape).toEqual([null, 32, 32]);
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    const y = model.predict(tf.zeros([2, 32, 32])) as tf.Tensor;
    expect(y.shape).toEqual([2, 3]);
    const pooled = pooledOutputModel(model).predict(tf.zeros([2, 32, 32])) as tf.Tensor;
    expect(pooled.shape).toEqual([2, 16]);
    expect(model.getLayer(AST_LAYER_NAMES.tokenEmbedding).getWeights()[2]!.shape).toEqual([1, 2 + 1 * 3, 16]);
    expect(model.getLayer(AST_LAYER_NAMES.encoderLayer(1)).name).toBe('encoder_layer_1');
    tf.dispose([y, pooled]);
    model.dispose();
  });

  it('is deterministic for a seed', () => {
    const a = createAstModel(small, { seed: 7 });
    const b = createAstModel(small, { seed: 7 });
    const c = createAstModel(small, { seed: 8 });
    const flat = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
    expect(flat(a)).toEqual(flat(b));
    expect(flat(a)).not.toEqual(flat(c));
    for (const m of [a, b, c]) m.dispose();
  });

  it('saves and reloads through the TensorFlow.js serialisation with identical outputs', async () => {
    const model = createAstModel(small, { seed: 2 });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([2, 32, 32], 0, 1, 'float32', 3);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, reloaded.predict(x) as tf.Tensor))));
    expect(diff.dataSync()[0]).toBe(0);
    tf.dispose([x, diff]);
    model.dispose();
    reloaded.dispose();
  });

  it('has the presets of the task and validates configs', () => {
    expect([AST_PRESETS.tiny.hiddenSize, AST_PRESETS.tiny.numAttentionHeads]).toEqual([192, 3]);
    expect([AST_PRESETS.small.hiddenSize, AST_PRESETS.small.numAttentionHeads]).toEqual([384, 6]);
    expect([AST_PRESETS.base.hiddenSize, AST_PRESETS.base.numAttentionHeads]).toEqual([768, 12]);
    expect(astPatchGrid(AST_PRESETS.base)).toEqual([12, 101]);
    expect(() => astConfig({ hiddenSize: 30, numAttentionHeads: 4 })).toThrow(AstConfigError);
    expect(() => astConfig({ numMelBins: 8 })).toThrow(/numMelBins: expected at least patchSize 32, found 8/);
    expect(() => astConfig({ maxLength: 4 })).toThrow(/maxLength: expected at least the time patch size 10, found 4/);
  });
});
