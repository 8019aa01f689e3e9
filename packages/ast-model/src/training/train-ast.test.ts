import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../backend/test-backends.test-helper.js';
import { sensorFeatureSettings } from '../features/feature-settings.js';
import type { DataParallelGradients } from './data-parallel.js';
import { stratifiedSplit, subsetDataset } from './dataset.js';
import { DATA_PARALLEL_MIN_STEP_GFLOP, evaluateClassifier, type TrainingProgress, trainAst } from './train-ast.js';
import { bandDataset, tinyConfig } from './train-ast.test-helper.js';
import { astStepFlops } from './training-flops.js';

describeOnEachBackend('trainAst', (backend) => {
  const data = bandDataset(90, 1);
  const split = stratifiedSplit(data.labels, { seed: 3, validationFraction: 0.3 });
  const train = subsetDataset(data, split.train);
  const validation = subsetDataset(data, split.validation);

  it('learns a separable problem, reports progress and keeps tensor memory flat across epochs', async () => {
    const progress: TrainingProgress[] = [];
    const tensorsAtEpochEnd: number[] = [];
    const result = await trainAst({
      config: tinyConfig,
      train,
      validation,
      options: {
        seed: 1,
        batchSize: 16,
        epochs: 6,
        learningRate: 3e-3,
        schedule: 'cosine',
        specAugment: { maxTimeMaskFrames: 2, maxFrequencyMaskBins: 2 },
        mixup: { alpha: 0.2, probability: 0.5 },
        classWeights: 'balanced',
        onProgress: (p) => {
          progress.push(p);
          if (p.evaluation !== undefined) tensorsAtEpochEnd.push(tf.memory().numTensors);
        },
      },
    });
    expect(progress).toHaveLength(6 * Math.ceil(train.shape[0] / 16));
    expect(progress.at(-1)).toMatchObject({ step: progress.length, totalSteps: progress.length, epoch: 5 });
    expect(result.history.evaluations).toHaveLength(6);
    expect(new Set(tensorsAtEpochEnd.slice(1)).size).toBe(1);
    expect(result.validationMetrics!.macroF1).toBeGreaterThanOrEqual(0.9);
    expect(result.history.steps.at(-1)!.loss).toBeLessThan(result.history.steps[0]!.loss);
    const again = evaluateClassifier(result.classifier, validation);
    expect(again.macroF1).toBeCloseTo(result.validationMetrics!.macroF1, 6);
    expect(JSON.parse(JSON.stringify(result.history)).bestStep).toBe(result.history.bestStep);
    result.classifier.dispose();
  });

  it('gives the classifier the loss weights it trained with, so that its probabilities undo them', async () => {
    // two windows of `none` for every one of `low` and of `high`
    const imbalanced = subsetDataset(
      train,
      Array.from(train.labels.keys()).filter((i) => train.labels[i] === 0 || i % 2 === 0),
    );
    const counts = [0, 1, 2].map((c) => imbalanced.labels.filter((label) => label === c).length);
    const options = { seed: 1, batchSize: 16, maxSteps: 2 };
    const balanced = await trainAst({
      config: tinyConfig,
      train: imbalanced,
      options: { ...options, classWeights: 'balanced' },
    });
    const n = imbalanced.shape[0];
    expect(balanced.classifier.classWeights).toEqual(counts.map((count) => n / (3 * count)));
    balanced.classifier.dispose();
    const equal = await trainAst({ config: tinyConfig, train: imbalanced, options });
    expect(equal.classifier.classWeights).toBeUndefined();
    equal.classifier.dispose();
  });

  it('records on how many threads it computed the gradients, and why', async () => {
    const unused: DataParallelGradients = () => {
      throw new Error('no helper threads for this step');
    };
    const options = { seed: 1, batchSize: 16, maxSteps: 1, dataParallel: unused };
    const result = await trainAst({ config: tinyConfig, train, options });
    // tensorflow runs its kernels on every core itself; on wasm this step is far below the 1 GFLOP default
    expect(result.history).toMatchObject({
      gradientThreads: 1,
      gradientThreadsReason: backend === 'tensorflow' ? 'native-backend' : 'small-step',
      dataParallelMinStepGflop: DATA_PARALLEL_MIN_STEP_GFLOP,
    });
    expect(result.history.stepGflop).toBeCloseTo(astStepFlops(result.classifier.config, 16).training / 1e9, 12);
    result.classifier.dispose();
  });

  it('is deterministic for a seed', async () => {
    const run = async (seed: number) => {
      const result = await trainAst({
        config: tinyConfig,
        train,
        options: { seed, batchSize: 16, maxSteps: 4, mixup: true, specAugment: true },
      });
      const losses = result.history.steps.map((s) => s.loss);
      result.classifier.dispose();
      return losses;
    };
    const first = await run(5);
    expect(await run(5)).toEqual(first);
    expect(await run(6)).not.toEqual(first);
  });

  it('evaluates and keeps the moving average of the weights with weightAverageDecay, deterministically', async () => {
    const run = async (weightAverageDecay: number | undefined) => {
      const result = await trainAst({
        config: tinyConfig,
        train,
        validation,
        options: { seed: 4, batchSize: 16, maxSteps: 12, evalEverySteps: 4, weightAverageDecay },
      });
      const weights = result.classifier.model.getWeights().map((t) => Array.from(t.dataSync()));
      const losses = result.history.steps.map((s) => s.loss);
      const macroF1 = result.history.evaluations.map((e) => e.metrics.macroF1);
      result.classifier.dispose();
      return { weights, losses, macroF1 };
    };
    const plain = await run(undefined);
    const averaged = await run(0.9);
    // the same steps are taken (the average does not feed back into training) ...
    expect(averaged.losses).toEqual(plain.losses);
    // ... but other weights are evaluated and kept
    expect(averaged.weights).not.toEqual(plain.weights);
    expect(await run(0.9)).toEqual(averaged);
    await expect(
      trainAst({ config: tinyConfig, train, options: { maxSteps: 1, weightAverageDecay: 1 } }),
    ).rejects.toThrow(/weightAverageDecay: expected a number in \(0, 1\), found 1/);
  });

  it('stops early when the metric stops improving and restores the best checkpoint', async () => {
    const result = await trainAst({
      config: tinyConfig,
      train,
      validation,
      options: { seed: 2, batchSize: 16, maxSteps: 20, learningRate: 0, evalEverySteps: 2, earlyStoppingPatience: 2 },
    });
    expect(result.history.stoppedEarly).toBe(true);
    expect(result.history.steps).toHaveLength(6);
    expect(result.history.bestStep).toBe(2);
    result.classifier.dispose();
  });

  it('fine-tunes an initial classifier in place, keeping its configuration and feature settings', async () => {
    const first = await trainAst({
      config: tinyConfig,
      train,
      options: { seed: 4, batchSize: 16, maxSteps: 2, featureSettings: { windowSec: 3, hopSec: 1, spectrogram: {} } },
    });
    const before = first.classifier.model.getWeights().map((w) => w.dataSync().slice());
    const tuned = await trainAst({
      initial: first.classifier,
      train,
      validation,
      options: { batchSize: 16, maxSteps: 3 },
    });
    expect(tuned.classifier.model).toBe(first.classifier.model);
    expect(tuned.classifier.config).toEqual(first.classifier.config);
    expect(tuned.classifier.featureSettings).toEqual({
      windowSec: 3,
      hopSec: 1,
      spectrogram: {},
      reference: 'fixed',
      contextSec: 0,
    });
    const after = tuned.classifier.model.getWeights().map((w) => w.dataSync());
    expect(after.some((values, i) => values.some((v, j) => v !== before[i]![j]))).toBe(true);
    const renamed = { ...train, labelNames: ['a', 'b', 'c'] };
    await expect(trainAst({ initial: first.classifier, train: renamed })).rejects.toThrow(/initial.labelNames/);
    tuned.classifier.dispose();
  });

  it('narrows the patches to one channel when the features keep fewer bins per channel than the preset', async () => {
    // the band data read as 16 channels of one bin each, as the default features give
    const settings = sensorFeatureSettings({ spectrogram: { sensors: ['mag'], derived: [], maxBinsPerChannel: 1 } });
    const { patchSize: _patch, frequencyStride: _stride, ...small } = tinyConfig;
    const narrow = await trainAst({
      config: small,
      train,
      options: { seed: 1, batchSize: 16, maxSteps: 1, featureSettings: settings },
    });
    expect(narrow.classifier.config).toMatchObject({ patchSize: 1, frequencyStride: 1, numMelBins: 16 });
    narrow.classifier.dispose();
    // a patch size of the config's own is kept
    const own = await trainAst({
      config: { ...small, patchSize: 4, frequencyStride: 4 },
      train,
      options: { seed: 1, batchSize: 16, maxSteps: 1, featureSettings: settings },
    });
    expect(own.classifier.config).toMatchObject({ patchSize: 4, frequencyStride: 4 });
    own.classifier.dispose();
  });

  it('rejects inconsistent data with typed errors', async () => {
    const bad = { ...train, labels: train.labels.slice(1) };
    await expect(trainAst({ train: bad })).rejects.toThrow(/train.labels.length: expected \d+ \(one per window\)/);
  });
});
