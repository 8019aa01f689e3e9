import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AstConfigError, DataParallelError } from '../errors.js';
import type { GradientBatch } from '../training/batch-gradients.js';
import type { DataParallelGradients, GradientHelperSetup, GradientHelpers } from '../training/data-parallel.js';

/** Options of {@link workerThreadGradients}. */
export interface WorkerThreadGradientsOptions {
  /**
   * Threads that compute a batch's gradients, the calling thread included (so `threads - 1` worker threads start).
   * Defaults to the machine's available parallelism, at most 4.
   */
  threads?: number;
}

/** What a gradient worker receives at start (`gradient-worker.ts`). */
export interface GradientWorkerData {
  /** The model and backend to replicate. */
  setup: GradientHelperSetup;
  /** This helper's index (1-based; the calling thread is 0). */
  helper: number;
  /** Shared weights, written by the calling thread before each step. */
  weights: Float32Array;
  /** Shared gradients of this helper. */
  gradients: Float32Array;
  /** Shared input of this helper: features, targets and sample weights of its part. */
  features: Float32Array;
  /** See `features`. */
  targets: Float32Array;
  /** See `features`. */
  sampleWeights: Float32Array;
}

/** A message from a gradient worker. */
export type GradientWorkerReply =
  | { type: 'ready' }
  | { type: 'done'; loss: number }
  | { type: 'error'; message: string };

function sharedFloats(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(Math.max(1, length) * 4));
}

/** The path of tsx's ESM register API (`tsx/esm/api`, import condition) as resolved from `from`. */
function tsxEsmApi(from: string): string {
  const packageJson = createRequire(from).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(packageJson, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return join(dirname(packageJson), exports['./esm/api']!.import.default);
}

/** Starts the worker script, through tsx when this file runs from the TypeScript sources (tests, examples). */
function spawnWorker(workerData: GradientWorkerData): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./gradient-worker.js', self), { workerData });
  const tsx = pathToFileURL(tsxEsmApi(self)).href;
  const entry = new URL('./gradient-worker.ts', self).href;
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData, execArgv: ['--conditions=@tsc/source'] });
}

/** One worker and its shared buffers; `request` posts a message and waits for the reply, failing on a crash. */
class HelperThread {
  readonly #worker: Worker;
  readonly #data: GradientWorkerData;
  #waiting: { resolve: (reply: GradientWorkerReply) => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;

  constructor(data: GradientWorkerData) {
    this.#data = data;
    this.#worker = spawnWorker(data);
    this.#worker.on('message', (reply: GradientWorkerReply) => this.#settle(reply));
    this.#worker.on('error', (error) => this.#fail(error.message));
    this.#worker.on('exit', (code) => this.#fail(`exited with code ${code}`));
  }

  get data(): GradientWorkerData {
    return this.#data;
  }

  #settle(reply: GradientWorkerReply): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (reply.type === 'error') waiting?.reject(new DataParallelError(this.#data.helper, reply.message));
    else waiting?.resolve(reply);
  }

  #fail(reason: string): void {
    this.#failure ??= new DataParallelError(this.#data.helper, reason);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(this.#failure);
  }

  /** Waits for the next reply, after posting `message` when given. */
  request(message?: { windows: number; normalizer: number }): Promise<GradientWorkerReply> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      if (message !== undefined) this.#worker.postMessage(message);
    });
  }

  async terminate(): Promise<void> {
    this.#failure ??= new DataParallelError(this.#data.helper, 'terminated');
    await this.#worker.terminate();
  }
}

function copyPart(part: GradientBatch, data: GradientWorkerData): void {
  if (part.features.length > data.features.length) {
    throw new DataParallelError(data.helper, `a part of ${part.windows} windows exceeds maxWindows`);
  }
  data.features.set(part.features);
  data.targets.set(part.targets);
  data.sampleWeights.set(part.sampleWeights);
}

async function startHelpers(setup: GradientHelperSetup, count: number): Promise<GradientHelpers> {
  const { frames, bins, classes } = {
    frames: setup.config.maxLength,
    bins: setup.config.numMelBins,
    classes: setup.config.numLabels,
  };
  const total = setup.variableShapes.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
  const weights = sharedFloats(total);
  const threads = Array.from(
    { length: count },
    (_, i) =>
      new HelperThread({
        setup,
        helper: i + 1,
        weights,
        gradients: sharedFloats(total),
        features: sharedFloats(setup.maxWindows * frames * bins),
        targets: sharedFloats(setup.maxWindows * classes),
        sampleWeights: sharedFloats(setup.maxWindows),
      }),
  );
  const dispose = () => Promise.all(threads.map((thread) => thread.terminate())).then(() => undefined);
  try {
    await Promise.all(threads.map((thread) => thread.request()));
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    count,
    weights,
    gradients: (helper) => threads[helper]!.data.gradients,
    start: async (parts, normalizer) =>
      Promise.all(
        threads.map(async (thread, i) => {
          const part = parts[i];
          if (part === undefined || part.windows === 0) return 0;
          copyPart(part, thread.data);
          const reply = await thread.request({ windows: part.windows, normalizer });
          return reply.type === 'done' ? reply.loss : 0;
        }),
      ),
    dispose,
  };
}

/**
 * Data-parallel gradients on Node worker threads, for `trainAst`'s `dataParallel` option: each of `threads - 1`
 * workers holds a replica of the model on the same backend (wasm or cpu), reads the weights from shared memory,
 * computes the gradients of its part of every batch and writes them back to shared memory; the calling thread
 * computes the first part meanwhile. On the 2-core reference machine this makes a wasm training step about 1.6×
 * faster (package README).
 *
 * @example
 * ```ts
 * import { DEFAULT_SENSOR_FEATURE_SETTINGS as settings, prepareRecording, recordingWindows, trainAst, windowsDataset } from '@tsc/ast-model';
 * import { workerThreadGradients } from '@tsc/ast-model/node';
 * import { DISTORTION_LABELS } from '@tsc/mcap-utils';
 * import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
 *
 * const { recording, labels } = generateRecording(createDatasetPlan({ seed: 1, durationSec: 20 }), { seed: 1 });
 * const prepared = prepareRecording(recording, settings);
 * const train = windowsDataset(recordingWindows(prepared, settings, { labels: labels.events }), DISTORTION_LABELS, prepared.spectrogram);
 * const result = await trainAst({
 *   train,
 *   options: { maxSteps: 3, featureSettings: { ...settings }, dataParallel: workerThreadGradients({ threads: 2 }) },
 * });
 * ```
 */
export function workerThreadGradients({
  threads = Math.min(4, availableParallelism()),
}: WorkerThreadGradientsOptions = {}): DataParallelGradients {
  if (!(Number.isInteger(threads) && threads >= 1)) throw new AstConfigError('threads', 'a positive integer', threads);
  return (setup) => startHelpers(setup, threads - 1);
}
