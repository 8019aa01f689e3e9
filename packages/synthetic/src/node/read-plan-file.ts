import { InvalidArgumentError } from '@tsc/errors';
import { readInputFile } from '@tsc/shared/node';
import type { Plan } from '../plan/plan-types.js';
import { validatePlan } from '../plan/validate-plan.js';

/** Options of the {@link PlanFileError} constructor. */
export interface PlanFileErrorOptions {
  /** The plan file. */
  file: string;
  /** The underlying error (the file-system error or the JSON syntax error), if any. */
  cause?: unknown;
}

/**
 * A plan file cannot be read or is not JSON: missing, a folder, unreadable, or a syntax error. The whole file is at
 * fault, so it has the shape of every argument error of the packages (`InvalidArgumentError`: `file`, `field`
 * empty, `expected`, `found` in words) and its message: `runs/: expected a plan JSON file, found a folder`,
 * `plan.json: expected valid JSON, found a syntax error: Unexpected end of JSON input`. (A JSON plan that breaks the
 * schema raises `PlanValidationError`, naming the file and the field, instead.)
 *
 * @example
 * ```ts
 * import { PlanFileError, readPlanFile } from '@tsc/synthetic/node';
 *
 * try {
 *   await readPlanFile('missing.json');
 * } catch (error) {
 *   if (error instanceof PlanFileError) console.error(error.file, error.expected, error.found); // missing.json a plan JSON file nothing at that path (ENOENT)
 * }
 * ```
 */
export class PlanFileError extends InvalidArgumentError {
  static override readonly marker: symbol = Symbol.for('tsc.error.PlanFileError');

  /** The plan file. */
  declare readonly file: string;
  /** What is at the path or in the file, in words, e.g. `a folder` or `a syntax error: Unexpected end of JSON input`. */
  declare readonly found: string;

  /**
   * @param field - The part of the file at fault; empty for the whole file (every case `readPlanFile` raises).
   * @param expected - What the plan path should hold, e.g. `a plan JSON file`, `valid JSON`.
   * @param found - What it holds, in words, e.g. `a folder`, `nothing at that path (ENOENT)`, `a syntax error: …`.
   * @param options - The plan file and the underlying error.
   */
  constructor(field: string, expected: string, found: string, { file, cause }: PlanFileErrorOptions) {
    super(field, expected, found, { file, foundText: found, cause });
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
    throw new PlanFileError('', cause.expected, String(cause.found), { file: path, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const found = `a syntax error: ${(cause as Error).message}`;
    throw new PlanFileError('', 'valid JSON', found, { file: path, cause });
  }
  return validatePlan(json, { fileName: path });
}
