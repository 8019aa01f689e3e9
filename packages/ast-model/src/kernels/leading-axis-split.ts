import * as tf from '@tensorflow/tfjs';

/** Name of the kernel behind {@link splitLeadingAxis}. */
const SPLIT_KERNEL = 'TscSplitLeadingAxis';

/** Backends whose `readSync` and `makeTensorInfo` the kernel uses (CPU-memory backends). */
const KERNEL_BACKENDS = ['wasm', 'cpu'] as const;

let registered = false;

/** The wasm backend's heap access (public methods of tfjs-backend-wasm's `BackendWasm`). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function isWasmHeapBackend(backend: unknown): backend is WasmHeapBackend {
  const candidate = backend as Partial<WasmHeapBackend>;
  return typeof candidate.makeOutput === 'function' && typeof candidate.typedArrayFromHeap === 'function';
}

/**
 * The kernel: copies each contiguous piece of the input into its own output. tfjs-backend-wasm's own `SplitV`
 * slices piece by piece, and each `Slice` first copies the WHOLE input out of the wasm heap into a new JS buffer, so
 * splitting `[24, 100, 64]` into 24 pieces cost ~12 ms instead of ~0.1 ms. On wasm this copies heap to heap and
 * allocates no JS buffer (large allocations also serialise worker threads of one process); on cpu it reads once.
 */
function splitKernel({ inputs, attrs, backend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const x = inputs.x as tf.TensorInfo;
  const count = attrs!.count as number;
  const shape = [1, ...x.shape.slice(1)];
  const size = x.shape.reduce((product, n) => product * n, 1) / count;
  if (isWasmHeapBackend(backend)) {
    const pieces = Array.from({ length: count }, () => backend.makeOutput(shape, x.dtype));
    // Views are taken after every allocation: growing the wasm memory detaches earlier views.
    const input = backend.typedArrayFromHeap(x);
    for (const [i, piece] of pieces.entries()) {
      backend.typedArrayFromHeap(piece).set(input.subarray(i * size, (i + 1) * size));
    }
    return pieces;
  }
  const memory = backend as tf.KernelBackend;
  const values = memory.readSync(x.dataId) as Float32Array | Int32Array;
  return Array.from({ length: count }, (_, i) => ({
    dataId: memory.write(values.slice(i * size, (i + 1) * size), shape, x.dtype),
    shape,
    dtype: x.dtype,
  }));
}

/** Registers the split kernel for the CPU-memory backends and its gradient. Idempotent. */
function registerSplitKernel(): void {
  if (registered) return;
  registered = true;
  for (const backendName of KERNEL_BACKENDS) {
    tf.registerKernel({ kernelName: SPLIT_KERNEL, backendName, kernelFunc: splitKernel as tf.KernelFunc });
  }
  tf.registerGradient({
    kernelName: SPLIT_KERNEL,
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
      const pieces = Array.isArray(dy) ? dy : [dy];
      return { x: () => concatLeadingAxis(pieces) };
    },
  });
}

/**
 * Splits `x` along axis 0 into `x.shape[0]` tensors of leading size 1, like `tf.split(x, x.shape[0], 0)`, and
 * differentiably (the gradient is {@link concatLeadingAxis}). On the wasm and cpu backends one kernel reads the
 * input once (tfjs-backend-wasm's `SplitV` copies the whole input once per piece); elsewhere it is `tf.split`.
 *
 * @param x - A tensor of rank ≥ 1.
 * @returns `x.shape[0]` tensors of shape `[1, ...x.shape.slice(1)]`.
 * @internal Used by the model's attention; not exported (its test is `leading-axis-split.test.ts`).
 */
export function splitLeadingAxis(x: tf.Tensor): tf.Tensor[] {
  const count = x.shape[0]!;
  if (!(KERNEL_BACKENDS as readonly string[]).includes(tf.getBackend())) return tf.split(x, count, 0);
  registerSplitKernel();
  return tf.engine().runKernel(SPLIT_KERNEL, { x }, { count }) as unknown as tf.Tensor[];
}

/**
 * Concatenates tensors along axis 0, like `tf.concat(xs, 0)`, with {@link splitLeadingAxis} as its gradient when
 * every piece has leading size 1 (`tf.concat`'s own gradient goes through the slow wasm `SplitV`).
 *
 * @param xs - Tensors of equal shape `[1, ...rest]` (other shapes fall back to `tf.concat`).
 * @returns `[xs.length, ...rest]`.
 *
 * @internal
 */
export function concatLeadingAxis(xs: tf.Tensor[]): tf.Tensor {
  if (xs.some((x) => x.shape[0] !== 1)) return tf.concat(xs, 0);
  return concatWithSplitGradient(...xs);
}

/** `tf.concat(pieces, 0)` whose gradient is {@link splitLeadingAxis} (`tf.customGrad` appends its save function). */
const concatWithSplitGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const pieces = args.slice(0, -1) as tf.Tensor[];
  return { value: tf.concat(pieces, 0), gradFunc: (dy: tf.Tensor) => splitLeadingAxis(dy) };
});
