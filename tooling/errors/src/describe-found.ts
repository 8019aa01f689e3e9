/** The longest rendering of a found value in a message; longer ones are cut and end in `...`. */
const MAX_FOUND_CHARACTERS = 80;

/**
 * Renders a found value for an error message, the same way in every `@tsc/*` package: `nothing (missing)` for
 * `undefined`; numbers, booleans and `bigint`s as written (`NaN`, `Infinity`, `12n`); a `Uint8Array` as its byte
 * count (`512 bytes`), another typed array as its class and length (`Float32Array(400)`); anything else as JSON
 * (so strings are quoted), or `String(value)` where JSON cannot show it. At most 80 characters. For instance
 * `'a file'` reads `"a file"` and `new Float32Array(400)` reads `Float32Array(400)`.
 */
export function describeFound(found: unknown): string {
  const text = render(found);
  return text.length > MAX_FOUND_CHARACTERS ? `${text.slice(0, MAX_FOUND_CHARACTERS - 3)}...` : text;
}

function render(found: unknown): string {
  if (found === undefined) return 'nothing (missing)';
  if (typeof found === 'bigint') return `${found}n`;
  if (typeof found === 'number' || typeof found === 'boolean') return String(found);
  if (found instanceof Uint8Array) return `${found.byteLength} bytes`;
  if (ArrayBuffer.isView(found)) {
    const length = (found as unknown as { length?: number }).length;
    return `${found.constructor.name}(${length ?? found.byteLength})`;
  }
  try {
    return JSON.stringify(found) ?? String(found);
  } catch {
    return String(found);
  }
}
