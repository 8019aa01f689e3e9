import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@tsc/source'] },
  ssr: { resolve: { conditions: ['@tsc/source'] } },
  // forks: each example runs with its own temporary folder as the working directory (process.chdir)
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' },
});
