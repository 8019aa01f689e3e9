import * as tf from '@tensorflow/tfjs';

/** Name of the kernel behind {@link flattenTensors} on the CPU-memory backends. */
const FLATTEN_KERNEL = 'TscFlattenTensors';
/** Name of the kernel behind {@link splitToShapes} on the CPU-memory backends. */
const SPLIT_KERNEL = 'TscSplitToShapes';
/** Backends whose memory the kernels copy directly (tfjs-backend-wasm's heap, tfjs-backend-cpu's arrays). */
const KERNEL_BACKENDS: readonly string[] = ['wasm', 'cpu'];

/** The tfjs-node backend, whose kernels here run TensorFlow ops directly. */
const NATIVE_BACKEND = 'tensorflow';

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

/** The parts of tfjs-node's `NodeJSKernelBackend` the native kernels use (public methods and its binding). */
interface NativeBackend {
  binding: { TF_ATTR_INT: number; TF_ATTR_TYPE: number; TF_FLOAT: number; TF_INT32: number };
  executeSingleOutput(name: string, attributes: unknown[], inputs: tf.TensorInfo[]): tf.Tensor;
  executeMultipleOutputs(name: string, attributes: unknown[], inputs: tf.TensorInfo[], outputs: number): tf.Tensor[];
}

/** Constant int32 tensors (shapes, sizes, the axis) of the native kernels, kept per backend instance. */
const nativeConstants = new WeakMap<object, Map<string, tf.Tensor>>();

/** A kept int32 tensor of `values` (rank 1, or a scalar when `scalar`), created once per backend. */
function nativeConstant(backend: object, values: readonly number[], scalar = false): tf.Tensor {
  let constants = nativeConstants.get(backend);
  if (constants === undefined) nativeConstants.set(backend, (constants = new Map()));
  const key = `${scalar ? 's' : 'v'}${values.join(',')}`;
  let tensor = constants.get(key);
  if (tensor === undefined) {
    tensor = tf.keep(scalar ? tf.scalar(values[0]!, 'int32') : tf.tensor1d([...values], 'int32'));
    constants.set(key, tensor);
  }
  return tensor;
}

/** TensorFlow's `Reshape` with a cached shape tensor (tfjs-node's kernel creates and frees one per call). */
function nativeReshape(backend: NativeBackend, x: tf.TensorInfo, shape: readonly number[]): tf.Tensor {
  const { binding } = backend;
  const attributes = [
    { name: 'T', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT },
    { name: 'Tshape', type: binding.TF_ATTR_TYPE, value: binding.TF_INT32 },
  ];
  return backend.executeSingleOutput('Reshape', attributes, [x, nativeConstant(backend, shape)]);
}

/** {@link flattenKernel} on `tensorflow`: a reshape per input and one `ConcatV2`. */
function nativeFlattenKernel({ inputs, backend }: Parameters<tf.KernelFunc>[0]): tf.Tensor {
  const native = backend as unknown as NativeBackend;
  const { binding } = native;
  const pieces = (Object.values(inputs) as tf.TensorInfo[]).map((piece) =>
    nativeReshape(native, piece, [sizeOf(piece.shape)]),
  );
  const attributes = [
    { name: 'N', type: binding.TF_ATTR_INT, value: pieces.length },
    { name: 'Tidx', type: binding.TF_ATTR_TYPE, value: binding.TF_INT32 },
    { name: 'T', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT },
  ];
  const output = native.executeSingleOutput('ConcatV2', attributes, [...pieces, nativeConstant(native, [0], true)]);
  tf.dispose(pieces);
  return output;
}

/** {@link splitKernel} on `tensorflow`: one `SplitV` and a reshape per output. */
function nativeSplitKernel({ inputs, attrs, backend }: Parameters<tf.KernelFunc>[0]): tf.Tensor[] {
  const native = backend as unknown as NativeBackend;
  const { binding } = native;
  const shapes = attrs!.shapes as number[][];
  const attributes = [
    { name: 'num_split', type: binding.TF_ATTR_INT, value: shapes.length },
    { name: 'T', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT },
    { name: 'Tlen', type: binding.TF_ATTR_TYPE, value: binding.TF_INT32 },
  ];
  const sizes = nativeConstant(native, shapes.map(sizeOf));
  const runs = native.executeMultipleOutputs(
    'SplitV',
    attributes,
    [inputs.x as tf.TensorInfo, sizes, nativeConstant(native, [0], true)],
    shapes.length,
  );
  const pieces = runs.map((run, i) => nativeReshape(native, run, shapes[i]!));
  tf.dispose(runs);
  return pieces;
}

function registerKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of KERNEL_BACKENDS) {
    tf.registerKernel({ kernelName: FLATTEN_KERNEL, backendName, kernelFunc: flattenKernel as tf.KernelFunc });
    tf.registerKernel({ kernelName: SPLIT_KERNEL, backendName, kernelFunc: splitKernel as tf.KernelFunc });
  }
  tf.registerKernel({
    kernelName: FLATTEN_KERNEL,
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeFlattenKernel as unknown as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: SPLIT_KERNEL,
    backendName: NATIVE_BACKEND,
    kernelFunc: nativeSplitKernel as unknown as tf.KernelFunc,
  });
}

function onKernelBackend(): boolean {
  const backend = tf.getBackend();
  if (!KERNEL_BACKENDS.includes(backend) && backend !== NATIVE_BACKEND) return false;
  registerKernels();
  return true;
}

/**
 * All elements of `tensors` (float32) in order, as one `[total]` tensor: `tf.concat(tensors.map(flatten))` in one
 * kernel on wasm and cpu (no per-tensor reshape), with TensorFlow ops and cached shape tensors on `tensorflow`. Not differentiable: for optimizer state and gradients after
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

/**
 * Writes the `[total]` tensor `flat` (laid out as {@link flattenTensors} lays out `variables`) into the variables.
 *
 * @internal
 */
export function assignFlat(variables: readonly tf.Variable[], flat: tf.Tensor): void {
  const pieces = splitToShapes(
    flat,
    variables.map((variable) => variable.shape),
  );
  variables.forEach((variable, i) => {
    variable.assign(pieces[i]!);
  });
  tf.dispose(pieces);
}
