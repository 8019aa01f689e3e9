import { InvalidArgumentError, TscError } from '@tsc/errors';
import { readInputFile } from '@tsc/shared/node';
import type { Plan } from '../plan/plan-types.js';
import { validatePlan } from '../plan/validate-plan.js';

/**
 * A plan file cannot be read or is not JSON: missing, a folder, unreadable, or a syntax error. The message names the
 * file, what was expected and what was found: `runs/: expected a plan JSON file, found a folder`. (A JSON plan that
 * breaks the schema raises `PlanValidationError` with the file name instead.)
 *
 * @example
 * ```ts
 * import { PlanFileError, readPlanFile } from '@tsc/synthetic/node';
 *
 * try {
 *   await readPlanFile('missing.json');
 * } catch (error) {
 *   if (error instanceof PlanFileError) console.error(error.fileName, error.reason);
 * }
 * ```
 */
export class PlanFileError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.PlanFileError');
  constructor(
    /** The plan file. */
    readonly fileName: string,
    /** What went wrong, e.g. `expected a plan JSON file, found a folder` or `expected valid JSON, found a syntax error: …`. */
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${fileName}: ${reason}`, options);
  }
}

/**
 * Reads, parses and validates a plan file. Errors name the file: `plan.json: segments[3].duration_s: expected a
 * number > 0, found 0`.
 *
 * @param path - The plan JSON file.
 * @throws {@link PlanFileError} when the file is missing, a folder, unreadable or not JSON; `PlanValidationError` when
 *   it breaks the schema.
 */
export async function readPlanFile(path: string): Promise<Plan> {
  let text: string;
  try {
    text = (await readInputFile(path, { expected: 'a plan JSON file' })).toString('utf8');
  } catch (cause) {
    if (!InvalidArgumentError.isInstance(cause)) throw cause;
    throw new PlanFileError(path, `expected ${cause.expected}, found ${String(cause.found)}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PlanFileError(path, `expected valid JSON, found a syntax error: ${(cause as Error).message}`, { cause });
  }
  return validatePlan(json, { fileName: path });
}
