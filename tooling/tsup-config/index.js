// @ts-check
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

/**
 * The shared build: ESM only, declarations with maps, source maps, and the
 * package version injected as `__PACKAGE_VERSION__`.
 *
 * @param {{ entry: Record<string, string>, platform?: 'node' | 'neutral', banner?: string }} options
 */
export function createTsupConfig({ entry, platform = 'neutral', banner }) {
  const packageJson = JSON.parse(readFileSync('./package.json', 'utf8'));
  return defineConfig({
    entry,
    format: ['esm'],
    platform,
    target: 'node20',
    // @tsc/errors is private: bundle its code and its types into every package.
    noExternal: ['@tsc/errors'],
    dts: { resolve: ['@tsc/errors'], compilerOptions: { composite: false, noEmit: false } },
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    define: { __PACKAGE_VERSION__: JSON.stringify(packageJson.version) },
    ...(banner ? { banner: { js: banner } } : {}),
  });
}
