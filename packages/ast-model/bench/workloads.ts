/**
 * The benchmarked workloads and the trainer's step on them, shared by `bench/index.ts` (timings beside PyTorch) and
 * `bench/profile-step.ts` (kernels per step by kind).
 */
import * as tf from '@tensorflow/tfjs';
import {
  AdamW,
  type AstBackendName,
  type AstConfig,
  astConfig,
  createAstModel,
  type GradientBatch,
  type GradientHelpers,
  trainingStep,
} from '../src/index.js';
import { workerThreadGradients } from '../src/node/index.js';
import { createReplica, ONE_LAYER_CONFIG } from './one-layer-model.js';

/** The benchmarked workloads' short names. */
export type WorkloadId = 'one-layer' | 'sensor' | 'tiny';

/** A benchmarked model shape. */
export interface Workload {
  /** Short name (`--workload` of the profiler). */
  id: WorkloadId;
  /** Row label. */
  name: string;
  /** `ast` for createAstModel, `one-layer` for the toolchain notes' block. */
  kind: 'one-layer' | 'ast';
  config: AstConfig;
  batch: number;
  warmup: number;
  runs: number;
  build: (seed: number) => tf.LayersModel;
  replicaModule?: string;
}

const tinyConfig = astConfig({ preset: 'tiny', maxLength: 128, numMelBins: 128, numLabels: 3 });

/** (a) the one-layer step of the toolchain notes, (b) the default `sensor` preset, (c) `tiny` on 128 × 128. */
export const WORKLOADS: readonly Workload[] = [
  {
    id: 'one-layer',
    name: 'one-layer B8 T100 D192',
    kind: 'one-layer',
    config: ONE_LAYER_CONFIG,
    batch: 8,
    warmup: 3,
    runs: 10,
    build: (seed) => createReplica(ONE_LAYER_CONFIG, seed),
    replicaModule: new URL('./one-layer-model.ts', import.meta.url).href,
  },
  {
    id: 'sensor',
    name: 'sensor preset, batch 32',
    kind: 'ast',
    config: astConfig({ preset: 'sensor' }),
    batch: 32,
    warmup: 3,
    runs: 15,
    build: (seed) => createAstModel(astConfig({ preset: 'sensor' }), { seed }),
  },
  {
    id: 'tiny',
    name: 'tiny preset 128×128, batch 8',
    kind: 'ast',
    config: tinyConfig,
    batch: 8,
    warmup: 2,
    runs: 3,
    build: (seed) => createAstModel(tinyConfig, { seed }),
  },
];

/** A fixed batch of the workload's shape: seeded normal features, labels `i mod classes`, unit weights. */
export function fixedBatch({ config, batch }: Workload): GradientBatch {
  const x = tf.randomNormal([batch, config.maxLength, config.numMelBins], 0, 1, 'float32', 3);
  const features = x.dataSync() as Float32Array;
  x.dispose();
  const targets = new Float32Array(batch * config.numLabels);
  for (let i = 0; i < batch; i++) targets[i * config.numLabels + (i % config.numLabels)] = 1;
  return { features, targets, sampleWeights: new Float32Array(batch).fill(1), windows: batch };
}

/** The trainer's step on a workload (the model, its batch and optimizer built once), and how to release it. */
export interface WorkloadStep {
  model: tf.LayersModel;
  batch: GradientBatch;
  /** One `trainingStep` (as `trainAst` runs it) at learning rate 1e-3 with clipping to norm 1. */
  step: () => Promise<unknown>;
  dispose: () => Promise<void>;
}

/**
 * Builds a workload's model on the active backend and its trainer step: on the calling thread (`threads` 1) or
 * data-parallel with `threads - 1` worker threads on `backend`.
 */
export async function workloadStep(
  workload: Workload,
  threads: number,
  backend: AstBackendName,
): Promise<WorkloadStep> {
  const model = workload.build(1);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { config } = workload;
  const shape = { frames: config.maxLength, bins: config.numMelBins, classes: config.numLabels };
  const batch = fixedBatch(workload);
  const optimizer = new AdamW();
  let helpers: GradientHelpers | undefined;
  if (threads > 1) {
    helpers = await workerThreadGradients({ threads })({
      config,
      seed: 1,
      backend,
      variableShapes: variables.map((v) => v.shape),
      maxWindows: batch.windows,
      ...(workload.replicaModule === undefined ? {} : { replicaModule: workload.replicaModule }),
    });
  }
  return {
    model,
    batch,
    step: () =>
      trainingStep({ model, variables, optimizer, helpers }, batch, shape, { learningRate: 1e-3, maxGradNorm: 1 }),
    dispose: async () => {
      await helpers?.dispose();
      optimizer.dispose();
      model.dispose();
    },
  };
}
