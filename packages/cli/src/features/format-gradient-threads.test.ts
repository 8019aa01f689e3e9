import { describe, expect, it } from 'vitest';
import { formatGradientThreads } from './format-gradient-threads.js';

describe('formatGradientThreads', () => {
  const history = { gradientThreads: 1, stepGflop: 0.2712, dataParallelMinStepGflop: 1 };

  it('says a small step stayed on one thread, with its size and the threshold', () => {
    expect(formatGradientThreads({ ...history, gradientThreadsReason: 'small-step' })).toBe(
      'one thread: a step of 0.27 GFLOP is below the 1 GFLOP from which helper threads pay off',
    );
  });

  it('names the threads of a data-parallel run', () => {
    const parallel = {
      ...history,
      gradientThreads: 2,
      stepGflop: 42.14,
      gradientThreadsReason: 'data-parallel' as const,
    };
    expect(formatGradientThreads(parallel)).toMatch(/^data-parallel on 2 threads \(a step of 42\.14 GFLOP reaches/);
  });

  it('never claims data-parallel training for the other reasons', () => {
    for (const reason of ['native-backend', 'no-helpers', 'not-requested'] as const) {
      expect(formatGradientThreads({ ...history, gradientThreadsReason: reason })).not.toContain('data-parallel on');
    }
  });
});
