import { defineConfig } from 'tsup';

/**
 * `pnpm bench` bundles the benchmark with the package's sources the way `pnpm build` bundles `dist/` (esbuild
 * via tsup, ESM, node20) and runs it with plain Node. Running the TypeScript sources through tsx's loader hooks
 * instead measured every hot loop ~20% slower (the JSON formatting and parsing included), which is not what users of the package run.
 */
export default defineConfig({
  entry: { index: 'bench/index.ts' },
  outDir: 'node_modules/.bench',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // Bundle the workspace sources (resolved through the @tsc/source condition); npm dependencies stay
  // external, loaded from node_modules as users load them.
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
