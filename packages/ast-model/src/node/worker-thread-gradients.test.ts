import { beforeAll, describe, expect, it } from 'vitest';
import { initializeBackend } from '../backend.js';
import { AstConfigError } from '../errors.js';
import { trainAst } from '../train-ast.js';
import { bandDataset, tinyConfig } from '../train-ast.test-helper.js';
import { workerThreadGradients } from './worker-thread-gradients.js';

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
});

/** Relative difference tolerated between one-thread and data-parallel losses: float summation order only. */
const LOSS_TOLERANCE = 1e-4;

describe('workerThreadGradients', () => {
  const train = bandDataset(40, 2);
  const losses = async (threads: number | undefined) => {
    const result = await trainAst({
      config: tinyConfig,
      train,
      options: {
        seed: 3,
        batchSize: 15,
        maxSteps: 5,
        specAugment: true,
        mixup: true,
        ...(threads === undefined ? {} : { dataParallel: workerThreadGradients({ threads }) }),
      },
    });
    result.classifier.dispose();
    return result.history.steps.map((step) => step.loss);
  };

  it('trains data-parallel on worker threads like one thread, deterministically for a seed', async () => {
    const single = await losses(undefined);
    const parallel = await losses(3);
    expect(parallel).toHaveLength(single.length);
    for (const [i, loss] of parallel.entries()) {
      expect(Math.abs(loss - single[i]!) / single[i]!).toBeLessThan(LOSS_TOLERANCE);
    }
    expect(await losses(3)).toEqual(parallel);
  });

  it('rejects a thread count that is not a positive integer', () => {
    expect(() => workerThreadGradients({ threads: 0 })).toThrow(AstConfigError);
  });
});
