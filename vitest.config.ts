import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // Integration tests start real servers on free ports; keep a generous per-test budget for
    // the slower CI machine, but no test asserts on wall-clock time.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
