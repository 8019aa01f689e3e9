import * as tf from '@tensorflow/tfjs';

let registered = false;

/** `dy` summed over the axes `shape` was broadcast along, in `shape`; a reshape only when the shape differs. */
function reduceTo(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, dy.shape);
  if (axes.length === 0) return tf.util.arraysEqual(dy.shape, shape) ? tf.clone(dy) : tf.reshape(dy, shape);
  const reduced = tf.sum(dy, axes);
  return tf.util.arraysEqual(reduced.shape, shape) ? reduced : tf.reshape(reduced, shape);
}

/**
 * Replaces TensorFlow.js's `Add` gradient with one that reshapes only when a shape changes. tfjs-core's reshapes
 * each input's gradient even to the shape it has, and tfjs-node runs every reshape as a TensorFlow op with a new
 * shape tensor: about 30 of the ~550 kernels of a native `sensor` training step. The values are the same.
 * Idempotent; called by {@link initializeBackend} and {@link createAstModel}.
 *
 * @internal
 */
export function registerAddGradient(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: 'Add',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const grad = dy as tf.Tensor;
      return { a: () => reduceTo(grad, a.shape), b: () => reduceTo(grad, b.shape) };
    },
  });
}
