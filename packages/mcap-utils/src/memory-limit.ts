import { TscError } from '@tsc/errors';

/** The default limit on the memory one call may hold for data a user sized (bytes): 4 GiB. */
export const DEFAULT_MAX_MEMORY_BYTES = 4 * 1024 ** 3;

/** Formats a byte count for messages: `3.70 GiB`, `26.2 TiB`, `512 B`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toPrecision(3)} ${units[unit]}`;
}

/** What a {@link MemoryLimitError}'s limit is on. */
export interface LimitedResource {
  /** The resource, e.g. `memory` or `disk`. */
  readonly name: string;
  /** What sets the limit, e.g. `maxMemoryBytes` or `the free space there`. */
  readonly setBy: string;
}

/**
 * A size a user set (a duration, rate, count, window or hop) would need more memory or disk than the limit:
 * raised before any work starts. Names the option (or plan field), what it asks for, the bytes needed and the
 * limit.
 *
 * @example
 * ```ts
 * import { MemoryLimitError, windows } from '@tsc/mcap-utils';
 *
 * const timestampsNs = BigInt64Array.from({ length: 1001 }, (_, i) => BigInt(i) * 10_000_000n); // 10 s at 100 Hz
 * const mag = { topic: 'mag_raw', timestampsNs, values: new Float64Array(3003), width: 3 };
 * const recording = { topics: new Map([['mag_raw', mag]]), metadata: {} };
 * try {
 *   windows(recording, { topics: ['mag_raw'], windowSec: 2, hopSec: 0.0001, maxMemoryBytes: 1024 ** 2 });
 * } catch (error) {
 *   if (error instanceof MemoryLimitError) console.error(error.message);
 *   // hopSec: 1.00e+5 windows of 2 s (windowSec) every 0.0001 s over <recording> would need 458 MiB of memory; …
 * }
 * ```
 */
export class MemoryLimitError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.MemoryLimitError');
  constructor(
    /** The option or plan field that sets the size, e.g. `hopSec`, `--count` or `segments[].duration_s`. */
    readonly option: string,
    /** What it asks for, e.g. `4.29e+9 windows of 2 s over run.mcap`. */
    readonly detail: string,
    /** The bytes that would be needed. */
    readonly neededBytes: number,
    /** The limit (bytes). */
    readonly limitBytes: number,
    /** What the limit is on, and the option that sets it, e.g. `memory` (`maxMemoryBytes`). Defaults to memory. */
    readonly resource: LimitedResource = { name: 'memory', setBy: 'maxMemoryBytes' },
  ) {
    super(
      `${option}: ${detail} would need ${formatBytes(neededBytes)} of ${resource.name}; the limit is ${formatBytes(limitBytes)} (${resource.setBy})`,
    );
  }
}
