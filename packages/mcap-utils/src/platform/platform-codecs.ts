/**
 * The codecs whose best implementation depends on the runtime. `#platform-codecs` (the package's
 * `imports` map) resolves to `platform-codecs-node.ts` under the `node` condition and to
 * `platform-codecs-browser.ts` otherwise, so bundlers never see the Node-only wasm glue.
 * @internal
 */
export interface PlatformCodecs {
  /** Which implementation this is. */
  readonly runtime: 'node' | 'browser';
  /** The compression writers use when none is given: `zstd` in Node, `lz4` in browsers. */
  readonly defaultCompression: 'zstd' | 'lz4';
  /** Loads a zstd compressor, or resolves to `undefined` where none is available (browsers). */
  loadZstdCompress(): Promise<((data: Uint8Array, level: number) => Uint8Array) | undefined>;
  /** Loads the zstd decompressor (wasm in Node, pure JS `fzstd` in browsers). */
  loadZstdDecompress(): Promise<(data: Uint8Array, uncompressedSize: number) => Uint8Array>;
  /** Loads the bzip2 decompressor, or resolves to `undefined` where none is available (browsers). */
  loadBz2Decompress(): Promise<((data: Uint8Array, uncompressedSize: number) => Uint8Array) | undefined>;
}

/** The default export of a dynamically imported module, or the module itself (CommonJS interop). @internal */
export function unwrapDefault<T>(module: unknown): T {
  const value = module as { default?: T };
  return (value.default ?? module) as T;
}
