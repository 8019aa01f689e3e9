import { describeFound, InvalidArgumentError, TscError } from '@tsc/errors';

/** A backend was requested (by option or `TSC_TFJS_BACKEND`) that is unknown or failed to initialise. */
export class BackendUnavailableError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.BackendUnavailableError');
  constructor(
    /** The backend that was requested. */
    readonly backend: string,
    /** Why it could not be used. */
    readonly reason: string,
  ) {
    super(`TensorFlow.js backend '${backend}' is not available: ${reason}`);
  }
}

/** A model configuration or a training option is invalid: `field`, `expected`, `found`, as every {@link InvalidArgumentError}. */
export class AstConfigError extends InvalidArgumentError {
  static override readonly marker: symbol = Symbol.for('tsc.error.AstConfigError');
}

/**
 * Input data (features, labels, shapes) does not match what the model or function expects: `field` (e.g.
 * `features.shape`), `expected`, `found`, as every {@link InvalidArgumentError}.
 */
export class AstInputError extends InvalidArgumentError {
  static override readonly marker: symbol = Symbol.for('tsc.error.AstInputError');
}

/** A safetensors buffer or a checkpoint is malformed or misses a tensor. */
export class CheckpointFormatError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.CheckpointFormatError');
  constructor(
    /** The file or source being read (`<memory>` for buffers). */
    readonly file: string,
    /** The tensor name, header field or byte offset concerned. */
    readonly location: string,
    /** What was expected. */
    readonly expected: string,
    /** What was found. */
    readonly found: unknown,
  ) {
    super(`${file}: ${location}: expected ${expected}, found ${describeFound(found)}`);
  }
}

/** A saved model directory (or URL) is missing a file, has a wrong shape or an unknown format version. */
export class ModelDirectoryError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.ModelDirectoryError');
  constructor(
    /** The directory, URL or file concerned. */
    readonly path: string,
    /** The file or field concerned, e.g. `weights.bin` or `formatVersion`. */
    readonly field: string,
    /** What was expected. */
    readonly expected: string,
    /** What was found. */
    readonly found: unknown,
    options: { cause?: unknown } = {},
  ) {
    super(`${path}: ${field}: expected ${expected}, found ${describeFound(found)}`, options);
  }
}

/** A helper thread of data-parallel training failed or disagreed with the model it serves. */
export class DataParallelError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.DataParallelError');
  constructor(
    /** The helper (1-based; 0 is the calling thread). */
    readonly helper: number,
    /** What went wrong. */
    readonly reason: string,
  ) {
    super(`data-parallel helper thread ${helper}: ${reason}`);
  }
}

/**
 * A model produced non-finite outputs (NaN or ±Infinity) for finite inputs: its weights are corrupt or
 * it diverged in training. Nothing derived from such outputs is written.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { AstClassifier, astConfig, createAstModel, initializeBackend, ModelOutputError } from '@tsc/ast-model';
 * import { DISTORTION_LABELS } from '@tsc/mcap-utils';
 *
 * await initializeBackend();
 * const config = astConfig({ preset: 'sensor', numLabels: 3 }); // input [batch, 30, 160]
 * const model = createAstModel(config, { seed: 1 }); // untrained
 * const head = model.layers.at(-1)!;
 * head.setWeights(head.getWeights().map((weight) => tf.fill(weight.shape, Number.NaN))); // corrupt weights
 * const classifier = new AstClassifier({ model, config, labelNames: DISTORTION_LABELS });
 * try {
 *   classifier.predict({ data: new Float32Array(30 * 160), shape: [1, 30, 160] });
 * } catch (error) {
 *   if (error instanceof ModelOutputError) console.error(`window ${error.window}: ${error.found}`);
 * }
 * ```
 */
export class ModelOutputError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.ModelOutputError');
  constructor(
    /** The index of the first window with a non-finite output. */
    readonly window: number,
    /** The outputs of that window, e.g. `[NaN, NaN, NaN]`. */
    readonly found: readonly number[],
  ) {
    super(
      `model output for window ${window}: expected finite class probabilities, found [${found.join(', ')}] (the model's weights are corrupt or training diverged)`,
    );
  }
}
