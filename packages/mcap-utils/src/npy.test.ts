import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { decodeNpy, encodeNpy, parseNpyHeader } from './npy.js';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '__fixtures__', name)));

describe('npy', () => {
  it('writes the bytes NumPy writes (C order and the reference Fortran order)', () => {
    const rowMajor4x3 = Float32Array.from({ length: 12 }, (_, i) => i * 0.5 - 1);
    // NumPy's a.T of a (4, 3) array: shape (3, 4), fortran_order True, data = a's row-major bytes.
    const transposed = new Float32Array(12);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) transposed[r * 4 + c] = rowMajor4x3[c * 3 + r]!;
    expect(encodeNpy({ data: transposed, shape: [3, 4] }, { fortranOrder: true })).toEqual(
      fixture('transposed-3x4.npy'),
    );
    expect(encodeNpy({ data: Float32Array.from({ length: 6 }, (_, i) => Math.fround(i / 3)), shape: [2, 3] })).toEqual(
      fixture('c-order-2x3.npy'),
    );
  });

  it('reads NumPy files into row-major data', () => {
    const t = decodeNpy(fixture('transposed-3x4.npy'));
    expect(t.shape).toEqual([3, 4]);
    expect(Array.from(t.data.subarray(0, 4))).toEqual([-1, 0.5, 2, 3.5]); // a.T[0] = a[:, 0]
    expect(parseNpyHeader(fixture('transposed-3x4.npy')).fortranOrder).toBe(true);
    const c = decodeNpy(fixture('c-order-2x3.npy'));
    expect(c.shape).toEqual([2, 3]);
    expect(c.data[4]).toBe(Math.fround(4 / 3));
  });

  it('rejects other dtypes, bad magic and wrong sizes with typed errors', () => {
    const good = fixture('c-order-2x3.npy');
    expect(() => decodeNpy(good.subarray(0, good.length - 4))).toThrow(InvalidArgumentError);
    expect(() => decodeNpy(new Uint8Array(20))).toThrow(/magic/);
    const f8 = good.slice();
    f8.set(new TextEncoder().encode("'<f8'"), good.indexOf(0x27)); // 'descr': '<f4' → '<f8'
    expect(() => decodeNpy(f8)).toThrow(InvalidArgumentError);
    expect(() => encodeNpy({ data: new Float32Array(5), shape: [2, 3] })).toThrow(/product is 5/);
  });
});
