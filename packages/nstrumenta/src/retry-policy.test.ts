import { describe, expect, it } from 'vitest';
import { createRandom, parseRetryAfterMs, RetryPolicy } from './retry-policy.js';

describe('RetryPolicy', () => {
  it('doubles the step per retry with jitter in [step/2, step], capped, and is deterministic per seed', () => {
    const policy = new RetryPolicy({ retryBaseDelayMs: 100, retryMaxDelayMs: 500, retrySeed: 3 });
    const delays = [1, 2, 3, 4, 5].map((retry) => policy.delayMs(retry));
    [100, 200, 400, 500, 500].forEach((step, index) => {
      expect(delays[index]).toBeGreaterThanOrEqual(step / 2);
      expect(delays[index]).toBeLessThanOrEqual(step);
    });
    const again = new RetryPolicy({ retryBaseDelayMs: 100, retryMaxDelayMs: 500, retrySeed: 3 });
    expect([1, 2, 3, 4, 5].map((retry) => again.delayMs(retry))).toEqual(delays);
    const other = new RetryPolicy({ retryBaseDelayMs: 100, retryMaxDelayMs: 500, retrySeed: 4 });
    expect([1, 2, 3, 4, 5].map((retry) => other.delayMs(retry))).not.toEqual(delays);
  });

  it('waits at least Retry-After, at most the maximum', async () => {
    const waited: number[] = [];
    const policy = new RetryPolicy({
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 5_000,
      sleep: async (ms) => {
        waited.push(ms);
      },
    });
    expect(await policy.wait(1, 2_000)).toBe(2_000);
    expect(await policy.wait(1, 60_000)).toBe(5_000);
    expect(waited).toEqual([2_000, 5_000]);
  });

  it('draws uniform-looking numbers in [0, 1) from a seed', () => {
    const random = createRandom(42);
    const values = Array.from({ length: 1000 }, random);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((sum, value) => sum + value, 0) / values.length).toBeCloseTo(0.5, 1);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delay seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('3')).toBe(3_000);
    expect(parseRetryAfterMs('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
  });
});
