import { DEFAULT_MAX_MEMORY_BYTES } from '@tsc/mcap-utils';
import { InvalidArgumentError } from 'commander';

/**
 * A commander option parser for integers in a range; a bad value is a usage error (exit code 2).
 *
 * @param min - the smallest accepted value. Defaults to 0.
 */
export function integerOption(min = 0): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`expected an integer >= ${min}, found ${JSON.stringify(value)}`);
    }
    return parsed;
  };
}

/**
 * A commander option parser for finite numbers greater than a bound; a bad value is a usage error (exit code 2).
 *
 * @param exclusiveMin - values must be greater than this. Defaults to 0.
 */
export function positiveNumberOption(exclusiveMin = 0): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= exclusiveMin) {
      throw new InvalidArgumentError(`expected a number > ${exclusiveMin}, found ${JSON.stringify(value)}`);
    }
    return parsed;
  };
}

/**
 * A commander option parser for a memory size in MiB (a number > 0, fractions allowed), returned in bytes (rounded
 * up); a bad value is a usage error (exit code 2).
 */
export function mebibytesOption(value: string): number {
  return Math.ceil(positiveNumberOption(0)(value) * 1024 ** 2);
}

/**
 * The help of a `--max-memory <MiB>` option ({@link mebibytesOption}): what the limit holds, the options whose sizes it
 * refuses, and the default (the libraries' `DEFAULT_MAX_MEMORY_BYTES`).
 */
export function maxMemoryHelp(holds: string, refuses: string): string {
  const defaultMib = DEFAULT_MAX_MEMORY_BYTES / 1024 ** 2;
  return `most memory ${holds} may hold (MiB): ${refuses} needing more are refused with MemoryLimitError before that memory is taken (default ${defaultMib}, 4 GiB)`;
}

/**
 * A commander option parser accepting one of `allowed` (e.g. `['0', '1', '2']`); anything else is a usage error
 * (exit code 2).
 */
export function oneOfOption<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    const found = allowed.find((candidate) => candidate === value);
    if (found === undefined) {
      const list = `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
      throw new InvalidArgumentError(`expected ${list}, found ${JSON.stringify(value)}`);
    }
    return found;
  };
}
