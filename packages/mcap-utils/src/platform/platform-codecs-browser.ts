import type { PlatformCodecs } from './platform-codecs.js';

/**
 * Browsers and other non-Node runtimes: pure-JS zstd decoding (`fzstd`), no zstd compressor and no
 * bzip2, so bundlers need no wasm loader, no `fs` and no `Buffer`. @internal
 */
export const platformCodecs: PlatformCodecs = {
  runtime: 'browser',
  defaultCompression: 'lz4',
  async loadZstdCompress() {
    return undefined;
  },
  async loadZstdDecompress() {
    const { decompress } = await import('fzstd');
    return (data, size) => decompress(data, new Uint8Array(size));
  },
  async loadBz2Decompress() {
    return undefined;
  },
};
