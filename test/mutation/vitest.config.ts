/**
 * The tests mutation testing runs (`npm run mutate`, see stryker.config.mjs): the unit tests of
 * the modules it mutates. A mutant of a module's top level (a schema, a constant) is tested by
 * every test file that loads the module, once per mutant; leaving out the unit tests of other
 * modules (the CDK stack tests alone synthesize the stack for seconds a file) keeps that affordable.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    reporters: ['default', './test/mutation/load-failures-reporter.ts'],
    include: ['test/unit/{agora,events,moderation,jobs,rules}/**/*.test.ts'],
    // Two mutation test runners share the machine: the property tests need more than vitest's
    // default 5 s there, as they do under \`npm test\`.
    testTimeout: 30_000,
    env: {
      POWERTOOLS_METRICS_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
