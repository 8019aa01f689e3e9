import * as tf from '@tensorflow/tfjs';
import type { AstBackendName } from '../backend/backend.js';
import { flattenTensors } from '../kernels/flat-tensors.js';
import type { AstConfig } from '../model/ast-config.js';
import {
  type FlatBatchGradients,
  flatBatchGradients,
  type GradientBatch,
  type GradientBatchShape,
} from './batch-gradients.js';

/** What helper threads need to build replicas of the model being trained. */
export interface GradientHelperSetup {
  /** The model's architecture. */
  config: AstConfig;
  /** Seed of the replicas' dropout masks (each helper offsets it by its index). */
  seed: number;
  /** The backend the helpers run: the caller's, `wasm` or `cpu`. */
  backend: AstBackendName;
  /** Shape of each trainable variable, in the model's order (helpers check their replica against it). */
  variableShapes: number[][];
  /** The most windows a helper receives per step. */
  maxWindows: number;
  /**
   * URL of an ES module whose `createReplica(config: AstConfig, seed: number): tf.LayersModel` export builds the
   * replicas instead of `createAstModel` (benchmarks of other model shapes use it). Defaults to `createAstModel`.
   */
  replicaModule?: string;
}

/**
 * Helper threads that compute the gradients of parts of a batch on replicas of the model, through shared memory:
 * the caller writes the current weights into `weights`, calls `start`, computes its own part meanwhile, and reads
 * each helper's gradients from `gradients(helper)` once `start` has resolved. `workerThreadGradients` of
 * `@tsc/ast-model/node` provides them in Node.
 */
export interface GradientHelpers {
  /** Number of helper threads (the caller's thread computes one more part). */
  readonly count: number;
  /** The weights the helpers read: every trainable variable, flattened, in the model's order. */
  readonly weights: Float32Array;
  /**
   * Starts helper `i` on `parts[i]` (a part of 0 windows leaves the helper idle) with the batch's loss divisor;
   * resolves with each helper's loss share (0 when idle) once all are done.
   */
  start(parts: readonly GradientBatch[], normalizer: number): Promise<number[]>;
  /** The gradients helper `helper` (0-based) wrote at its last step, flattened like `weights`. */
  gradients(helper: number): Float32Array;
  /** Stops the helper threads. */
  dispose(): Promise<void>;
}

/** Starts {@link GradientHelpers} for a model; `trainAst` calls it once per training run. */
export type DataParallelGradients = (setup: GradientHelperSetup) => Promise<GradientHelpers>;

/** Splits `windows` into `parts` contiguous parts as equal as possible, larger ones first: their window counts. */
export function partSizes(windows: number, parts: number): number[] {
  const base = Math.floor(windows / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < windows % parts ? 1 : 0));
}

function slicePart(batch: GradientBatch, shape: GradientBatchShape, first: number, windows: number): GradientBatch {
  const windowSize = shape.frames * shape.bins;
  return {
    features: batch.features.subarray(first * windowSize, (first + windows) * windowSize),
    targets: batch.targets.subarray(first * shape.classes, (first + windows) * shape.classes),
    sampleWeights: batch.sampleWeights.subarray(first, first + windows),
    windows,
  };
}

function writeWeights(variables: readonly tf.Variable[], target: Float32Array): void {
  const flat = flattenTensors(variables);
  target.set(flat.dataSync() as Float32Array);
  flat.dispose();
}

/**
 * The loss and gradients of a whole batch computed data-parallel: the calling thread takes the first part, each
 * helper one of the others; the parts' flat gradients are added in helper order, so the result is deterministic and
 * equals the one-thread {@link flatBatchGradients} up to float rounding.
 */
export async function dataParallelBatchGradients(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
  helpers: GradientHelpers,
  batch: GradientBatch,
  shape: GradientBatchShape,
  normalizer: number,
): Promise<FlatBatchGradients> {
  const sizes = partSizes(batch.windows, helpers.count + 1);
  const parts: GradientBatch[] = [];
  let first = 0;
  for (const windows of sizes) {
    parts.push(slicePart(batch, shape, first, windows));
    first += windows;
  }
  writeWeights(variables, helpers.weights);
  const pending = helpers.start(parts.slice(1), normalizer);
  const own = flatBatchGradients(model, variables, parts[0]!, shape, normalizer);
  let helperLosses: number[];
  try {
    helperLosses = await pending;
  } catch (error) {
    own.gradient.dispose();
    throw error;
  }
  const busy = sizes.slice(1).flatMap((windows, helper) => (windows > 0 ? [helper] : []));
  const loss = helperLosses.reduce((a, b) => a + b, own.loss);
  if (busy.length === 0) return { loss, gradient: own.gradient };
  const gradient = tf.tidy(() =>
    tf.addN([own.gradient, ...busy.map((helper) => tf.tensor1d(helpers.gradients(helper)))]),
  ) as tf.Tensor1D;
  own.gradient.dispose();
  return { loss, gradient };
}
