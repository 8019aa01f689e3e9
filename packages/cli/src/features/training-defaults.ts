import type { TrainAstOptions } from '@tsc/ast-model';

/**
 * The training options `tscls train` and the demo use with the `sensor` preset: those of `@tsc/ast-model`'s
 * acceptance run (held-out macro-F1 0.98): AdamW at 2e-3 with a cosine schedule after a 5 % warmup, batches of 32,
 * up to 10 epochs with early stopping after 4 evaluations without a better validation macro-F1.
 */
export const TRAINING_DEFAULTS = {
  batchSize: 32,
  epochs: 10,
  learningRate: 2e-3,
  schedule: 'cosine',
  warmupRatio: 0.05,
  earlyStoppingPatience: 4,
} as const satisfies TrainAstOptions;
