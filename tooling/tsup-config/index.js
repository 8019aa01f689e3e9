// @ts-check
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

/** The private workspace packages (`tooling/`) that are bundled, never installed: with their subpaths. */
const PRIVATE_PACKAGES = [/^@tsc\/errors(\/|$)/, /^@tsc\/shared(\/|$)/];

const tooling = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The sources of the private packages' entries, for the declaration build. Mapped by `paths` (not reached through
 * `node_modules`), their files count as the package's own, so their types, and the files they import, are inlined
 * into `dist/*.d.ts`; through `node_modules` they would stay imports of packages users cannot install.
 */
const PRIVATE_TYPE_PATHS = {
  '@tsc/errors': [join(tooling, 'errors/src/index.ts')],
  '@tsc/errors/testing': [join(tooling, 'errors/src/testing.ts')],
  '@tsc/shared': [join(tooling, 'shared/src/index.ts')],
  '@tsc/shared/node': [join(tooling, 'shared/src/node/index.ts')],
};

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
    // @tsc/errors and @tsc/shared are private: bundle their code and their types into every package that uses them.
    noExternal: PRIVATE_PACKAGES,
    external,
    dts: { compilerOptions: { composite: false, noEmit: false, paths: PRIVATE_TYPE_PATHS } },
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
