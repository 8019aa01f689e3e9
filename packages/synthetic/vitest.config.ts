import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@tsc/source'] },
  ssr: { resolve: { conditions: ['@tsc/source'] } },
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
