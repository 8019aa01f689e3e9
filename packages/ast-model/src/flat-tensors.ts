import * as tf from '@tensorflow/tfjs';

/** Name of the kernel behind {@link flattenTensors} on the CPU-memory backends. */
const FLATTEN_KERNEL = 'TscFlattenTensors';
/** Name of the kernel behind {@link splitToShapes} on the CPU-memory backends. */
const SPLIT_KERNEL = 'TscSplitToShapes';
/** Backends whose memory the kernels copy directly (tfjs-backend-wasm's heap, tfjs-backend-cpu's arrays). */
const KERNEL_BACKENDS: readonly string[] = ['wasm', 'cpu'];

let registered = false;

/** The wasm backend's heap access (public methods of tfjs-backend-wasm's `BackendWasm`). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array;
}

function isWasmHeapBackend(backend: unknown): backend is WasmHeapBackend {
  const candidate = backend as Partial<WasmHeapBackend>;
  return typeof candidate.makeOutput === 'function' && typeof candidate.typedArrayFromHeap === 'function';
}

const sizeOf = (shape: readonly number[]) => shape.reduce((product, n) => product * n, 1);

/** Copies every input, in order, into one `[total]` float32 output. */
function flattenKernel({ inputs, backend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const pieces = Object.values(inputs) as tf.TensorInfo[];
  const total = pieces.reduce((sum, piece) => sum + sizeOf(piece.shape), 0);
  if (isWasmHeapBackend(backend)) {
    const output = backend.makeOutput([total], 'float32');
    // Views are taken after the allocation: growing the wasm memory detaches earlier views.
    const target = backend.typedArrayFromHeap(output);
    let offset = 0;
    for (const piece of pieces) {
      const values = backend.typedArrayFromHeap(piece);
      target.set(values, offset);
      offset += values.length;
    }
    return output;
  }
  const memory = backend as tf.KernelBackend;
  const target = new Float32Array(total);
  let offset = 0;
  for (const piece of pieces) {
    const values = memory.readSync(piece.dataId) as Float32Array;
    target.set(values, offset);
    offset += values.length;
  }
  return { dataId: memory.write(target, [total], 'float32'), shape: [total], dtype: 'float32' };
}

/** Copies consecutive runs of a `[total]` input into outputs of the given shapes. */
function splitKernel({ inputs, attrs, backend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const x = inputs.x as tf.TensorInfo;
  const shapes = attrs!.shapes as number[][];
  if (isWasmHeapBackend(backend)) {
    const pieces = shapes.map((shape) => backend.makeOutput(shape, 'float32'));
    const input = backend.typedArrayFromHeap(x);
    let offset = 0;
    for (const piece of pieces) {
      const target = backend.typedArrayFromHeap(piece);
      target.set(input.subarray(offset, offset + target.length));
      offset += target.length;
    }
    return pieces;
  }
  const memory = backend as tf.KernelBackend;
  const values = memory.readSync(x.dataId) as Float32Array;
  let offset = 0;
  return shapes.map((shape) => {
    const size = sizeOf(shape);
    const dataId = memory.write(values.slice(offset, offset + size), shape, 'float32');
    offset += size;
    return { dataId, shape, dtype: 'float32' as const };
  });
}

function registerKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of KERNEL_BACKENDS) {
    tf.registerKernel({ kernelName: FLATTEN_KERNEL, backendName, kernelFunc: flattenKernel as tf.KernelFunc });
    tf.registerKernel({ kernelName: SPLIT_KERNEL, backendName, kernelFunc: splitKernel as tf.KernelFunc });
  }
}

function onKernelBackend(): boolean {
  if (!KERNEL_BACKENDS.includes(tf.getBackend())) return false;
  registerKernels();
  return true;
}

/**
 * All elements of `tensors` (float32) in order, as one `[total]` tensor: `tf.concat(tensors.map(flatten))` in one
 * kernel on wasm and cpu (no per-tensor reshape). Not differentiable: for optimizer state and gradients after
 * backpropagation.
 *
 * @internal
 */
export function flattenTensors(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  if (tensors.length === 1 && tensors[0]!.rank === 1) return tf.clone(tensors[0]!) as tf.Tensor1D;
  if (onKernelBackend()) {
    const inputs = Object.fromEntries(tensors.map((tensor, i) => [String(i), tensor]));
    return tf.engine().runKernel(FLATTEN_KERNEL, inputs, {}) as tf.Tensor1D;
  }
  return tf.tidy(() => tf.concat(tensors.map((tensor) => tf.reshape(tensor, [-1]))) as tf.Tensor1D);
}

/**
 * The inverse of {@link flattenTensors}: consecutive runs of the `[total]` tensor `flat` reshaped to `shapes`, in
 * one kernel on wasm and cpu (tfjs-backend-wasm's `SplitV` copies the whole input once per piece).
 *
 * @internal
 */
export function splitToShapes(flat: tf.Tensor, shapes: readonly number[][]): tf.Tensor[] {
  if (onKernelBackend()) {
    return tf
      .engine()
      .runKernel(SPLIT_KERNEL, { x: flat }, { shapes: shapes.map((shape) => [...shape]) }) as unknown as tf.Tensor[];
  }
  return tf.tidy(() => {
    const pieces = tf.split(flat, shapes.map(sizeOf));
    return pieces.map((piece, i) => tf.reshape(piece, shapes[i]!));
  });
}
