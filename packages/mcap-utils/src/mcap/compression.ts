/// <reference path="../types/lz4js.d.ts" />

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

/** Largest chunk the readers will decompress (bytes): larger declared sizes are treated as corruption. */
export const MAX_CHUNK_BYTES = 1 << 30;

/**
 * The content size a zstd frame header declares, `undefined` when the header omits it, or `-1`
 * when `data` does not start with a zstd frame.
 */
export function zstdFrameContentSize(data: Uint8Array): number | undefined {
  if (data.length < 6 || data[0] !== 0x28 || data[1] !== 0xb5 || data[2] !== 0x2f || data[3] !== 0xfd) return -1;
  const descriptor = data[4]!;
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const dictionaryIdBytes = [0, 1, 2, 4][descriptor & 3]!;
  const fcsBytes = fcsFlag === 0 ? singleSegment : [0, 2, 4, 8][fcsFlag]!;
  if (fcsBytes === 0) return undefined;
  const at = 5 + (singleSegment ? 0 : 1) + dictionaryIdBytes;
  if (at + fcsBytes > data.length) return -1;
  let value = 0;
  for (let i = fcsBytes - 1; i >= 0; i--) value = value * 256 + data[at + i]!;
  return fcsBytes === 2 ? value + 256 : value;
}

/**
 * Walks the block headers of an lz4 frame and checks that every block lies inside `data`, so the
 * decoder's loops are bounded by the input (a corrupted block size could otherwise make it copy
 * billions of bytes).
 */
export function checkLz4Frame(data: Uint8Array): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 7 || view.getUint32(0, true) !== 0x184d2204)
    throw new Error('expected the lz4 frame magic 04 22 4d 18');
  const flags = data[4]!;
  if ((flags & 0xc0) !== 0x40) throw new Error(`expected lz4 frame version 01, found ${(flags >> 6) & 3}`);
  const blockChecksum = (flags & 0x10) !== 0;
  const contentSize = (flags & 0x08) !== 0;
  const contentChecksum = (flags & 0x04) !== 0;
  let offset = 6 + (contentSize ? 8 : 0) + 1;
  for (;;) {
    if (offset + 4 > data.length) throw new Error(`lz4 frame ends inside a block header at ${offset}`);
    const size = view.getUint32(offset, true) & 0x7fffffff;
    offset += 4;
    if (size === 0) break;
    offset += size + (blockChecksum ? 4 : 0);
    if (offset > data.length) throw new Error(`lz4 block of ${size} bytes runs past the end of the chunk`);
  }
  if (offset + (contentChecksum ? 4 : 0) > data.length) throw new Error('lz4 frame ends before its checksum');
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
    const zstd = await loadZstd();
    const lz4 = unwrapDefault<{ decompress(data: Uint8Array, maxSize?: number): Uint8Array }>(await import('lz4js'));
    const checkSize = (size: number) => {
      if (size > MAX_CHUNK_BYTES) throw new Error(`an uncompressed size up to ${MAX_CHUNK_BYTES} bytes, found ${size}`);
    };
    const result: Record<string, DecompressChunk> = { '': (data) => data };
    for (const [name, handler] of Object.entries(handlers)) {
      result[name] = (data, size) => {
        checkSize(size);
        return handler(data, BigInt(size));
      };
    }
    // zstd: check the frame's declared size before the wasm allocates the output.
    result.zstd = (data, size) => {
      checkSize(size);
      const declared = zstdFrameContentSize(data);
      if (declared === -1) throw new Error('expected a zstd frame (magic 28 b5 2f fd)');
      if (declared !== undefined && declared !== size)
        throw new Error(`the zstd frame holds ${declared} bytes, the chunk declares ${size}`);
      const out = zstd.decompress(data, size);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    };
    // lz4: pure JS (the wasm decoder reuses a context that stays broken after a corrupt frame).
    result.lz4 = (data, size) => {
      checkSize(size);
      if (size > data.length * 255 + 65536)
        throw new Error(`at most ${data.length * 255 + 65536} bytes from ${data.length} lz4 bytes, found ${size}`);
      checkLz4Frame(data);
      return lz4.decompress(data, size);
    };
    return result;
  })();
  return decompressorsPromise;
}
