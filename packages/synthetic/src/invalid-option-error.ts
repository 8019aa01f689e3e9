import { TscError } from '@tsc/errors';

/**
 * A generator option has an invalid value (the plan itself is checked by `validatePlan`).
 *
 * @example
 * ```ts
 * import { createDatasetPlan, generateRecording, InvalidOptionError } from '@tsc/synthetic';
 *
 * const plan = createDatasetPlan({ level: 'none', kind: 'dipole', motion: 'yaw', durationSec: 10, seed: 1 });
 * try {
 *   generateRecording(plan, { seed: -1 });
 * } catch (error) {
 *   if (error instanceof InvalidOptionError) console.error(error.option, error.expected, error.found); // seed …
 * }
 * ```
 */
export class InvalidOptionError extends TscError {
  constructor(
    /** The option, e.g. `seed`. */
    readonly option: string,
    /** What was expected, e.g. `an integer in [0, 4294967295]`. */
    readonly expected: string,
    /** The value found. */
    readonly found: unknown,
  ) {
    super(`${option}: expected ${expected}, found ${JSON.stringify(found) ?? String(found)}`);
  }
}

/** Checks a seed: an integer in [0, 2³²). @internal */
export function checkSeed(seed: number, option = 'seed'): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InvalidOptionError(option, 'an integer in [0, 4294967295]', seed);
  }
  return seed;
}
