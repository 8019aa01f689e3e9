import { UnsupportedCompressionError } from '../errors.js';

/** Chunk compression a writer can produce. `none` writes uncompressed chunks. */
export type ChunkCompression = 'zstd' | 'lz4' | 'none';

/** The compressions {@link loadCompressor} supports. */
export const CHUNK_COMPRESSIONS: readonly ChunkCompression[] = ['zstd', 'lz4', 'none'];

/** Compresses one chunk's records. */
export type CompressChunk = (data: Uint8Array) => Uint8Array;

/** Decompresses one chunk's records to exactly `uncompressedSize` bytes. */
export type DecompressChunk = (data: Uint8Array, uncompressedSize: number) => Uint8Array;

interface ZstdModule {
  isLoaded: Promise<boolean>;
  compress(buffer: Uint8Array, level?: number): Uint8Array;
  decompress(buffer: Uint8Array, size: number): Uint8Array;
}

let zstdPromise: Promise<ZstdModule> | undefined;

function unwrapDefault<T>(module: unknown): T {
  const value = module as { default?: T };
  return (value.default ?? module) as T;
}

/** Loads the wasm zstd codec once (offline: the `.wasm` ships in the package). @internal */
export function loadZstd(): Promise<ZstdModule> {
  zstdPromise ??= import('@foxglove/wasm-zstd').then(async (module) => {
    const zstd = unwrapDefault<ZstdModule>(module);
    await zstd.isLoaded;
    return zstd;
  });
  return zstdPromise;
}

/**
 * The chunk compressor for `compression`: wasm zstd at `level`, lz4 frames (lz4js), or none.
 *
 * @param compression - `zstd`, `lz4` or `none`.
 * @param level - zstd level. Defaults to 3.
 * @returns `undefined` for `none`, else the MCAP compression name and the function.
 */
export async function loadCompressor(
  compression: ChunkCompression,
  level = 3,
): Promise<{ name: string; compress: CompressChunk } | undefined> {
  switch (compression) {
    case 'none':
      return undefined;
    case 'zstd': {
      const zstd = await loadZstd();
      return {
        name: 'zstd',
        compress: (data) => {
          const out = zstd.compress(data, level);
          return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
        },
      };
    }
    case 'lz4': {
      const lz4 = unwrapDefault<{ compress(data: Uint8Array): Uint8Array }>(await import('lz4js'));
      return { name: 'lz4', compress: (data) => lz4.compress(data) };
    }
    default:
      throw new UnsupportedCompressionError('<writer>', 0, String(compression), CHUNK_COMPRESSIONS);
  }
}

let decompressorsPromise: Promise<Record<string, DecompressChunk>> | undefined;

/**
 * The chunk decompressors by MCAP compression name: `''` (none), `zstd`, `lz4`, `bz2`, loaded once
 * (through `@mcap/support`, wasm, offline).
 */
export function loadDecompressors(): Promise<Record<string, DecompressChunk>> {
  decompressorsPromise ??= (async () => {
    const { loadDecompressHandlers } = await import('@mcap/support');
    const handlers = await loadDecompressHandlers();
    const result: Record<string, DecompressChunk> = { '': (data) => data };
    for (const [name, handler] of Object.entries(handlers)) {
      result[name] = (data, size) => handler(data, BigInt(size));
    }
    return result;
  })();
  return decompressorsPromise;
}
