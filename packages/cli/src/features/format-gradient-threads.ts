import type { TrainingHistory } from '@tsc/ast-model';

/**
 * On how many threads a training run computed its gradients and why, as the trainer decided it (`gradientThreads`,
 * `gradientThreadsReason`, the step's dense GFLOP and the threshold), e.g. `one thread: a step of 0.27 GFLOP is below
 * the 1 GFLOP at which helper threads pay off`.
 */
export function formatGradientThreads(
  history: Pick<
    TrainingHistory,
    'gradientThreads' | 'gradientThreadsReason' | 'stepGflop' | 'dataParallelMinStepGflop'
  >,
): string {
  const step = `${history.stepGflop.toFixed(2)} GFLOP`;
  switch (history.gradientThreadsReason) {
    case 'data-parallel':
      return `data-parallel on ${history.gradientThreads} threads (a step of ${step} reaches the ${history.dataParallelMinStepGflop} GFLOP from which helper threads pay off)`;
    case 'native-backend':
      return 'TensorFlow runs each kernel on every core itself (no helper threads)';
    case 'small-step':
      return `one thread: a step of ${step} is below the ${history.dataParallelMinStepGflop} GFLOP from which helper threads pay off`;
    case 'no-helpers':
      return 'one thread: one core, so no helper thread';
    case 'not-requested':
      return 'one thread (--no-data-parallel)';
  }
}
