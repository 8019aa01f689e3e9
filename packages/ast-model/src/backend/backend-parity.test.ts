import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { astConfig } from '../model/ast-config.js';
import { createAstModel } from '../model/create-ast-model.js';
import { trainAst } from '../training/train-ast.js';
import { bandDataset, tinyConfig } from '../training/train-ast.test-helper.js';
import { initializeBackend } from './backend.js';
import { TEST_BACKENDS } from './test-backends.test-helper.js';

/** Largest |logit difference| tolerated between backends for the same weights and input (float32 kernels). */
const LOGIT_TOLERANCE = 1e-4;
/** Largest relative loss difference tolerated between backends over the first training steps. */
const LOSS_TOLERANCE = 1e-3;

describe.runIf(TEST_BACKENDS.includes('tensorflow'))('the tensorflow and wasm backends', () => {
  it('compute the same logits for the same weights', async () => {
    const config = astConfig({ preset: 'sensor', hiddenSize: 32, intermediateSize: 64, maxLength: 32, numMelBins: 32 });
    const input = new Float32Array(2 * 32 * 32).map((_, i) => Math.sin(i / 5));
    const logits: Float32Array[] = [];
    for (const backend of ['wasm', 'tensorflow'] as const) {
      await initializeBackend({ backend });
      const model = createAstModel(config, { seed: 4 });
      const y = model.predict(tf.tensor3d(input, [2, 32, 32])) as tf.Tensor;
      logits.push(y.dataSync() as Float32Array);
      y.dispose();
      model.dispose();
    }
    const [wasm, native] = logits as [Float32Array, Float32Array];
    const difference = Math.max(...wasm.map((value, i) => Math.abs(value - native[i]!)));
    expect(difference).toBeLessThan(LOGIT_TOLERANCE);
  });

  it('train to the same losses for a seed', async () => {
    const train = bandDataset(32, 6);
    const losses: number[][] = [];
    for (const backend of ['wasm', 'tensorflow'] as const) {
      await initializeBackend({ backend });
      const result = await trainAst({ config: tinyConfig, train, options: { seed: 2, batchSize: 16, maxSteps: 6 } });
      losses.push(result.history.steps.map((step) => step.loss));
      result.classifier.dispose();
    }
    const [wasm, native] = losses as [number[], number[]];
    for (const [i, loss] of native.entries()) expect(Math.abs(loss - wasm[i]!) / wasm[i]!).toBeLessThan(LOSS_TOLERANCE);
  });
});
