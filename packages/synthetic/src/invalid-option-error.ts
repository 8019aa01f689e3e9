import { InvalidArgumentError } from '@tsc/errors';

/**
 * A generator option has an invalid value (the plan itself is checked by `validatePlan`): `field` (the option,
 * e.g. `seed`), `expected`, `found`, as every {@link InvalidArgumentError}.
 *
 * @example
 * ```ts
 * import { createDatasetPlan, generateRecording, InvalidOptionError } from '@tsc/synthetic';
 *
 * const plan = createDatasetPlan({ level: 'none', kind: 'dipole', motion: 'yaw', durationSec: 10, seed: 1 });
 * try {
 *   generateRecording(plan, { seed: -1 });
 * } catch (error) {
 *   if (error instanceof InvalidOptionError) console.error(error.field, error.expected, error.found); // seed …
 * }
 * ```
 */
export class InvalidOptionError extends InvalidArgumentError {
  static override readonly marker: symbol = Symbol.for('tsc.error.InvalidOptionError');
}

/** Checks a seed: an integer in [0, 2³²). @internal */
export function checkSeed(seed: number, option = 'seed'): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InvalidOptionError(option, 'an integer in [0, 4294967295]', seed);
  }
  return seed;
}
