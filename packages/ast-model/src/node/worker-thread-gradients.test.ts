import { beforeAll, describe, expect, it } from 'vitest';
import { initializeBackend } from '../backend/backend.js';
import { AstConfigError } from '../errors.js';
import type { DataParallelGradients } from '../training/data-parallel.js';
import { trainAst } from '../training/train-ast.js';
import { bandDataset, tinyConfig } from '../training/train-ast.test-helper.js';
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
        // This step is far below the default threshold (1 GFLOP): 0 starts the threads anyway.
        ...(threads === undefined
          ? {}
          : { dataParallel: workerThreadGradients({ threads }), dataParallelMinStepGflop: 0 }),
      },
    });
    result.classifier.dispose();
    expect(result.history.gradientThreads).toBe(threads ?? 1);
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

  it('leaves steps below dataParallelMinStepGflop on one thread, without starting workers', async () => {
    let started = 0;
    const counting: DataParallelGradients = (setup) => {
      started++;
      return workerThreadGradients({ threads: 2 })(setup);
    };
    const options = { seed: 3, batchSize: 15, maxSteps: 1, dataParallel: counting };
    const small = await trainAst({ config: tinyConfig, train, options });
    expect(small.history.gradientThreads).toBe(1);
    expect(small.history.gradientThreadsReason).toBe('small-step');
    expect(small.history.stepGflop).toBeLessThan(small.history.dataParallelMinStepGflop);
    expect(started).toBe(0);
    const forced = await trainAst({ config: tinyConfig, train, options: { ...options, dataParallelMinStepGflop: 0 } });
    expect(forced.history.gradientThreads).toBe(2);
    expect(forced.history.gradientThreadsReason).toBe('data-parallel');
    expect(started).toBe(1);
    const off = await trainAst({ config: tinyConfig, train, options: { ...options, dataParallel: undefined } });
    expect(off.history).toMatchObject({ gradientThreads: 1, gradientThreadsReason: 'not-requested' });
    off.classifier.dispose();
    for (const result of [small, forced]) result.classifier.dispose();
  });

  it('rejects a thread count that is not a positive integer', () => {
    expect(() => workerThreadGradients({ threads: 0 })).toThrow(AstConfigError);
  });
});
