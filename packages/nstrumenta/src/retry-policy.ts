/** Options of the retry policy shared by every client call. */
export interface RetryPolicyOptions {
  /** Retries after the first attempt (so `retries + 1` attempts at most). Defaults to `3`. */
  retries?: number;
  /** The delay before the first retry (ms); doubled on every further retry. Defaults to `500`. */
  retryBaseDelayMs?: number;
  /** The longest delay between attempts, including a server's `Retry-After` (ms). Defaults to `30000`. */
  retryMaxDelayMs?: number;
  /** The seed of the jitter generator (deterministic delays). Defaults to `1`. */
  retrySeed?: number;
  /** Waits `ms` milliseconds (injectable for tests). Defaults to a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
}

/** HTTP statuses worth retrying: rate limiting and transient server errors. @internal */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** A small seeded generator (mulberry32) returning numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Parses a `Retry-After` header (delay seconds or an HTTP date) into milliseconds, or `undefined` when
 * absent or unreadable.
 *
 * @internal
 */
export function parseRetryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The retry schedule of one client: exponential backoff with "full jitter", seeded. */
export class RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #random: () => number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor({
    retries = 3,
    retryBaseDelayMs = 500,
    retryMaxDelayMs = 30_000,
    retrySeed = 1,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }: RetryPolicyOptions = {}) {
    this.retries = retries;
    this.#baseDelayMs = retryBaseDelayMs;
    this.#maxDelayMs = retryMaxDelayMs;
    this.#random = createRandom(retrySeed);
    this.#sleep = sleep;
  }

  /**
   * The delay before retry number `retry` (1-based): half the exponential step plus a random half
   * (so never zero), at least `retryAfterMs` when the server sent one, at most the maximum.
   */
  delayMs(retry: number, retryAfterMs?: number): number {
    const step = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (retry - 1));
    const jittered = step / 2 + (this.#random() * step) / 2;
    return Math.min(this.#maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
  }

  /** Waits before retry number `retry`; resolves to the delay used (ms). */
  async wait(retry: number, retryAfterMs?: number): Promise<number> {
    const ms = this.delayMs(retry, retryAfterMs);
    await this.#sleep(ms);
    return ms;
  }
}
