import * as tf from '@tensorflow/tfjs';
import { concatLeadingAxis, splitLeadingAxis } from './leading-axis-split.js';

let registered = false;

/** Swaps the last two axes with an explicit `Transpose` kernel. @internal */
export function transposeLastTwo(x: tf.Tensor): tf.Tensor {
  const rank = x.rank;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return tf.transpose(x, perm);
}

/** `a · b` with optional transposes done explicitly first (the wasm kernel is ~8× slower with its flags set). @internal */
export function matMulExplicit(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  return tf.matMul(transposeA ? transposeLastTwo(a) : a, transposeB ? transposeLastTwo(b) : b);
}

/** Backends whose BatchMatMul kernel is fast with transpose flags and batches (native TensorFlow's). */
const FLAG_FRIENDLY_BACKENDS: readonly string[] = ['tensorflow'];

/**
 * Whether the active backend's batched, transposed and 5-D kernels are fast (native TensorFlow's), so layers can
 * use them directly instead of the wasm workarounds.
 *
 * @internal
 */
export function flagFriendly(): boolean {
  return FLAG_FRIENDLY_BACKENDS.includes(tf.getBackend());
}

/**
 * `a · b` with optional transposes the fastest way for the active backend: the kernel's own flags on `tensorflow`,
 * {@link matMulExplicit} elsewhere (wasm). The package's BatchMatMul gradient computes its products with it.
 *
 * @internal
 */
export function matMulForBackend(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  return flagFriendly() ? tf.matMul(a, b, transposeA, transposeB) : matMulExplicit(a, b, transposeA, transposeB);
}

/** A matrix product with optional transposes, as `tf.matMul(a, b, transposeA, transposeB)`. */
export type MatMulWithTransposes = (
  a: tf.Tensor,
  b: tf.Tensor,
  transposeA?: boolean,
  transposeB?: boolean,
) => tf.Tensor;

/**
 * The `BatchMatMul` gradient for every combination of the kernel's transpose flags, with the products computed by
 * `matMul`: {@link matMulExplicit} for the package's gradient, `tf.matMul` for tfjs-core's own (the benchmark
 * measures both).
 *
 * @internal
 */
export function batchMatMulGradient(matMul: MatMulWithTransposes): tf.GradFunc {
  return (dy, saved, attrs) => {
    const grad = dy as tf.Tensor;
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const transposeA = attrs.transposeA === true;
    const transposeB = attrs.transposeB === true;
    if (!transposeA && !transposeB) {
      return { a: () => matMul(grad, b, false, true), b: () => matMul(a, grad, true, false) };
    }
    if (!transposeA && transposeB) {
      return { a: () => matMul(grad, b), b: () => matMul(grad, a, true, false) };
    }
    if (transposeA && !transposeB) {
      return { a: () => matMul(b, grad, false, true), b: () => matMul(a, grad) };
    }
    return { a: () => matMul(b, grad, true, true), b: () => matMul(grad, a, true, true) };
  };
}

/**
 * Replaces TensorFlow.js's BatchMatMul gradient with one that transposes operands explicitly instead of setting the
 * kernel's transpose flags. On the wasm backend this makes a transformer training step ~2.5× faster (the flagged
 * kernel is ~8× slower); on `tensorflow` it keeps the flags (native kernels apply them for free). Idempotent; called by {@link initializeBackend} and
 * {@link createAstModel}.
 *
 * @internal
 */
export function registerBatchMatMulGradient(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: batchMatMulGradient(matMulForBackend),
  });
}

/**
 * `a[i] · b[i]` for every `i` of two rank-3 tensors. The wasm backend runs 2-D products through XNNPACK but
 * batched ones through a slow generic loop, so large per-entry products (≥ 65 536 multiply-adds, e.g. attention over
 * 100 tokens) run as one 2-D matMul per entry (forward ~9× faster, forward + backward 10–40 % faster); small ones
 * stay one batched matMul, and so does every product on `tensorflow` (its batched kernel is fast).
 *
 * @internal
 */
export function batchedMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [count, rows, inner] = a.shape as [number, number, number];
  const columns = b.shape[2]!;
  // Small products: the per-op overhead of many 2-D kernels outweighs the slow batched loop.
  if (count === 1 || rows * inner * columns < 65_536 || flagFriendly()) return tf.matMul(a, b);
  const left = splitLeadingAxis(a);
  const right = splitLeadingAxis(b);
  const products = left.map((x, i) =>
    tf.reshape(tf.matMul(tf.reshape(x, [rows, inner]), tf.reshape(right[i]!, [inner, columns])), [1, rows, columns]),
  );
  return concatLeadingAxis(products);
}
