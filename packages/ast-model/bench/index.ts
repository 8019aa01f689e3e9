/**
 * `pnpm bench`: one run, beside PyTorch of the same shapes, of (a) the B8 T100 D192 one-layer transformer step of
 * the toolchain notes, (b) the default `sensor` preset (batch 32) and (c) `tiny` (DeiT-tiny, 12 layers) on 128 × 128
 * inputs (batch 8): the trainer's step (`trainingStep`, as `trainAst` runs it) on wasm with one thread, wasm
 * data-parallel on worker threads (`workerThreadGradients`) and native TensorFlow (tfjs-node) when it loads;
 * inference windows/s on each. Then the floor of the `tiny` step on native: the step's own products (taken from a
 * profiled step) and one AdamW update, each timed alone, by wall time and by CPU time. Prints the load average before
 * and after, since other jobs on the machine slow every figure. PyTorch runs in Debian's python3-torch on one thread
 * (`apt-get install python3-torch libopenblas0-pthread`); without it the documented one-layer figure is the reference.
 *
 * `--only one-layer,sensor,tiny` runs those workloads only (default all); `--skip pytorch,wasm,data-parallel,native`
 * leaves those configurations out (their cells print `–`), e.g. `pnpm --filter @tsc/ast-model bench -- --only tiny
 * --skip wasm,data-parallel` for a quick native `tiny` figure beside PyTorch and its floor.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { cpuUsage } from 'node:process';
import * as tf from '@tensorflow/tfjs';
import {
  AdamW,
  type AstBackendName,
  astStepFlops,
  DATA_PARALLEL_MIN_STEP_GFLOP,
  initializeBackend,
  loadableBackends,
  registerAstLayers,
  selectBackend,
} from '../src/index.js';
import {
  batchMatMulGradient,
  type MatMulWithTransposes,
  matMulForBackend,
} from '../src/kernels/batch-mat-mul-gradient.js';
import { oneLayerTrainingFlops } from './one-layer-model.js';
import { WORKLOADS, type Workload, type WorkloadId, workloadStep } from './workloads.js';

const PYTORCH_DOCUMENTED_MS = 29;
/** The `tiny` step time on wasm that issue 17 measured, against which native must be ≥ 10× faster. */
const TINY_WASM_REFERENCE_MS = 3200;

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

/** Wall and CPU milliseconds of the fastest of several runs of something. */
interface WallAndCpu {
  wallMs: number;
  cpuMs: number;
}

/** The fastest wall time and the least CPU time (every thread of the process) of `runs` runs after one warm-up. */
async function wallAndCpu(runs: number, work: () => unknown): Promise<WallAndCpu> {
  await work();
  let wallMs = Number.POSITIVE_INFINITY;
  let cpuMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpu = cpuUsage();
    await work();
    const used = cpuUsage(cpu);
    wallMs = Math.min(wallMs, performance.now() - start);
    cpuMs = Math.min(cpuMs, (used.user + used.system) / 1000);
  }
  return { wallMs, cpuMs };
}

/** One product of a step: operand shapes and transpose flags (inferred from the output shape). */
interface Product {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
  flop: number;
}

/** The `BatchMatMul` kernels of one profiled run of `step`, and how many kernels the step ran in all. */
async function stepProducts(step: () => Promise<unknown>): Promise<{ products: Product[]; kernels: number }> {
  const profile = await tf.profile(async () => {
    await step();
  });
  const products = profile.kernels
    .filter((kernel) => kernel.name === 'BatchMatMul')
    .map(({ inputShapes, outputShapes }) => {
      const [a, b] = inputShapes as [number[], number[]];
      const out = outputShapes[0]!;
      const [rows, columns] = [out.at(-2)!, out.at(-1)!];
      const transposeA = a.at(-2) !== rows;
      const inner = transposeA ? a.at(-2)! : a.at(-1)!;
      const batch = out.slice(0, -2).reduce((product, n) => product * n, 1);
      return { a, b, transposeA, transposeB: b.at(-1) !== columns, flop: 2 * batch * rows * inner * columns };
    });
  return { products, kernels: profile.kernels.length };
}

/**
 * The floor of the `tiny` step on native, measured in this run: the step's own products (from a profiled step) replayed
 * alone, and one AdamW update of the model's parameters alone, each the fastest of several runs by wall time and by
 * CPU time. The wall figures are what these cost under the run's load; the CPU figures divided by the cores are what
 * they would cost on an idle machine if TensorFlow kept every core busy (a lower bound: its idle threads spin, which
 * CPU time counts too).
 */
async function tinyFloor(tiny: Workload): Promise<void> {
  await initializeBackend({ backend: 'tensorflow' });
  const { model, step, dispose } = await workloadStep(tiny, 1, 'tensorflow');
  const stepTimes = await wallAndCpu(3, step);
  const { products, kernels } = await stepProducts(step);
  const operands = products.map(({ a, b }) => [tf.randomNormal(a), tf.randomNormal(b)] as const);
  const productTimes = await wallAndCpu(5, () => {
    products.forEach(({ transposeA, transposeB }, i) => {
      const [a, b] = operands[i]!;
      tf.matMul(a, b, transposeA, transposeB).dispose();
    });
  });
  tf.dispose(operands.flat());
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const parameters = variables.reduce((sum, variable) => sum + variable.size, 0);
  const gradient = tf.randomNormal([parameters], 0, 1e-3, 'float32', 4) as tf.Tensor1D;
  const optimizer = new AdamW();
  const adamTimes = await wallAndCpu(5, () => optimizer.applyFlatGradient(variables, gradient, 1e-6));
  tf.dispose(gradient);
  optimizer.dispose();
  await dispose();
  await initializeBackend({ backend: 'wasm' });
  const gflop = products.reduce((sum, product) => sum + product.flop, 0) / 1e9;
  const cores = availableParallelism();
  const wallFloorMs = productTimes.wallMs + adamTimes.wallMs;
  const idleFloorMs = (productTimes.cpuMs + adamTimes.cpuMs) / cores;
  const target = TINY_WASM_REFERENCE_MS / 10;
  console.log(
    `  tiny floor: the step runs ${kernels} kernels, ${products.length} of them products (${gflop.toFixed(1)} GFLOP). ` +
      `Its products alone: ${productTimes.wallMs.toFixed(0)} ms wall (${((1000 * gflop) / productTimes.wallMs).toFixed(0)} ` +
      `GFLOP/s), ${productTimes.cpuMs.toFixed(0)} ms CPU (${((1000 * gflop) / productTimes.cpuMs).toFixed(0)} GFLOP per ` +
      `CPU-second); one AdamW update of the ${(parameters / 1e6).toFixed(1)} M parameters alone: ` +
      `${adamTimes.wallMs.toFixed(0)} ms wall, ${adamTimes.cpuMs.toFixed(0)} ms CPU (fastest of 5 each)`,
  );
  console.log(
    `  the whole step (fastest of 3): ${stepTimes.wallMs.toFixed(0)} ms wall, ${stepTimes.cpuMs.toFixed(0)} ms CPU ` +
      `(${(stepTimes.cpuMs / cores).toFixed(0)} ms with all ${cores} cores busy)`,
  );
  console.log(
    `  so under this run's load no step takes less than ${wallFloorMs.toFixed(0)} ms (the step is ` +
      `${(stepTimes.wallMs / wallFloorMs).toFixed(2)}× that); with all ${cores} cores busy on an idle machine, ` +
      `${idleFloorMs.toFixed(0)} ms (CPU time / ${cores}): ≤ ${target} ms is ` +
      `${idleFloorMs <= target ? `above that floor (${(target - idleFloorMs).toFixed(0)} ms left for the element-wise work and dispatch)` : 'below even that floor'}`,
  );
}

/** Configurations `--skip` can leave out. */
const CONFIGURATIONS = ['pytorch', 'wasm', 'data-parallel', 'native'] as const;
type Configuration = (typeof CONFIGURATIONS)[number];

/** A comma-separated list option (`--name a,b`), each value one of `allowed`; `fallback` without the option. */
function listOption<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): readonly T[] {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const text = process.argv[index + 1] ?? '';
  const values = text.split(',').filter((value) => value !== '');
  if (values.length === 0 || values.some((value) => !allowed.includes(value as T))) {
    throw new Error(
      `--${name}: expected a comma-separated list of ${allowed.join(', ')}, found ${JSON.stringify(text)}`,
    );
  }
  return values as T[];
}

/** The workloads `--only` selects and whether `--skip` leaves a configuration in; prints both. */
function selection(): { workloads: Workload[]; runs: (configuration: Configuration) => boolean } {
  const all = WORKLOADS.map((workload) => workload.id);
  const ids = listOption<WorkloadId>('only', all, all);
  const skipped = listOption<Configuration>('skip', CONFIGURATIONS, []);
  const runs = (configuration: Configuration) => !skipped.includes(configuration);
  console.log(
    `workloads: ${ids.join(', ')}; configurations: ${CONFIGURATIONS.filter(runs).join(', ')}` +
      (skipped.length === 0 ? '' : ` (skipped: ${skipped.join(', ')})`),
  );
  return { workloads: WORKLOADS.filter((workload) => ids.includes(workload.id)), runs };
}

/** What one workload measured, each `undefined` when skipped or unavailable. */
interface WorkloadFigures {
  torch: ReturnType<typeof pytorch>;
  /** The PyTorch step to compare with: measured, or documented for the one-layer workload (ms). */
  reference: number | undefined;
  wasm: Figures | undefined;
  parallel: Figures | undefined;
  native: Figures | undefined;
  /** Dense GFLOP of one training step. */
  gflop: number;
}

/** How the benchmark runs: helper threads for data-parallel, whether native loads, which configurations run. */
interface BenchRun {
  threads: number;
  native: boolean;
  runs: (configuration: Configuration) => boolean;
}

async function measureWorkload(workload: Workload, { threads, native, runs }: BenchRun): Promise<WorkloadFigures> {
  const torch = runs('pytorch') ? pytorch(workload) : undefined;
  const reference = torch?.stepMs ?? (workload.kind === 'one-layer' ? PYTORCH_DOCUMENTED_MS : undefined);
  await initializeBackend({ backend: 'wasm' });
  const wasm = runs('wasm') ? await measure(workload, 1, 'wasm') : undefined;
  const parallel = runs('data-parallel') ? await measure(workload, threads, 'wasm') : undefined;
  let nativeFigures: Figures | undefined;
  if (native && runs('native')) {
    await initializeBackend({ backend: 'tensorflow' });
    nativeFigures = await measure(workload, 1, 'tensorflow');
    await initializeBackend({ backend: 'wasm' });
  }
  return { torch, reference, wasm, parallel, native: nativeFigures, gflop: trainingFlops(workload) / 1e9 };
}

/** The step times of a workload, which path `trainAst` takes, and the targets against PyTorch. */
function printStepTimes(workload: Workload, figures: WorkloadFigures, { threads, runs }: BenchRun): void {
  const { torch, reference, wasm, parallel, native, gflop } = figures;
  const trainerParallel = gflop >= DATA_PARALLEL_MIN_STEP_GFLOP;
  const trainerWasm = trainerParallel ? parallel : wasm;
  console.log(
    `${workload.name}: ${gflop.toFixed(2)} GFLOP per step; PyTorch ${torch === undefined ? `${runs('pytorch') ? 'not installed' : 'skipped'}${reference === undefined ? '' : ` (documented ${reference} ms)`}` : `${ms(torch)}, ${torch.blas}`}; ` +
      `wasm ${ms(wasm)}; wasm data-parallel ×${threads} ${ms(parallel)}; native ${ms(native)}`,
  );
  console.log(
    `  trainAst with dataParallel on wasm uses ${trainerParallel ? `${threads} threads` : 'one thread'} here ` +
      `(${gflop.toFixed(2)} GFLOP ${trainerParallel ? '≥' : '<'} dataParallelMinStepGflop ${DATA_PARALLEL_MIN_STEP_GFLOP})`,
  );
  if (reference !== undefined) {
    console.log(
      `  targets: native ≤ 2× PyTorch: ${native === undefined ? 'not measured' : `${verdict(native.stepMs <= 2 * reference)} (${ratio(native, reference)})`}; ` +
        `wasm as the trainer runs it ≤ 3×: ${trainerWasm === undefined ? 'not measured' : `${verdict(trainerWasm.stepMs <= 3 * reference)} (${ratio(trainerWasm, reference)})`}`,
    );
  }
}

/** The fastest run of each (nearest an idle machine's), with its ratio to PyTorch's fastest. */
function printFastestRuns({ torch, wasm, parallel, native }: WorkloadFigures): void {
  const fastest = (figures: Figures | undefined) =>
    figures === undefined ? '–' : `${figures.fastestStepMs.toFixed(1)} ms`;
  const fastestRatio = (figures: Figures | undefined) =>
    figures === undefined || torch === undefined
      ? ''
      : ` (${(figures.fastestStepMs / torch.fastestStepMs).toFixed(2)}×)`;
  console.log(
    `  fastest runs (nearest an idle machine's): PyTorch ${fastest(torch)}; wasm ${fastest(wasm)}${fastestRatio(wasm)}; ` +
      `data-parallel ${fastest(parallel)}${fastestRatio(parallel)}; native ${fastest(native)}${fastestRatio(native)}`,
  );
}

/** The workload's row of the summary table. */
function tableRow(workload: Workload, { torch, reference, wasm, parallel, native, gflop }: WorkloadFigures): string {
  const inference = [torch, wasm, native].map((f) =>
    f?.windowsPerSec === undefined ? '–' : f.windowsPerSec.toFixed(1),
  );
  return (
    `| ${workload.name} | ${gflop.toFixed(2)} | ${ms(torch)} | ${ms(wasm)} (${ratio(wasm, reference)}) | ${ms(parallel)} (${ratio(parallel, reference)}) | ` +
    `${ms(native)} (${ratio(native, reference)}) | ${inference.join(' / ')} |`
  );
}

/** tfjs-core's own BatchMatMul gradient (transpose flags on the kernel), to measure what the package's override saves. */
async function compareFlaggedGradient(workload: Workload, wasm: Figures): Promise<void> {
  registerGradientWith(tf.matMul);
  const flagged = await measure(workload, 1, 'wasm');
  registerGradientWith(matMulForBackend);
  console.log(
    `  on wasm with tfjs's own (transpose-flag) BatchMatMul gradient: ${ms(flagged)}, ${(flagged.stepMs / wasm.stepMs).toFixed(2)}× the package's`,
  );
}

/** The `tiny` speed-up on native against the wasm reference step, and its floor. */
async function tinyOnNative(tiny: Workload, native: Figures): Promise<void> {
  const speedup = TINY_WASM_REFERENCE_MS / native.stepMs;
  console.log(
    `  tiny on native is ${speedup.toFixed(1)}× faster than the 3.2 s/step measured on wasm (target ≥ 10×: ${verdict(speedup >= 10)})`,
  );
  await tinyFloor(tiny);
}

/** Measures and prints one workload; returns its table row. */
async function benchWorkload(workload: Workload, run: BenchRun): Promise<string> {
  const figures = await measureWorkload(workload, run);
  printStepTimes(workload, figures, run);
  printFastestRuns(figures);
  if (workload.kind === 'one-layer' && figures.wasm !== undefined) await compareFlaggedGradient(workload, figures.wasm);
  if (workload.id === 'tiny' && figures.native !== undefined) await tinyOnNative(workload, figures.native);
  return tableRow(workload, figures);
}

/** The machine, its load, and why native is skipped when it is. */
async function printMachine(native: boolean): Promise<void> {
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}; ` +
      `load average (1, 5, 15 min) at start: ${load()}`,
  );
  if (native) return;
  const reason = (await selectBackend({ backend: 'wasm' }).then(() => selectBackend({}))).skipped[0]?.reason;
  console.log(
    `tensorflow (native): skipped, @tensorflow/tfjs-node does not load here (${reason}); \`pnpm setup:native\` builds it offline`,
  );
}

async function main(): Promise<void> {
  registerAstLayers();
  const threads = Math.min(4, availableParallelism());
  const native = (await loadableBackends()).includes('tensorflow');
  await printMachine(native);
  const rows: string[] = [];
  const { workloads, runs } = selection();
  for (const workload of workloads) rows.push(await benchWorkload(workload, { threads, native, runs }));
  console.log(`\nload average (1, 5, 15 min) at the end: ${load()}`);
  console.log(
    `\n| training step (ratio to PyTorch) | dense GFLOP | PyTorch, 1 thread | wasm, 1 thread | wasm, data-parallel ×${threads} | native (tfjs-node) | inference windows/s: PyTorch / wasm / native |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

await main();
