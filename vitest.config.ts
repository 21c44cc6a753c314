import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The machine has two cores; the accuracy suites parse whole packages and share a cache.
    pool: 'forks',
    maxWorkers: 2,
  },
});
