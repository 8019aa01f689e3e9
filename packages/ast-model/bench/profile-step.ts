/**
 * `pnpm bench:profile [--workload sensor|tiny|one-layer] [--backend wasm|tensorflow] [--slowest N]`: the trainer's
 * step on one workload (defaults: `sensor`, the automatic backend), timed without profiling (median of the
 * workload's runs), then once under `tf.profile`: kernels per step, and per kernel kind the count and the time inside
 * the kernels. The time a step spends outside kernels (tape, scopes, tensor bookkeeping) is roughly the median minus
 * the kernel total. `--slowest N` also lists the N slowest kernels of the profiled step with their shapes.
 */
import * as tf from '@tensorflow/tfjs';
import { type AstBackendName, initializeBackend } from '../src/index.js';
import { WORKLOADS, workloadStep } from './workloads.js';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
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
  const times: number[] = [];
  for (let i = 0; i < workload.runs; i++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
  }
  const medianMs = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  const profile = await tf.profile(async () => {
    await step();
  });
  const kinds = new Map<string, { count: number; kernelMs: number }>();
  for (const kernel of profile.kernels) {
    const entry = kinds.get(kernel.name) ?? { count: 0, kernelMs: 0 };
    entry.count++;
    const kernelTimeMs = await kernel.kernelTimeMs;
    entry.kernelMs += typeof kernelTimeMs === 'number' ? kernelTimeMs : 0;
    kinds.set(kernel.name, entry);
  }
  const kernelMs = [...kinds.values()].reduce((sum, entry) => sum + entry.kernelMs, 0);
  console.log(
    `${workload.name} on ${backend}: step ${medianMs.toFixed(1)} ms (median of ${workload.runs}); ` +
      `${profile.kernels.length} kernels per step, ${kernelMs.toFixed(1)} ms inside them (profiled run)`,
  );
  console.log('| kernel | count | ms |\n|---|---|---|');
  for (const [name, entry] of [...kinds].sort((a, b) => b[1].kernelMs - a[1].kernelMs)) {
    console.log(
      `| ${name === 'unnamed scope' ? 'custom gradient (LayerNorm, GELU)' : name} | ${entry.count} | ${entry.kernelMs.toFixed(2)} |`,
    );
  }
  const slowest = Number(argument('slowest') ?? 0);
  if (slowest > 0) {
    const timed = await Promise.all(
      profile.kernels.map(async (kernel) => ({ kernel, kernelMs: Number(await kernel.kernelTimeMs) || 0 })),
    );
    console.log(`\nthe ${slowest} slowest kernels:`);
    for (const { kernel, kernelMs } of timed.sort((a, b) => b.kernelMs - a.kernelMs).slice(0, slowest)) {
      console.log(
        `${kernelMs.toFixed(3)} ms ${kernel.name} ${JSON.stringify(kernel.inputShapes)} → ${JSON.stringify(kernel.outputShapes)}`,
      );
    }
  }
  await dispose();
}

await main();
