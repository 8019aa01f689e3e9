/**
 * `pnpm bench`: one run, beside PyTorch of the same shapes, of (a) the B8 T100 D192 one-layer transformer step of
 * the toolchain notes, (b) the default `sensor` preset (batch 32) and (c) `tiny` (DeiT-tiny, 12 layers) on 128 × 128
 * inputs (batch 8): the trainer's step (`trainingStep`, as `trainAst` runs it) on wasm with one thread, wasm
 * data-parallel on worker threads (`workerThreadGradients`) and native TensorFlow (tfjs-node) when it loads;
 * inference windows/s on each. Then the floor of the `tiny` step: its dense FLOPs (`astStepFlops`) over the rate a
 * large product sustains on native with every core. Prints the load average before and after, since other jobs on the
 * machine slow every figure. PyTorch runs in Debian's python3-torch on one thread (`apt-get install python3-torch
 * libopenblas0-pthread`); without it the documented one-layer figure is the reference. `--one-layer` runs (a) only.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { batchMatMulGradient, type MatMulWithTransposes, matMulForBackend } from '../src/batch-mat-mul-gradient.js';
import {
  type AstBackendName,
  astPatchGrid,
  astStepFlops,
  DATA_PARALLEL_MIN_STEP_GFLOP,
  initializeBackend,
  loadableBackends,
  registerAstLayers,
  selectBackend,
} from '../src/index.js';
import { oneLayerTrainingFlops } from './one-layer-model.js';
import { WORKLOADS, type Workload, workloadStep } from './workloads.js';

const PYTORCH_DOCUMENTED_MS = 29;
/** The `tiny` step time on wasm that issue 17 measured, against which native must be ≥ 10× faster. */
const TINY_WASM_REFERENCE_MS = 3200;
/** The square product whose rate on native gives the floor of the `tiny` step. */
const LARGE_PRODUCT_SIZE = 2048;

/** Median and fastest step time and inference throughput of one configuration. */
interface Figures {
  stepMs: number;
  /** The fastest run: closest to an idle machine's figure when other jobs share the cores. */
  fastestStepMs: number;
  windowsPerSec?: number;
}

/** The median and the fastest of several timed runs. */
interface Timing {
  medianMs: number;
  fastestMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(warmup: number, runs: number, step: () => unknown): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
  }
  return { medianMs: median(times), fastestMs: Math.min(...times) };
}

/** The trainer's step on `threads` threads (worker threads on `backend` beyond the first), and inference on one. */
async function measure(workload: Workload, threads: number, backend: AstBackendName): Promise<Figures> {
  const { model, batch, step, dispose } = await workloadStep(workload, threads, backend);
  const { medianMs: stepMs, fastestMs: fastestStepMs } = await time(workload.warmup, workload.runs, step);
  let windowsPerSec: number | undefined;
  if (threads === 1) {
    const { config } = workload;
    const x = tf.tensor3d(batch.features, [batch.windows, config.maxLength, config.numMelBins]);
    const { medianMs: inferenceMs } = await time(workload.warmup, workload.runs, () => {
      const y = model.predict(x) as tf.Tensor;
      y.dataSync();
      y.dispose();
    });
    x.dispose();
    windowsPerSec = (batch.windows * 1000) / inferenceMs;
  }
  await dispose();
  return { stepMs, fastestStepMs, ...(windowsPerSec === undefined ? {} : { windowsPerSec }) };
}

/** FLOPs of the dense products of one training step of a workload. */
function trainingFlops(workload: Workload): number {
  return workload.kind === 'ast'
    ? astStepFlops(workload.config, workload.batch).training
    : oneLayerTrainingFlops(workload.config, workload.batch);
}

/** GFLOP/s an `m × k` by `k × n` product sustains on the active backend (fastest of `runs`: the machine's best). */
async function productRateGflops(m: number, k: number, n: number, runs: number): Promise<number> {
  const a = tf.randomNormal([m, k], 0, 1, 'float32', 1);
  const b = tf.randomNormal([k, n], 0, 1, 'float32', 2);
  // Both CPU backends run kernels synchronously: the product is done when matMul returns.
  const { fastestMs: productMs } = await time(1, runs, () => tf.matMul(a, b).dispose());
  tf.dispose([a, b]);
  return (2 * m * k * n) / (productMs * 1e6);
}

/** The PyTorch step and inference of the same shapes on one thread, and the BLAS torch loaded. */
function pytorch(workload: Workload): (Figures & { blas: string }) | undefined {
  const script = new URL('./pytorch-reference.py', import.meta.url).pathname;
  const argument = JSON.stringify({
    ...workload.config,
    kind: workload.kind,
    batch: workload.batch,
    warmup: 2,
    runs: 10,
  });
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  // Debian's python3-torch lives in /usr/bin/python3, which a pyenv `python3` on the PATH may hide.
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const output = execFileSync(python, [script, argument], {
        encoding: 'utf8',
        env,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const [stepMs, windowsPerSec, blas, fastestStepMs] = output.trim().split('\t');
      return {
        stepMs: Number(stepMs),
        fastestStepMs: Number(fastestStepMs),
        windowsPerSec: Number(windowsPerSec),
        blas: blas ?? 'unknown',
      };
    } catch {
      // No torch for this interpreter: try the next one.
    }
  }
  return undefined;
}

/** Registers the `BatchMatMul` gradient with its products computed by `matMul`. */
function registerGradientWith(matMul: MatMulWithTransposes): void {
  tf.registerGradient({ kernelName: 'BatchMatMul', inputsToSave: ['a', 'b'], gradFunc: batchMatMulGradient(matMul) });
}

const ms = (figures: Figures | undefined) => (figures === undefined ? '–' : `${figures.stepMs.toFixed(1)} ms`);
const ratio = (figures: Figures | undefined, reference: number | undefined) =>
  figures === undefined || reference === undefined ? '–' : `${(figures.stepMs / reference).toFixed(2)}×`;
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

/** Element-wise passes of one `AdamW.applyFlatGradient` over the flattened parameters (with flatten and split). */
const ADAMW_PASSES = 17;

/**
 * The `tiny` floor on native, from rates measured in the same run with every core: the step's dense FLOPs at the
 * best rate a product reached (one large square product, the step's own MLP product; fastest of several runs), plus
 * AdamW's element-wise passes over the parameters at the fastest rate of one pass (TensorFlow.js has no fused
 * optimizer kernel).
 */
async function tinyFloor(tiny: Workload, nativeStepMs: number): Promise<void> {
  const gflop = trainingFlops(tiny) / 1e9;
  await initializeBackend({ backend: 'tensorflow' });
  const size = LARGE_PRODUCT_SIZE;
  const largeRate = await productRateGflops(size, size, size, 10);
  const [frequencyPatches, timePatches] = astPatchGrid(tiny.config);
  const rows = tiny.batch * (frequencyPatches * timePatches + 2);
  const { hiddenSize, intermediateSize } = tiny.config;
  const mlpRate = await productRateGflops(rows, hiddenSize, intermediateSize, 20);
  const model = tiny.build(1);
  const parameters = model.countParams();
  model.dispose();
  const [a, b] = [tf.randomNormal([parameters]), tf.randomNormal([parameters])];
  const { fastestMs: passMs } = await time(2, 20, () => tf.add(a, b).dispose());
  tf.dispose([a, b]);
  await initializeBackend({ backend: 'wasm' });
  const productsMs = (gflop / Math.max(largeRate, mlpRate)) * 1000;
  const floorMs = productsMs + ADAMW_PASSES * passMs;
  const target = TINY_WASM_REFERENCE_MS / 10;
  console.log(
    `  tiny floor: ${gflop.toFixed(1)} GFLOP of dense products per step (astStepFlops); on native with every core ` +
      `one ${size}³ product sustains ${largeRate.toFixed(0)} GFLOP/s and the step's own ${rows}×${hiddenSize}·` +
      `${hiddenSize}×${intermediateSize} MLP product ${mlpRate.toFixed(0)} GFLOP/s, so the products alone take at ` +
      `least ${productsMs.toFixed(0)} ms; AdamW's ${ADAMW_PASSES} element-wise passes over the ` +
      `${(parameters / 1e6).toFixed(1)} M parameters add ${(ADAMW_PASSES * passMs).toFixed(0)} ms (one pass ` +
      `${passMs.toFixed(1)} ms): no step can take less than ${floorMs.toFixed(0)} ms here, so ≤ ${target} ms is ` +
      `${floorMs <= target ? `within the floor (${(target - floorMs).toFixed(0)} ms left for everything else)` : 'NOT reachable on this machine'}; ` +
      `the measured step is ${(nativeStepMs / floorMs).toFixed(2)}× the floor`,
  );
}

async function main(): Promise<void> {
  registerAstLayers();
  const threads = Math.min(4, availableParallelism());
  const native = (await loadableBackends()).includes('tensorflow');
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}; ` +
      `load average (1, 5, 15 min) at start: ${load()}`,
  );
  if (!native) {
    const reason = (await selectBackend({ backend: 'wasm' }).then(() => selectBackend({}))).skipped[0]?.reason;
    console.log(
      `tensorflow (native): skipped, @tensorflow/tfjs-node does not load here (${reason}); \`pnpm setup:native\` builds it offline`,
    );
  }
  const rows: string[] = [];
  const only = process.argv.includes('--one-layer') ? WORKLOADS.slice(0, 1) : WORKLOADS;
  for (const workload of only) {
    const torch = pytorch(workload);
    const reference = torch?.stepMs ?? (workload.kind === 'one-layer' ? PYTORCH_DOCUMENTED_MS : undefined);
    await initializeBackend({ backend: 'wasm' });
    const wasm = await measure(workload, 1, 'wasm');
    const parallel = await measure(workload, threads, 'wasm');
    let nativeFigures: Figures | undefined;
    if (native) {
      await initializeBackend({ backend: 'tensorflow' });
      nativeFigures = await measure(workload, 1, 'tensorflow');
      await initializeBackend({ backend: 'wasm' });
    }
    const gflop = trainingFlops(workload) / 1e9;
    const trainerParallel = gflop >= DATA_PARALLEL_MIN_STEP_GFLOP;
    const trainerWasm = trainerParallel ? parallel : wasm;
    console.log(
      `${workload.name}: ${gflop.toFixed(2)} GFLOP per step; PyTorch ${torch === undefined ? `not installed${reference === undefined ? '' : ` (documented ${reference} ms)`}` : `${ms(torch)}, ${torch.blas}`}; ` +
        `wasm ${ms(wasm)}; wasm data-parallel ×${threads} ${ms(parallel)}; native ${ms(nativeFigures)}`,
    );
    console.log(
      `  trainAst with dataParallel on wasm uses ${trainerParallel ? `${threads} threads` : 'one thread'} here ` +
        `(${gflop.toFixed(2)} GFLOP ${trainerParallel ? '≥' : '<'} dataParallelMinStepGflop ${DATA_PARALLEL_MIN_STEP_GFLOP})`,
    );
    if (reference !== undefined) {
      console.log(
        `  targets: native ≤ 2× PyTorch: ${nativeFigures === undefined ? 'not measured' : `${verdict(nativeFigures.stepMs <= 2 * reference)} (${ratio(nativeFigures, reference)})`}; ` +
          `wasm as the trainer runs it ≤ 3×: ${verdict(trainerWasm.stepMs <= 3 * reference)} (${ratio(trainerWasm, reference)})`,
      );
    }
    const fastest = (figures: Figures | undefined) =>
      figures === undefined ? '–' : `${figures.fastestStepMs.toFixed(1)} ms`;
    const fastestRatio = (figures: Figures | undefined) =>
      figures === undefined || torch === undefined
        ? ''
        : ` (${(figures.fastestStepMs / torch.fastestStepMs).toFixed(2)}×)`;
    console.log(
      `  fastest runs (nearest an idle machine's): PyTorch ${fastest(torch)}; wasm ${fastest(wasm)}${fastestRatio(wasm)}; ` +
        `data-parallel ${fastest(parallel)}${fastestRatio(parallel)}; native ${fastest(nativeFigures)}${fastestRatio(nativeFigures)}`,
    );
    const inference = [torch, wasm, nativeFigures].map((f) =>
      f?.windowsPerSec === undefined ? '–' : f.windowsPerSec.toFixed(1),
    );
    rows.push(
      `| ${workload.name} | ${gflop.toFixed(2)} | ${ms(torch)} | ${ms(wasm)} (${ratio(wasm, reference)}) | ${ms(parallel)} (${ratio(parallel, reference)}) | ` +
        `${ms(nativeFigures)} (${ratio(nativeFigures, reference)}) | ${inference.join(' / ')} |`,
    );
    if (workload.kind === 'one-layer') {
      // tfjs-core's own gradient (transpose flags on the kernel), to measure what the package's override saves.
      registerGradientWith(tf.matMul);
      const flagged = await measure(workload, 1, 'wasm');
      registerGradientWith(matMulForBackend);
      console.log(
        `  on wasm with tfjs's own (transpose-flag) BatchMatMul gradient: ${ms(flagged)}, ${(flagged.stepMs / wasm.stepMs).toFixed(2)}× the package's`,
      );
    }
    if (workload.id === 'tiny') {
      if (nativeFigures !== undefined) {
        const speedup = TINY_WASM_REFERENCE_MS / nativeFigures.stepMs;
        console.log(
          `  tiny on native is ${speedup.toFixed(1)}× faster than the 3.2 s/step measured on wasm (target ≥ 10×: ${verdict(speedup >= 10)})`,
        );
        await tinyFloor(workload, nativeFigures.stepMs);
      }
    }
  }
  console.log(`\nload average (1, 5, 15 min) at the end: ${load()}`);
  console.log(
    `\n| training step (ratio to PyTorch) | dense GFLOP | PyTorch, 1 thread | wasm, 1 thread | wasm, data-parallel ×${threads} | native (tfjs-node) | inference windows/s: PyTorch / wasm / native |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

await main();
