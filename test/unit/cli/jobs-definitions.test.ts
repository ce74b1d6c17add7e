import { expect, test } from 'vitest';
import { auditEnvSchema } from '../../../functions/audit/index.js';
import { NEAR_CAPACITY_DEFAULT } from '../../../functions/cli/jobs-definitions.js';

// The audit's unit tests hold the settings' default equal to the findings' own (DEFAULT_FINDING_OPTIONS).
test("the help's near-capacity default is the audit's own, in the function's settings", () => {
  expect(auditEnvSchema.parse({}).AUDIT_NEAR_CAPACITY).toBe(NEAR_CAPACITY_DEFAULT);
});
