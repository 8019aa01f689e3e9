import { type PlatformCodecs, unwrapDefault } from './platform-codecs.js';

interface ZstdModule {
  isLoaded: Promise<boolean>;
  compress(buffer: Uint8Array, level?: number): Uint8Array;
  decompress(buffer: Uint8Array, size: number): Uint8Array;
}

function asPlainBytes(out: Uint8Array): Uint8Array {
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

let zstdPromise: Promise<ZstdModule> | undefined;

/** Loads the wasm zstd codec once (offline: the `.wasm` ships in `@foxglove/wasm-zstd`). */
function loadZstd(): Promise<ZstdModule> {
  zstdPromise ??= import('@foxglove/wasm-zstd').then(async (module) => {
    const zstd = unwrapDefault<ZstdModule>(module);
    await zstd.isLoaded;
    return zstd;
  });
  return zstdPromise;
}

/** Node: wasm zstd (compress and decompress) and wasm bzip2 through `@mcap/support`. @internal */
export const platformCodecs: PlatformCodecs = {
  runtime: 'node',
  defaultCompression: 'zstd',
  async loadZstdCompress() {
    const zstd = await loadZstd();
    return (data, level) => asPlainBytes(zstd.compress(data, level));
  },
  async loadZstdDecompress() {
    const zstd = await loadZstd();
    return (data, size) => asPlainBytes(zstd.decompress(data, size));
  },
  async loadBz2Decompress() {
    const { loadDecompressHandlers } = await import('@mcap/support');
    const bz2 = (await loadDecompressHandlers()).bz2;
    return bz2 === undefined ? undefined : (data, size) => bz2(data, BigInt(size));
  },
};
