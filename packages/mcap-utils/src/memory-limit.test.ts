import { describe, expect, it } from 'vitest';
import { formatBytes } from './memory-limit.js';

describe('formatBytes', () => {
  it('prints bytes whole and larger sizes with three significant digits in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(3.7 * 1024 ** 3)).toBe('3.70 GiB');
    expect(formatBytes(26.2 * 1024 ** 4)).toBe('26.2 TiB');
  });
});
