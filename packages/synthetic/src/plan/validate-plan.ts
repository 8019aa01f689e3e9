import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { InvalidArgumentError, type InvalidArgumentErrorOptions } from '@tsc/errors';
import { SENSOR_NAMES } from '@tsc/shared';
import { JITTER_LIMIT_PERIODS } from '../generation/sample-times.js';
import { PlanSchema } from './plan-schema.js';
import type { Plan, PlanSegment, PlanVector3 } from './plan-types.js';

/** One problem found in a plan, in the shape of every {@link InvalidArgumentError}: field, expected, found. */
export interface PlanIssue {
  /** JSON path of the offending value, e.g. `segments[3].duration_s` (empty for the whole plan). */
  readonly field: string;
  /** What was expected, e.g. `a number > 0`. */
  readonly expected: string;
  /** The value found (`undefined` when the field is missing). */
  readonly found: unknown;
}

/**
 * A plan does not match the plan schema. The message names the file (when known), the JSON path (`field`), what was
 * expected and what was found, as every {@link InvalidArgumentError}:
 * `plan.json: segments[3].duration_s: expected a number > 0, found 0`.
 *
 * @example
 * ```ts
 * import { PlanValidationError, validatePlan } from '@tsc/synthetic';
 *
 * try {
 *   validatePlan({ segments: 'none' }, { fileName: 'plan.json' });
 * } catch (error) {
 *   if (error instanceof PlanValidationError) console.error(error.field, error.expected, error.found);
 * }
 * ```
 */
export class PlanValidationError extends InvalidArgumentError {
  static override readonly marker: symbol = Symbol.for('tsc.error.PlanValidationError');

  /** Every problem found; the first one is the one in the message. */
  readonly issues: readonly PlanIssue[];

  /**
   * @param field - JSON path of the first problem, e.g. `segments[3].duration_s` (empty for the whole plan).
   * @param expected - What was expected there.
   * @param found - What was found there (`undefined` when missing).
   * @param options - The plan file (`file`), every problem found (`issues`, defaults to the first one alone) and the
   *   underlying error (`cause`).
   */
  constructor(field: string, expected: string, found: unknown, options: PlanValidationErrorOptions = {}) {
    super(field, expected, found, options);
    this.issues = options.issues ?? [{ field, expected, found }];
  }
}

/** Options of the {@link PlanValidationError} constructor. */
export interface PlanValidationErrorOptions extends InvalidArgumentErrorOptions {
  /** Every problem found; the first one is the one in the message. Defaults to the one of the message alone. */
  issues?: readonly PlanIssue[] | undefined;
}

/** Options of {@link validatePlan}. */
export interface ValidatePlanOptions {
  /** File name to put in error messages. Defaults to none. */
  fileName?: string;
}

function toDottedPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(part) ? `[${part}]` : path === '' ? part : `.${part}`;
  }
  return path;
}

function describeSchema(schema: TSchema): string {
  if (Array.isArray(schema.anyOf)) {
    const values = (schema.anyOf as TSchema[]).map((member) =>
      member.const === undefined ? describeSchema(member) : JSON.stringify(member.const),
    );
    return `${values.length > 1 ? 'one of ' : ''}${values.join(', ')}`;
  }
  switch (schema.type) {
    case 'number':
    case 'integer': {
      const noun = schema.type === 'integer' ? 'an integer' : 'a number';
      const bounds: string[] = [];
      if (schema.exclusiveMinimum !== undefined) bounds.push(`> ${schema.exclusiveMinimum}`);
      if (schema.minimum !== undefined) bounds.push(`≥ ${schema.minimum}`);
      if (schema.exclusiveMaximum !== undefined) bounds.push(`< ${schema.exclusiveMaximum}`);
      if (schema.maximum !== undefined) bounds.push(`≤ ${schema.maximum}`);
      return bounds.length === 0 ? noun : `${noun} ${bounds.join(' and ')}`;
    }
    case 'string':
      return schema.pattern === undefined ? 'a string' : `a string matching ${schema.pattern}`;
    case 'boolean':
      return 'a boolean';
    case 'array': {
      const { minItems, maxItems } = schema;
      if (minItems !== undefined && minItems === maxItems) return `an array of ${minItems} items`;
      if (minItems !== undefined) return `an array of at least ${minItems} item${minItems === 1 ? '' : 's'}`;
      return 'an array';
    }
    case 'object':
      return 'an object';
    default:
      return 'a valid value';
  }
}

function determinant(matrix: readonly (readonly number[])[]): number {
  const [a = [], b = [], c = []] = matrix;
  const [a0 = 0, a1 = 0, a2 = 0] = a;
  const [b0 = 0, b1 = 0, b2 = 0] = b;
  const [c0 = 0, c1 = 0, c2 = 0] = c;
  return a0 * (b1 * c2 - b2 * c1) - a1 * (b0 * c2 - b2 * c0) + a2 * (b0 * c1 - b1 * c0);
}

function isZero({ x, y, z }: PlanVector3): boolean {
  return x === 0 && y === 0 && z === 0;
}

function matrixIssues(plan: Plan): PlanIssue[] {
  const issues: PlanIssue[] = [];
  for (const sensor of SENSOR_NAMES) {
    const { calibration, calibration_error: error } = plan.initialization[sensor];
    for (const [field, matrix] of [
      [`initialization.${sensor}.calibration.matrix`, calibration.matrix],
      [`initialization.${sensor}.calibration_error.matrix`, error?.matrix],
    ] as const) {
      if (matrix === undefined) continue;
      const det = determinant(matrix);
      if (det === 0 || !Number.isFinite(det))
        issues.push({ field, expected: 'an invertible 3×3 matrix', found: matrix });
    }
  }
  return issues;
}

function segmentIssues(segment: PlanSegment, index: number): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const axes = [
    ...(segment.rotation_oscillations ?? []).map((item, i) => [`rotation_oscillations[${i}].axis`, item.axis] as const),
    ...(segment.acceleration_oscillations ?? []).map(
      (item, i) => [`acceleration_oscillations[${i}].axis`, item.axis] as const,
    ),
    ...(segment.taps ?? []).map((item, i) => [`taps[${i}].axis`, item.axis] as const),
  ];
  for (const [field, axis] of axes) {
    if (isZero(axis)) issues.push({ field: `segments[${index}].${field}`, expected: 'a non-zero axis', found: axis });
  }
  for (const [i, tap] of (segment.taps ?? []).entries()) {
    if (tap.time_s >= segment.duration_s) {
      const expected = `a time < the segment's duration_s (${segment.duration_s})`;
      issues.push({ field: `segments[${index}].taps[${i}].time_s`, expected, found: tap.time_s });
    }
  }
  return issues;
}

/** What a schema cannot check: invertible matrices, non-zero rotation and axes, real dates, jitter and taps. */
function semanticIssues(plan: Plan): PlanIssue[] {
  const issues = matrixIssues(plan);
  const { pose, date, timestamp_jitter_s: jitterSec, sample_rate: rate } = plan.initialization;
  const { w, x, y, z } = pose.rotation;
  if (w * w + x * x + y * y + z * z === 0) {
    issues.push({ field: 'initialization.pose.rotation', expected: 'a non-zero quaternion', found: { w, x, y, z } });
  }
  if (date !== undefined && Number.isNaN(Date.parse(date))) {
    issues.push({ field: 'initialization.date', expected: 'an ISO 8601 date such as "2025-01-01"', found: date });
  }
  if (jitterSec !== undefined && jitterSec > 0.1 / rate) {
    const expected = `at most 0.1 sample periods (${0.1 / rate} s at ${rate} Hz)`;
    issues.push({ field: 'initialization.timestamp_jitter_s', expected, found: jitterSec });
  }
  for (const [index, segment] of plan.segments.entries()) issues.push(...segmentIssues(segment, index));
  issues.push(...timeRangeIssues(plan));
  return issues;
}

/**
 * The first log time a recording cannot hold: 2⁶³ ns, past the end of the signed 64-bit `BigInt64Array` times of
 * `ImuRecording` (year 2262); MCAP itself stops at 2⁶⁴ − 1.
 */
const LOG_TIME_LIMIT_NS = 2 ** 63;

/** Issues for a start time or an end time outside the 64-bit nanosecond range of log times. */
function timeRangeIssues(plan: Plan): PlanIssue[] {
  const start = plan.initialization.start_time_ns;
  const expected = 'an integer ≤ 9223372036854775807 (log times are 64-bit ns)';
  if (start >= LOG_TIME_LIMIT_NS) return [{ field: 'initialization.start_time_ns', expected, found: start }];
  const { sample_rate: rate, timestamp_jitter_s: jitterSec = 0 } = plan.initialization;
  const durationSec = plan.segments.reduce((sum, segment) => sum + segment.duration_s, 0);
  // The last sample may be jittered up to JITTER_LIMIT_PERIODS after its nominal time.
  const endNs = start + durationSec * 1e9 + (jitterSec > 0 ? (JITTER_LIMIT_PERIODS * 1e9) / rate : 0);
  if (endNs >= LOG_TIME_LIMIT_NS) {
    return [
      {
        field: 'segments[].duration_s',
        expected: `a total that ends by 2⁶³ − 1 ns from start_time_ns ${start}`,
        found: durationSec,
      },
    ];
  }
  return [];
}

/**
 * Checks a parsed JSON value against the plan schema and returns it typed. Reference plans validate unchanged;
 * extensions are optional. Also checks what a schema cannot: calibration and calibration-error matrices must be
 * invertible, the initial rotation and every oscillation or tap axis non-zero, `date` a real date,
 * `timestamp_jitter_s` at most 0.1 sample periods, every tap inside its segment, and the start and end times
 * within 64-bit nanoseconds.
 *
 * @param json - The parsed plan JSON.
 * @returns The same object, typed as a {@link Plan}.
 * @throws {@link PlanValidationError} naming the first offending path, e.g.
 *   `segments[3].duration_s: expected a number > 0, found 0`.
 */
export function validatePlan(json: unknown, { fileName }: ValidatePlanOptions = {}): Plan {
  const issues: PlanIssue[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(PlanSchema, json)) {
    const field = toDottedPath(error.path);
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, expected: describeSchema(error.schema), found: error.value });
    if (issues.length >= 20) break;
  }
  if (issues.length === 0) issues.push(...semanticIssues(json as Plan));
  const first = issues[0];
  if (first !== undefined) {
    throw new PlanValidationError(first.field, first.expected, first.found, { file: fileName, issues });
  }
  return json as Plan;
}
