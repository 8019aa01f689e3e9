import { describe, expect, it } from 'vitest';
import { crc32 } from '../mcap/crc32.js';
import { nativeCrc32 } from './native-crc32.js';

describe('CRC-32', () => {
  it('matches the check value and Node’s native implementation, also when chained', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(nativeCrc32(bytes)).toBe(0xcbf43926);
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31 + 7) & 0xff);
    for (const split of [0, 1, 7, 8, 9, 500, 999]) {
      const chained = crc32(data.subarray(split), crc32(data.subarray(0, split)));
      expect(chained).toBe(nativeCrc32(data));
      expect(nativeCrc32(data.subarray(split), nativeCrc32(data.subarray(0, split)))).toBe(chained);
    }
  });
});
