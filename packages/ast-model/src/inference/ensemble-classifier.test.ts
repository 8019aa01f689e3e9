import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachBackend } from '../backend/test-backends.test-helper.js';
import { AstConfigError, AstInputError } from '../errors.js';
import { astConfig } from '../model/ast-config.js';
import { createAstModel, memberLayerName, pooledOutputModel } from '../model/create-ast-model.js';
import { loadModelDirectory, saveModelDirectory } from '../node/model-directory.js';
import { trainAst } from '../training/train-ast.js';
import { astStepFlops } from '../training/training-flops.js';
import { AstClassifier } from './ast-classifier.js';
import { ensembleClassifier } from './ensemble-classifier.js';

const config = astConfig({ hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 8 });
const [frames, bins] = [config.maxLength, config.numMelBins];
const features = {
  data: new Float32Array(3 * frames * bins).map((_, i) => Math.sin(i / 5) + (i % 7) / 7),
  shape: [3, frames, bins] as const,
};
const shared = {
  config,
  labelNames: ['none', 'low', 'high'],
  normalization: { mean: [0.1], std: [1.5] },
  classWeights: [0.5, 2, 1.5],
};
const member = (seed: number) => new AstClassifier({ model: createAstModel(config, { seed }), ...shared });

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ast-ensemble-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describeOnEachBackend('ensembleClassifier', () => {
  it("gives the mean of the members' probabilities, before the class weights are undone", () => {
    const members = [member(1), member(2), member(3)];
    const ensemble = ensembleClassifier(members);
    expect(ensemble.config.ensembleSize).toBe(3);
    expect(ensemble.model.getLayer(memberLayerName('encoder_layer_0', 2)).getWeights().length).toBeGreaterThan(0);
    // The mean of the members' softmax, weighted back as AstClassifier does for one model.
    const input = tf.tensor3d(features.data, [...features.shape]);
    const softmaxes = members.map((m) => tf.softmax(m.model.predict(tf.div(tf.sub(input, 0.1), 1.5)) as tf.Tensor));
    const mean = tf.div(tf.addN(softmaxes), 3);
    const unweighted = tf.div(mean, tf.tensor1d(shared.classWeights));
    const expected = tf.div(unweighted, tf.sum(unweighted, 1, true)).dataSync();
    const found = ensemble.predictProbabilities(features);
    expect(found.length).toBe(9);
    for (let i = 0; i < found.length; i++) expect(found[i]).toBeCloseTo(expected[i]!, 5);
    // It is not any one member's answer.
    expect(Array.from(found)).not.toEqual(Array.from(members[0]!.predictProbabilities(features)));
    tf.dispose([input, ...softmaxes, mean, unweighted]);
    for (const m of [...members, ensemble]) m.dispose();
  });

  it('saves and loads as one model directory with the same probabilities', async () => {
    const members = [member(4), member(5)];
    const ensemble = ensembleClassifier(members);
    for (const m of members) m.dispose(); // the ensemble holds copies of their weights
    const dir = join(root, 'ensemble');
    await saveModelDirectory(dir, ensemble);
    const loaded = await loadModelDirectory(dir);
    expect(loaded.config).toEqual({ ...config, ensembleSize: 2 });
    expect(Array.from(loaded.predictProbabilities(features))).toEqual(
      Array.from(ensemble.predictProbabilities(features)),
    );
    loaded.dispose();
    ensemble.dispose();
  });

  it('fine-tunes as one model: every member learns, and the result is still an ensemble', async () => {
    const members = [member(9), member(10)];
    const ensemble = ensembleClassifier(members);
    for (const m of members) m.dispose();
    const before = ensemble.model.getWeights().map((weight) => Array.from(weight.dataSync()));
    const train = {
      features: features.data,
      shape: features.shape,
      labels: Int32Array.from([0, 1, 2]),
      labelNames: shared.labelNames,
    };
    const { classifier, history } = await trainAst({
      initial: ensemble,
      train,
      options: { maxSteps: 2, batchSize: 3, seed: 1 },
    });
    expect(classifier.config.ensembleSize).toBe(2);
    expect(history.steps.every((step) => Number.isFinite(step.loss))).toBe(true);
    // each member's encoder moved
    for (const index of [0, 1]) {
      const layer = ensemble.model.getLayer(memberLayerName('encoder_layer_0', index));
      const position = ensemble.model.weights.indexOf(layer.weights[0]!);
      expect(Array.from(layer.getWeights()[0]!.dataSync())).not.toEqual(before[position]);
    }
    classifier.dispose();
  });

  it('refuses members that do not match, and an ensemble where one AST is needed', () => {
    const a = member(6);
    const wider = astConfig({ hiddenSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 8 });
    const b = new AstClassifier({ model: createAstModel(wider, { seed: 7 }), ...shared, config: wider });
    const c = new AstClassifier({ model: createAstModel(config, { seed: 8 }), ...shared, classWeights: [1, 1, 2] });
    expect(() => ensembleClassifier([])).toThrow(AstInputError);
    expect(() => ensembleClassifier([a, b])).toThrow(/members\[1\]\.config: expected members\[0\]'s/);
    expect(() => ensembleClassifier([a, c])).toThrow(/members\[1\]\.classWeights/);
    const ensemble = ensembleClassifier([a, a]);
    expect(() => ensembleClassifier([ensemble])).toThrow(/members\[0\]\.config\.ensembleSize: expected 1/);
    expect(() => pooledOutputModel(ensemble.model)).toThrow(AstConfigError);
    expect(() => astConfig({ ensembleSize: 0 })).toThrow(/ensembleSize: expected a positive integer, found 0/);
    expect(astStepFlops(ensemble.config, 4).training).toBe(2 * astStepFlops(config, 4).training);
    for (const m of [a, b, c, ensemble]) m.dispose();
  });
});
