import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // netxray's cache folder for the run: a temporary one (test/globalCacheDir.ts).
    globalSetup: ['test/globalCacheDir.ts'],
    // A hang guard, not a speed bound. The lab suites wait on the lab's own CLI and APIs, which take 10–40 s a call when
    // the machine is busy (seen at load 28): they get more room than the unit suites.
    testTimeout: process.env.NETXRAY_LAB || process.env.NETXRAY_OVN_LAB ? 600_000 : 120_000,
    hookTimeout: 300_000,
    // The machine has two cores; the accuracy suites parse whole packages and share a cache.
    pool: 'forks',
    maxWorkers: 2,
  },
});
