import { describe, expect, it } from 'vitest';
import { describeFound } from './describe-found.js';

describe('describeFound', () => {
  it('renders scalars as written and strings as JSON', () => {
    expect(describeFound(0)).toBe('0');
    expect(describeFound(Number.NaN)).toBe('NaN');
    expect(describeFound(-Infinity)).toBe('-Infinity');
    expect(describeFound(true)).toBe('true');
    expect(describeFound(12n)).toBe('12n');
    expect(describeFound(null)).toBe('null');
    expect(describeFound('a file')).toBe('"a file"');
  });

  it('says nothing (missing) for undefined', () => {
    expect(describeFound(undefined)).toBe('nothing (missing)');
  });

  it('renders byte arrays by size and other typed arrays by class and length', () => {
    expect(describeFound(new Uint8Array(512))).toBe('512 bytes');
    expect(describeFound(new Float32Array(400))).toBe('Float32Array(400)');
    expect(describeFound(new Float64Array(3))).toBe('Float64Array(3)');
  });

  it('renders objects as JSON, and what JSON cannot show with String', () => {
    expect(describeFound({ a: [1, 2] })).toBe('{"a":[1,2]}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeFound(cyclic)).toBe('[object Object]');
    expect(describeFound(Symbol.for('x'))).toBe('Symbol(x)');
  });

  it('cuts long renderings to 80 characters', () => {
    const text = describeFound('x'.repeat(200));
    expect(text).toHaveLength(80);
    expect(text.endsWith('...')).toBe(true);
  });
});
