import { JsonValidationError } from './errors.js';

/** Validates parsed JSON, raising {@link JsonValidationError} with the file, the JSON path, expected and found. @internal */
export class JsonValidator {
  constructor(readonly file: string) {}

  fail(path: string, expected: string, found: unknown): never {
    throw new JsonValidationError(path, expected, found, this.file);
  }

  parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      return this.fail('', 'valid JSON', (error as Error).message);
    }
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'an object', value);
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'an array', value);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'a string', value);
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, 'a finite number', value);
    return value;
  }

  integer(value: unknown, path: string, minimum = Number.MIN_SAFE_INTEGER, maximum = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
      this.fail(path, `an integer in [${minimum}, ${maximum}]`, value);
    }
    return value;
  }

  stringRecord(value: unknown, path: string): Record<string, string> {
    const object = this.object(value, path);
    for (const [key, entry] of Object.entries(object)) this.string(entry, `${path}[${JSON.stringify(key)}]`);
    return { ...(object as Record<string, string>) };
  }
}

/**
 * `JSON.stringify` with Python's `json.dump(..., indent=n)` look: same layout, non-ASCII
 * characters escaped as `\uXXXX` (Python's default `ensure_ascii`).
 */
export function stringifyPythonStyle(value: unknown, indent: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
