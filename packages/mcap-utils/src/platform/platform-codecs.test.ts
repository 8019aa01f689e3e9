import { describe, expect, it } from 'vitest';
import { loadPlatformCodecs } from '../mcap/compression.js';
import { platformCodecs as browserCodecs } from './platform-codecs-browser.js';
import { platformCodecs as nodeCodecs } from './platform-codecs-node.js';

function sensorJson(count: number): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; i < count; i++)
    lines.push(`{"timestamp":${i * 10_000_000},"values":[${Math.sin(i / 7)}, ${i % 13}, 9.81]}`);
  return new TextEncoder().encode(lines.join('\n'));
}

/** The first index where `a` and `b` differ, or -1 when they are equal (fast on large arrays). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('platform codecs', () => {
  it('resolve #platform-codecs to the Node module under Node', async () => {
    expect((await loadPlatformCodecs()).runtime).toBe('node');
  });

  it('decode zstd in the browser module (fzstd) byte for byte as the Node wasm codec wrote it', async () => {
    const data = sensorJson(3000);
    const compress = (await nodeCodecs.loadZstdCompress())!;
    const decodeBrowser = await browserCodecs.loadZstdDecompress();
    const decodeNode = await nodeCodecs.loadZstdDecompress();
    for (const level of [1, 9]) {
      const frame = compress(data, level);
      expect(frame.length).toBeLessThan(data.length / 3);
      expect(firstDifference(decodeBrowser(frame, data.length), data)).toBe(-1);
      expect(firstDifference(decodeNode(frame, data.length), data)).toBe(-1);
    }
  });

  it('offer no zstd compressor and no bzip2 in the browser module, and lz4 as its default', async () => {
    expect(browserCodecs.defaultCompression).toBe('lz4');
    expect(await browserCodecs.loadZstdCompress()).toBeUndefined();
    expect(await browserCodecs.loadBz2Decompress()).toBeUndefined();
    expect(await nodeCodecs.loadBz2Decompress()).toBeTypeOf('function');
  });
});
