/**
 * The `sensor_event` message body, `{"id": topic, "timestamp": ns, "values": [...]}`, encoded and
 * decoded by hand: the writer concatenates strings (numbers in JavaScript's shortest round-trip
 * form, so every double survives exactly), the reader scans the fixed shape in a latin1 view of
 * the chunk and converts only the number tokens. Anything else in the body is skipped if it is
 * well-formed JSON, and rejected otherwise.
 */

/** The reference's `sensor_event` JSON schema, byte for byte as the Python pipeline writes it. */
export const SENSOR_EVENT_SCHEMA_DATA =
  '{"title": "sensor_event", "type": "object", "properties": {"values": {"type": "array", "items": {"type": "number"}}}}';

/** The schema name of sensor messages. */
export const SENSOR_EVENT_SCHEMA_NAME = 'sensor_event';

/** Formats one double as JSON (shortest round-trip form; `-0` kept; non-finite values as Python's `json` writes them: `NaN`, `Infinity`, `-Infinity`). */
export function formatJsonNumber(value: number): string {
  if (value === 0) return 1 / value < 0 ? '-0' : '0';
  return Number.isFinite(value) ? '' + value : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/**
 * Formats one double as Python's `repr(float)` (what `json.dumps` writes): shortest round-trip
 * digits, always a `.0` or an exponent, exponent form below 1e-4 and from 1e16 on with at least two
 * exponent digits (`1e-05`, `1e+16`), `NaN`, `Infinity`, `-Infinity`.
 *
 * @internal
 */
export function formatPythonFloat(value: number): string {
  if (!Number.isFinite(value)) return formatJsonNumber(value);
  if (value === 0) return 1 / value < 0 ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const exponential = Math.abs(value).toExponential(); // shortest round-trip digits, e.g. "1.5230868841377836e-5"
  const e = exponential.indexOf('e');
  const digits = exponential.slice(0, e).replace('.', '');
  const exponent = Number(exponential.slice(e + 1));
  const point = exponent + 1; // value = 0.d1d2… × 10^point
  if (point > -4 && point <= 16) {
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** The constant start of a topic's bodies: `{"id":"<topic>","timestamp":`. */
export function sensorEventPrefix(topic: string): string {
  return `{"id":${JSON.stringify(topic)},"timestamp":`;
}

/**
 * Builds one body from a prefix (see {@link sensorEventPrefix}), a timestamp and `width` values
 * starting at `values[offset]`.
 */
export function formatSensorEvent(
  prefix: string,
  timestamp: bigint | number,
  values: ArrayLike<number>,
  offset: number,
  width: number,
): string {
  let body = prefix + timestamp + ',"values":[';
  for (let k = 0; k < width; k++) {
    const value = values[offset + k]!;
    if (k > 0) body += ',';
    body += value !== 0 && Number.isFinite(value) ? '' + value : formatJsonNumber(value);
  }
  return body + ']}';
}

/** Why a body could not be parsed. @internal */
export class BodyParseError extends Error {
  constructor(
    readonly expected: string,
    readonly found: string,
  ) {
    super(`expected ${expected}, found ${found}`);
  }
}

/** A growable `Float64Array`. @internal */
export class GrowableFloat64 {
  data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  /** The filled part (a copy when the buffer is larger). */
  toArray(): Float64Array {
    return this.length === this.data.length ? this.data : this.data.slice(0, this.length);
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function snippet(text: string, at: number, end: number): string {
  return JSON.stringify(text.slice(at, Math.min(end, at + 24))) + (at >= end ? ' (end of body)' : '');
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Returns the end of the JSON number at `start` (also `NaN`, `Infinity`, `-Infinity` as Python
 * writes them), or `start` when there is none or it breaks the JSON number grammar.
 */
function scanNumberEnd(text: string, start: number, end: number): number {
  let j = start;
  let c = text.charCodeAt(j);
  if (c === 45) c = text.charCodeAt(++j); // '-'
  if (c === 48) j++;
  else if (c >= 49 && c <= 57) {
    j++;
    while (j < end && isDigit(text.charCodeAt(j))) j++;
  } else {
    if (text.startsWith('Infinity', j)) return j + 8;
    if (j === start && text.startsWith('NaN', j)) return j + 3;
    return start;
  }
  if (text.charCodeAt(j) === 46) {
    const fractionStart = ++j;
    while (j < end && isDigit(text.charCodeAt(j))) j++;
    if (j === fractionStart) return start;
  }
  c = text.charCodeAt(j);
  if (c === 101 || c === 69) {
    c = text.charCodeAt(++j);
    if (c === 43 || c === 45) j++;
    const exponentStart = j;
    while (j < end && isDigit(text.charCodeAt(j))) j++;
    if (j === exponentStart) return start;
  }
  return j > end ? start : j;
}

function skipString(text: string, start: number, end: number): number {
  // text[start] is '"'
  let j = start + 1;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (c === 92) j += 2;
    else if (c === 34) return j + 1;
    else j++;
  }
  throw new BodyParseError('a closing quote', snippet(text, start, end));
}

function skipValue(text: string, start: number, end: number): number {
  const c = text.charCodeAt(start);
  if (c === 34) return skipString(text, start, end);
  if (c === 123 || c === 91) {
    let depth = 0;
    let j = start;
    while (j < end) {
      const d = text.charCodeAt(j);
      if (d === 34) {
        j = skipString(text, j, end);
        continue;
      }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    throw new BodyParseError('a closed object or array', snippet(text, start, end));
  }
  if (text.startsWith('true', start)) return start + 4;
  if (text.startsWith('false', start)) return start + 5;
  if (text.startsWith('null', start)) return start + 4;
  const tokenEnd = scanNumberEnd(text, start, end);
  if (tokenEnd === start) throw new BodyParseError('a JSON value', snippet(text, start, end));
  return tokenEnd;
}

/**
 * Parses the numbers of a JSON array whose `[` is just before `i`, appending them to `out`.
 * @returns the index after `]` and the number of values.
 */
function parseNumberArray(text: string, i: number, end: number, out: GrowableFloat64): { next: number; count: number } {
  let count = 0;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 93) return { next: i + 1, count };
  for (;;) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    // The character after the token is checked below ("," or "]"), so "1.5x" is rejected.
    const tokenEnd = scanNumberEnd(text, i, end);
    if (tokenEnd === i) throw new BodyParseError('a number', snippet(text, i, end));
    out.push(parseFloat(text.slice(i, tokenEnd)));
    count++;
    i = tokenEnd;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (c === 44) i++;
    else if (c === 93) return { next: i + 1, count };
    else throw new BodyParseError('"," or "]" in "values"', snippet(text, i, end));
  }
}

/** The two ways a `sensor_event` body usually starts for `topic`: ours (compact) and Python's `json.dumps`. */
export function sensorEventLayouts(topic: string): readonly { prefix: string; values: string }[] {
  const id = JSON.stringify(topic);
  return [
    { prefix: `{"id":${id},"timestamp":`, values: ',"values":[' },
    { prefix: `{"id": ${id}, "timestamp": `, values: ', "values": [' },
  ];
}

/**
 * Fast path for bodies in a known layout (see {@link sensorEventLayouts}): prefix, integer
 * timestamp, `values` array, `}`. Returns the number of values, or -1 when the body does not have
 * that exact layout (then call {@link parseSensorEventValues}, which handles any key order and
 * reports errors). Nothing is appended when it returns -1.
 */
export function parseSensorEventLayout(
  text: string,
  start: number,
  end: number,
  out: GrowableFloat64,
  layout: { prefix: string; values: string },
): number {
  if (!text.startsWith(layout.prefix, start)) return -1;
  let i = start + layout.prefix.length;
  if (text.charCodeAt(i) === 45) i++;
  const digits = i;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  if (i === digits || !text.startsWith(layout.values, i)) return -1;
  const before = out.length;
  try {
    const { next, count } = parseNumberArray(text, i + layout.values.length, end, out);
    if (next === end - 1 && text.charCodeAt(next) === 125) return count;
  } catch (error) {
    if (!(error instanceof BodyParseError)) throw error;
  }
  out.length = before;
  return -1;
}

/**
 * Parses a `sensor_event` body in `text[start, end)` and appends its `values` to `out`.
 *
 * @returns the number of values appended.
 * @throws BodyParseError when the body is not a JSON object with a numeric `values` array.
 */
export function parseSensorEventValues(text: string, start: number, end: number, out: GrowableFloat64): number {
  let i = start;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 123) throw new BodyParseError('a JSON object', snippet(text, i, end));
  i++;
  let count = -1;
  for (;;) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i >= end) throw new BodyParseError('"}" or a key', snippet(text, i, end));
    let c = text.charCodeAt(i);
    if (c === 125) {
      i++;
      break;
    }
    if (c !== 34) throw new BodyParseError('a key', snippet(text, i, end));
    const keyEnd = skipString(text, i, end);
    const isValues = keyEnd - i === 8 && text.startsWith('values"', i + 1);
    i = keyEnd;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 58) throw new BodyParseError('":"', snippet(text, i, end));
    i++;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i >= end) throw new BodyParseError('a value', snippet(text, i, end));
    if (isValues) {
      if (text.charCodeAt(i) !== 91) throw new BodyParseError('"values" to be an array', snippet(text, i, end));
      if (count >= 0) out.length -= count;
      count = 0;
      i++;
      while (i < end && isSpace(text.charCodeAt(i))) i++;
      const parsed = parseNumberArray(text, i, end, out);
      count = parsed.count;
      i = parsed.next;
    } else {
      i = skipValue(text, i, end);
    }
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    c = text.charCodeAt(i);
    if (c === 44) i++;
    else if (c === 125) {
      i++;
      break;
    } else throw new BodyParseError('"," or "}"', snippet(text, i, end));
  }
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  if (i !== end) throw new BodyParseError('the end of the body', snippet(text, i, end));
  if (count < 0) throw new BodyParseError('a "values" array of numbers', snippet(text, start, end));
  return count;
}
