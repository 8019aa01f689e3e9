// @ts-check
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

/**
 * The shared build: ESM only, declarations with maps, source maps, and the
 * package version injected as `__PACKAGE_VERSION__`.
 *
 * @param {{ entry: Record<string, string>, platform?: 'node' | 'neutral', banner?: string, external?: string[] }} options
 */
export function createTsupConfig({ entry, platform = 'neutral', banner, external = [] }) {
  const packageJson = JSON.parse(readFileSync('./package.json', 'utf8'));
  return defineConfig({
    entry,
    format: ['esm'],
    platform,
    target: 'node20',
    // @tsc/errors is private: bundle its code and its types into every package.
    noExternal: ['@tsc/errors'],
    external,
    dts: { resolve: ['@tsc/errors'], compilerOptions: { composite: false, noEmit: false } },
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    define: { __PACKAGE_VERSION__: JSON.stringify(packageJson.version) },
    ...(banner ? { banner: { js: banner } } : {}),
  });
}

/**
 * The benchmark build behind `pnpm bench`: bundles `bench/index.ts` with the workspace sources (resolved through the
 * `@tsc/source` condition) the way `pnpm build` bundles `dist/`, into `node_modules/.bench/index.js`, to run with
 * plain Node. npm dependencies stay external, loaded from node_modules as users load them. Running the TypeScript
 * sources through tsx's loader hooks instead measured hot loops ~20% slower, which is not what users run.
 */
export function createBenchTsupConfig() {
  return defineConfig({
    entry: { index: 'bench/index.ts' },
    outDir: 'node_modules/.bench',
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    noExternal: [/^@tsc\//],
    esbuildOptions(options) {
      options.conditions = ['@tsc/source'];
    },
    dts: false,
    sourcemap: false,
    clean: true,
    splitting: false,
    silent: true,
  });
}
