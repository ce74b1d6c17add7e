import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    globalSetup: ['./test/build-cli.ts'],
    // Integration tests start real servers on free ports; keep a generous per-test budget for
    // the slower CI machine, but no test asserts on wall-clock time.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: {
      // EMF metrics would flood the test output; tests read outcomes from the ledger and queues.
      POWERTOOLS_METRICS_DISABLED: 'true',
      // The AWS SDK's notice that its 2027 releases need Node.js 22 says nothing about the tests.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    projects: [
      // Pure logic against in-memory ports: no servers, thousands of cases in seconds.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // Real HTTP, SQS, S3 and DynamoDB wire protocols against the local stack.
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
    ],
  },
});
