/** The learning-rate decay after warmup. */
export type LearningRateSchedule = 'linear' | 'cosine' | 'constant';

/** Options of {@link learningRateAt}. */
export interface LearningRateOptions {
  /** Peak learning rate, reached at the end of warmup. */
  peak: number;
  /** Total optimizer steps. */
  totalSteps: number;
  /** Linear warmup steps from 0 to `peak`. Defaults to 0. */
  warmupSteps?: number;
  /** Decay after warmup, to 0 at `totalSteps`. Defaults to `'linear'`. */
  schedule?: LearningRateSchedule;
}

/** The learning rate of update `step` (0-based): linear warmup, then linear or cosine decay (or constant). */
export function learningRateAt(
  step: number,
  { peak, totalSteps, warmupSteps = 0, schedule = 'linear' }: LearningRateOptions,
): number {
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  if (schedule === 'constant') return peak;
  const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
  if (schedule === 'cosine') return peak * 0.5 * (1 + Math.cos(Math.PI * progress));
  return peak * (1 - progress);
}
