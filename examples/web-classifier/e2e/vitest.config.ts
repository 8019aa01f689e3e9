import { defineConfig } from 'vitest/config';

// End-to-end tests of the built site (run `pnpm --filter web-classifier build` first) in Debian's Chromium.
export default defineConfig({
  resolve: { conditions: ['@tsc/source'] },
  ssr: { resolve: { conditions: ['@tsc/source'] } },
  test: { include: ['e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 300_000, fileParallelism: false },
});
