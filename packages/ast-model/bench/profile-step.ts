/**
 * `pnpm bench:profile [--workload sensor|tiny|one-layer] [--backend wasm|tensorflow] [--profiles N] [--slowest N]`:
 * the trainer's step on one workload (defaults: `sensor`, the automatic backend), timed without profiling (median and
 * fastest of the workload's runs, wall and CPU time), then `--profiles` times (default 3) under `tf.profile`: kernels
 * per step, and per kernel kind the count and the time inside the kernels. Each kernel's time is the least of the
 * profiled runs (a step runs the same kernels in the same order), so other jobs on the machine inflate it less. The
 * custom-gradient scopes (LayerNorm, GELU) are listed apart: their kernels are also counted under their own kinds.
 * The time a step spends outside kernels (tape, scopes, tensor bookkeeping) is roughly the step minus the kernel
 * total. `--slowest N` also lists the N slowest kernels with their shapes.
 */
import { cpuUsage } from 'node:process';
import * as tf from '@tensorflow/tfjs';
import { type AstBackendName, initializeBackend } from '../src/index.js';
import { WORKLOADS, workloadStep } from './workloads.js';

/** The name tf.profile gives a `tf.customGrad` scope. */
const CUSTOM_GRADIENT_SCOPE = 'unnamed scope';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

/** One kernel of a profiled step: kind, shapes and its least time over the profiled runs. */
interface ProfiledKernel {
  name: string;
  inputShapes: number[][];
  outputShapes: number[][];
  kernelMs: number;
}

/** The kernels of `profiles` profiled steps, each with the least time it took in any of them. */
async function profileKernels(step: () => Promise<unknown>, profiles: number): Promise<ProfiledKernel[]> {
  let kernels: ProfiledKernel[] | undefined;
  for (let run = 0; run < profiles; run++) {
    const profile = await tf.profile(async () => {
      await step();
    });
    const times = await Promise.all(profile.kernels.map(async (kernel) => Number(await kernel.kernelTimeMs) || 0));
    const same = kernels?.length === profile.kernels.length;
    if (kernels !== undefined && !same) throw new Error('the profiled steps ran different kernels');
    kernels = profile.kernels.map((kernel, i) => ({
      name: kernel.name,
      inputShapes: kernel.inputShapes as number[][],
      outputShapes: kernel.outputShapes as number[][],
      kernelMs: Math.min(times[i]!, kernels?.[i]?.kernelMs ?? Number.POSITIVE_INFINITY),
    }));
  }
  return kernels ?? [];
}

/** Median and fastest wall and CPU milliseconds of `runs` steps. */
async function timeSteps(step: () => Promise<unknown>, runs: number) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const before = cpuUsage();
    await step();
    const used = cpuUsage(before);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return `wall ${median(wall).toFixed(1)} ms median, ${Math.min(...wall).toFixed(1)} fastest; CPU ${median(cpu).toFixed(1)} ms median, ${Math.min(...cpu).toFixed(1)} fastest (of ${runs})`;
}

function printKinds(kernels: readonly ProfiledKernel[]): void {
  const kinds = new Map<string, { count: number; kernelMs: number }>();
  for (const kernel of kernels) {
    const entry = kinds.get(kernel.name) ?? { count: 0, kernelMs: 0 };
    entry.count++;
    entry.kernelMs += kernel.kernelMs;
    kinds.set(kernel.name, entry);
  }
  const counted = kernels.filter((kernel) => kernel.name !== CUSTOM_GRADIENT_SCOPE);
  const totalMs = counted.reduce((sum, kernel) => sum + kernel.kernelMs, 0);
  console.log(`${counted.length} kernels per step, ${totalMs.toFixed(1)} ms inside them (least of the profiled runs)`);
  console.log('| kernel | count | ms | share |\n|---|---|---|---|');
  for (const [name, entry] of [...kinds].sort((a, b) => b[1].kernelMs - a[1].kernelMs)) {
    const scope = name === CUSTOM_GRADIENT_SCOPE;
    console.log(
      `| ${scope ? 'custom-gradient scopes (LayerNorm, GELU; their kernels are also counted under their kinds)' : name} | ` +
        `${entry.count} | ${entry.kernelMs.toFixed(2)} | ${scope ? '–' : `${((100 * entry.kernelMs) / totalMs).toFixed(1)} %`} |`,
    );
  }
}

async function main(): Promise<void> {
  const id = argument('workload') ?? 'sensor';
  const workload = WORKLOADS.find((candidate) => candidate.id === id);
  if (workload === undefined)
    throw new Error(`--workload: expected ${WORKLOADS.map((w) => w.id).join(' | ')}, got ${id}`);
  const requested = argument('backend') as AstBackendName | undefined;
  const { backend } = await initializeBackend(requested === undefined ? {} : { backend: requested });
  const { step, dispose } = await workloadStep(workload, 1, backend);
  for (let i = 0; i < workload.warmup; i++) await step();
  console.log(`${workload.name} on ${backend}: step ${await timeSteps(step, workload.runs)}`);
  const kernels = await profileKernels(step, Number(argument('profiles') ?? 3));
  printKinds(kernels);
  const slowest = Number(argument('slowest') ?? 0);
  if (slowest > 0) {
    console.log(`\nthe ${slowest} slowest kernels:`);
    for (const kernel of [...kernels].sort((a, b) => b.kernelMs - a.kernelMs).slice(0, slowest)) {
      console.log(
        `${kernel.kernelMs.toFixed(3)} ms ${kernel.name} ${JSON.stringify(kernel.inputShapes)} → ${JSON.stringify(kernel.outputShapes)}`,
      );
    }
  }
  await dispose();
}

await main();
