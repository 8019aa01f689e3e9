import type { Options } from 'tsup';

/** Options of the shared tsup build factory. */
export interface CreateTsupConfigOptions {
  /** Entry points by output name, e.g. `{ index: 'src/index.ts', node: 'src/node/index.ts' }`. */
  entry: Record<string, string>;
  /** `neutral` for browser-safe entries (default), `node` for Node-only packages. */
  platform?: 'node' | 'neutral';
  /** A banner prepended to every JS output, e.g. a shebang for a bin. */
  banner?: string;
  /** Imports left as imports in `dist/`, e.g. a `#subpath` the package's `imports` map resolves per runtime. Defaults to none. */
  external?: string[];
}

/** The shared build: ESM only, declarations with maps, source maps, `__PACKAGE_VERSION__`. */
export function createTsupConfig(options: CreateTsupConfigOptions): Options;

/**
 * The benchmark build behind `pnpm bench`: `bench/index.ts` bundled with the workspace sources into
 * `node_modules/.bench/index.js`, run with plain Node (as `dist/` runs; tsx's loader hooks slow hot loops ~20%).
 */
export function createBenchTsupConfig(): Options;
