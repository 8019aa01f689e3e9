/// <reference path="../types/lz4js.d.ts" />

import { UnsupportedCompressionError } from '../errors.js';
import { type PlatformCodecs, unwrapDefault } from '../platform/platform-codecs.js';

/** Chunk compression a writer can produce. `none` writes uncompressed chunks. */
export type ChunkCompression = 'zstd' | 'lz4' | 'none';

/** The compressions {@link loadCompressor} supports. */
export const CHUNK_COMPRESSIONS: readonly ChunkCompression[] = ['zstd', 'lz4', 'none'];

/** Compresses one chunk's records. */
export type CompressChunk = (data: Uint8Array) => Uint8Array;

/** Decompresses one chunk's records to exactly `uncompressedSize` bytes. */
export type DecompressChunk = (data: Uint8Array, uncompressedSize: number) => Uint8Array;

let platformPromise: Promise<PlatformCodecs> | undefined;

/**
 * The runtime's codecs, loaded on first use: `#platform-codecs` resolves to the Node module (wasm zstd
 * and bzip2) under the `node` export condition and to the browser module (pure-JS zstd decoding)
 * everywhere else, so bundlers never see the Node-only wasm glue.
 * @internal
 */
export function loadPlatformCodecs(): Promise<PlatformCodecs> {
  platformPromise ??= import('#platform-codecs').then((module) => module.platformCodecs);
  return platformPromise;
}

/**
 * The chunk compressor for `compression`: wasm zstd at `level` (Node only), lz4 frames (lz4js), or none.
 *
 * @param compression - `zstd`, `lz4` or `none`. Defaults to `zstd` in Node and `lz4` in browsers, which
 *   have no zstd compressor here.
 * @param level - zstd level. Defaults to 3.
 * @returns `undefined` for `none`, else the MCAP compression name and the function.
 * @throws {@link UnsupportedCompressionError} for `zstd` in a browser.
 */
export async function loadCompressor(
  compression: ChunkCompression | undefined,
  level = 3,
): Promise<{ name: string; compress: CompressChunk } | undefined> {
  const platform = await loadPlatformCodecs();
  const chosen = compression ?? platform.defaultCompression;
  switch (chosen) {
    case 'none':
      return undefined;
    case 'zstd': {
      const compress = await platform.loadZstdCompress();
      if (compress === undefined) throw new UnsupportedCompressionError('<writer>', 0, 'zstd', ['lz4', 'none']);
      return { name: 'zstd', compress: (data) => compress(data, level) };
    }
    case 'lz4': {
      const lz4 = unwrapDefault<{ compress(data: Uint8Array): Uint8Array }>(await import('lz4js'));
      return { name: 'lz4', compress: (data) => lz4.compress(data) };
    }
    default:
      throw new UnsupportedCompressionError('<writer>', 0, String(chosen), CHUNK_COMPRESSIONS);
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

function checkSize(size: number): void {
  if (size > MAX_CHUNK_BYTES) throw new Error(`an uncompressed size up to ${MAX_CHUNK_BYTES} bytes, found ${size}`);
}

async function loadZstdDecompressor(): Promise<DecompressChunk> {
  const decompress = await (await loadPlatformCodecs()).loadZstdDecompress();
  // Check the frame's declared size before the decoder allocates the output.
  return (data, size) => {
    checkSize(size);
    const declared = zstdFrameContentSize(data);
    if (declared === -1) throw new Error('expected a zstd frame (magic 28 b5 2f fd)');
    if (declared !== undefined && declared !== size)
      throw new Error(`the zstd frame holds ${declared} bytes, the chunk declares ${size}`);
    return decompress(data, size);
  };
}

async function loadLz4Decompressor(): Promise<DecompressChunk> {
  // Pure JS everywhere (the wasm decoder reuses a context that stays broken after a corrupt frame).
  const lz4 = unwrapDefault<{ decompress(data: Uint8Array, maxSize?: number): Uint8Array }>(await import('lz4js'));
  return (data, size) => {
    checkSize(size);
    if (size > data.length * 255 + 65536)
      throw new Error(`at most ${data.length * 255 + 65536} bytes from ${data.length} lz4 bytes, found ${size}`);
    checkLz4Frame(data);
    return lz4.decompress(data, size);
  };
}

async function loadBz2Decompressor(): Promise<DecompressChunk | undefined> {
  const decompress = await (await loadPlatformCodecs()).loadBz2Decompress();
  if (decompress === undefined) return undefined;
  return (data, size) => {
    checkSize(size);
    return decompress(data, size);
  };
}

const decompressorLoaders: Record<string, () => Promise<DecompressChunk | undefined>> = {
  '': async () => (data) => data,
  zstd: loadZstdDecompressor,
  lz4: loadLz4Decompressor,
  bz2: loadBz2Decompressor,
};

const decompressorPromises = new Map<string, Promise<DecompressChunk | undefined>>();

/** The MCAP compression names a reader knows (`''` is none); which load depends on the runtime. */
export const DECOMPRESSION_NAMES: readonly string[] = Object.keys(decompressorLoaders);

/**
 * The chunk decompressor for one MCAP compression name (`''` for none, `zstd`, `lz4`, `bz2`), loaded
 * on first use only, so reading an uncompressed file loads no codec. Resolves to `undefined` for a
 * name this runtime cannot decode (an unknown name, or `bz2` in a browser).
 */
export function loadDecompressor(compression: string): Promise<DecompressChunk | undefined> {
  let promise = decompressorPromises.get(compression);
  if (promise === undefined) {
    const loader = Object.hasOwn(decompressorLoaders, compression) ? decompressorLoaders[compression] : undefined;
    promise = loader === undefined ? Promise.resolve(undefined) : loader();
    decompressorPromises.set(compression, promise);
  }
  return promise;
}
