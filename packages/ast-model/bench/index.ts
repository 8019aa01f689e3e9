/**
 * `pnpm bench`: training-step time and inference windows/s on the selected backend (wasm unless TSC_TFJS_BACKEND
 * says otherwise) for (a) the B8 T100 D192 one-layer transformer step of the toolchain notes, (b) the default
 * `sensor` preset and (c) `tiny` (DeiT-tiny, 12 layers) on 128 × 128 inputs. The PyTorch side of (a) runs in the
 * same process tree when Debian's python3-torch is installed; otherwise the documented figure (29 ms, one thread of
 * a 2-core x86-64) is the reference. (a) also runs data-parallel on two worker threads and with tfjs's own
 * BatchMatMul gradient, to show what each costs.
 */
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { batchMatMulGradient, type MatMulWithTransposes } from '../src/batch-mat-mul-gradient.js';
import {
  AdamW,
  type AstConfig,
  AstEncoderBlock,
  astConfig,
  createAstModel,
  globalNormScale,
  initializeBackend,
  matMulExplicit,
  registerAstLayers,
} from '../src/index.js';
import { oneLayerReplica } from './one-layer-replica.js';

const PYTORCH_DOCUMENTED_MS = 29;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(warmup: number, runs: number, step: () => void): number {
  for (let i = 0; i < warmup; i++) step();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** One AdamW step of `loss` over `variables`, synchronised by reading the loss. */
function trainStep(variables: tf.Variable[], optimizer: AdamW, loss: () => tf.Scalar): void {
  const { value, grads } = tf.variableGrads(loss, variables);
  const { scale } = globalNormScale(grads, 1);
  optimizer.applyGradients(variables, grads, 1e-3, scale);
  value.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
}

function oneLayerStep(): number {
  const replica = oneLayerReplica(AstEncoderBlock, 8, 0);
  const optimizer = new AdamW();
  const ms = time(3, 10, () => trainStep(replica.variables, optimizer, replica.loss));
  optimizer.dispose();
  return ms;
}

/**
 * The same step data-parallel on two worker threads (4 windows each): the weights and each worker's gradients live
 * in SharedArrayBuffers, so a step allocates no large JS buffer (two threads of one process allocating megabytes per
 * step serialise on the allocator: a matMul + `dataSync` loop ran 2× slower per thread with two threads than with
 * one); the main thread averages the gradients and applies AdamW.
 */
async function dataParallelOneLayerStep(): Promise<number> {
  const replica = oneLayerReplica(AstEncoderBlock, 8, 0);
  const { variables } = replica;
  const optimizer = new AdamW();
  const sizes = variables.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const weights = new Float32Array(new SharedArrayBuffer(total * 4));
  const gradients = [0, 1].map(() => new Float32Array(new SharedArrayBuffer(total * 4)));
  const workers = [0, 4].map(
    (offset, i) =>
      new Worker(new URL('./one-layer-worker.mjs', import.meta.url), {
        workerData: { batch: 4, offset, weights, gradients: gradients[i] },
        execArgv: ['--conditions=@tsc/source'],
      }),
  );
  const next = (worker: Worker) => new Promise<unknown>((resolve) => worker.once('message', resolve));
  await Promise.all(workers.map(next));
  const step = async () => {
    let offset = 0;
    for (const variable of variables) {
      weights.set(variable.dataSync() as Float32Array, offset);
      offset += variable.size;
    }
    await Promise.all(
      workers.map((worker) => {
        const reply = next(worker);
        worker.postMessage('step');
        return reply;
      }),
    );
    const grads: Record<string, tf.Tensor> = {};
    offset = 0;
    const [a, b] = gradients as [Float32Array, Float32Array];
    for (const variable of variables) {
      const mean = new Float32Array(variable.size);
      for (let j = 0; j < mean.length; j++) mean[j] = (a[offset + j]! + b[offset + j]!) / 2;
      grads[variable.name] = tf.tensor(mean, variable.shape);
      offset += variable.size;
    }
    const { scale } = globalNormScale(grads, 1);
    optimizer.applyGradients(variables, grads, 1e-3, scale);
    tf.dispose(Object.values(grads));
  };
  for (let i = 0; i < 3; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
  }
  await Promise.all(workers.map((worker) => worker.terminate()));
  optimizer.dispose();
  return median(times);
}

function modelFigures(config: AstConfig, batch: number, runs: number): { stepMs: number; windowsPerSec: number } {
  const model = createAstModel(config, { seed: 1 });
  const x = tf.randomNormal([batch, config.maxLength, config.numMelBins], 0, 1, 'float32', 3);
  const labels = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: batch }, (_, i) => i % config.numLabels),
      'int32',
    ),
    config.numLabels,
  );
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = new AdamW();
  const loss = () =>
    tf.tidy(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
  const stepMs = time(2, runs, () => trainStep(variables, optimizer, loss));
  const inferenceMs = time(2, runs, () => {
    const y = model.predict(x) as tf.Tensor;
    y.dataSync();
    y.dispose();
  });
  optimizer.dispose();
  tf.dispose([x, labels]);
  model.dispose();
  return { stepMs, windowsPerSec: (batch * 1000) / inferenceMs };
}

/** A PyTorch measurement: median step time and the BLAS library torch loaded. */
interface TorchFigure {
  ms: number;
  blas: string;
}

/**
 * The same one-layer step in PyTorch on one thread, when a Python with torch is installed (Debian's python3-torch
 * lives in /usr/bin/python3, which a pyenv `python3` on the PATH may hide). Debian's torch calls whichever
 * libblas.so.3 is installed: the reference BLAS makes it ~18× slower than OpenBLAS, so the BLAS is reported.
 */
function pytorchOneLayer(): TorchFigure | undefined {
  const script = `
import time, torch
torch.set_num_threads(1); torch.manual_seed(0)
B,T,D,H=8,100,192,3
class Block(torch.nn.Module):
    def __init__(s):
        super().__init__(); s.ln1=torch.nn.LayerNorm(D); s.qkv=torch.nn.Linear(D,3*D); s.o=torch.nn.Linear(D,D)
        s.ln2=torch.nn.LayerNorm(D); s.f1=torch.nn.Linear(D,4*D); s.f2=torch.nn.Linear(4*D,D); s.head=torch.nn.Linear(D,3)
    def forward(s,x):
        q,k,v=s.qkv(s.ln1(x)).view(B,T,3,H,D//H).permute(2,0,3,1,4)
        a=torch.softmax(q@k.transpose(-1,-2)/8,-1)@v
        x=x+s.o(a.transpose(1,2).reshape(B,T,D)); x=x+s.f2(torch.relu(s.f1(s.ln2(x))))
        return s.head(x.mean(1))
m=Block(); opt=torch.optim.AdamW(m.parameters(),1e-3); x=torch.randn(B,T,D); y=torch.arange(B)%3
ts=[]
for i in range(13):
    t=time.perf_counter(); opt.zero_grad(); l=torch.nn.functional.cross_entropy(m(x),y); l.backward(); opt.step(); l.item()
    if i>=3: ts.append((time.perf_counter()-t)*1000)
maps=open('/proc/self/maps').read()
blas='OpenBLAS' if 'openblas' in maps else 'MKL' if 'libmkl' in maps else 'BLIS' if 'blis' in maps else 'reference BLAS (slow; apt install libopenblas0-pthread)' if 'libblas' in maps else 'unknown'
print(sorted(ts)[len(ts)//2], blas, sep='\t')`;
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const [ms, blas] = execFileSync(python, ['-c', script], {
        encoding: 'utf8',
        env,
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .trim()
        .split('\t');
      return { ms: Number(ms), blas: blas ?? 'unknown' };
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

async function main(): Promise<void> {
  const report = await initializeBackend();
  registerAstLayers();
  console.log(`backend: ${report.backend}${report.backend === 'wasm' ? ` (SIMD ${report.simd}, 1 thread)` : ''}`);

  const parallel = await dataParallelOneLayerStep();
  // tfjs-core's own gradient (transpose flags on the kernel), to measure what the package's override saves.
  registerGradientWith(tf.matMul);
  const flagged = oneLayerStep();
  registerGradientWith(matMulExplicit);
  const oneLayer = oneLayerStep();
  const torch = pytorchOneLayer();
  const referenceMs = torch?.ms ?? PYTORCH_DOCUMENTED_MS;
  const source =
    torch === undefined
      ? 'documented PyTorch figure, python3-torch not installed'
      : `PyTorch measured now, 1 thread, ${torch.blas}; documented ${PYTORCH_DOCUMENTED_MS} ms on another machine`;
  console.log(
    `B8 T100 D192 one-layer train step: ${oneLayer.toFixed(1)} ms; reference ${referenceMs.toFixed(1)} ms (${source}); ` +
      `ratio ${(oneLayer / referenceMs).toFixed(2)}× (target ≤ 2×)`,
  );
  console.log(
    `  data-parallel on 2 worker threads (4 windows each, gradients averaged): ${parallel.toFixed(1)} ms; ` +
      `ratio ${(parallel / referenceMs).toFixed(2)}×`,
  );
  console.log(
    `  same step with tfjs's own (transpose-flag) BatchMatMul gradient: ${flagged.toFixed(1)} ms → the override is ` +
      `${(flagged / oneLayer).toFixed(2)}× faster (toolchain notes, idle machine: 628 → 244 ms)`,
  );

  if (process.argv.includes('--one-layer')) return;
  const sensor = astConfig({ preset: 'sensor' });
  const sensorFigures = modelFigures(sensor, 32, 10);
  console.log(
    `sensor preset (${sensor.maxLength}×${sensor.numMelBins} input, hidden ${sensor.hiddenSize}, ${sensor.numHiddenLayers} layers): ` +
      `train step batch 32 ${sensorFigures.stepMs.toFixed(1)} ms (${((32 * 1000) / sensorFigures.stepMs).toFixed(0)} windows/s), ` +
      `inference ${sensorFigures.windowsPerSec.toFixed(0)} windows/s`,
  );

  const tiny = astConfig({ preset: 'tiny', maxLength: 128, numMelBins: 128, numLabels: 3 });
  const tinyFigures = modelFigures(tiny, 8, 3);
  console.log(
    `tiny preset (128×128 input, 146 tokens, 12 layers of 192): train step batch 8 ${tinyFigures.stepMs.toFixed(0)} ms, ` +
      `inference ${tinyFigures.windowsPerSec.toFixed(1)} windows/s`,
  );
}

await main();
