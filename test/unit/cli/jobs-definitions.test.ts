import { expect, test } from 'vitest';
import { DEFAULT_FINDING_OPTIONS, auditEnvSchema } from '../../../functions/audit/index.js';
import { NEAR_CAPACITY_DEFAULT } from '../../../functions/cli/jobs-definitions.js';

test("the help's near-capacity default is the audit's own, in code and in the function's settings", () => {
  expect(NEAR_CAPACITY_DEFAULT).toBe(DEFAULT_FINDING_OPTIONS.nearCapacityRatio);
  expect(auditEnvSchema.parse({}).AUDIT_NEAR_CAPACITY).toBe(NEAR_CAPACITY_DEFAULT);
});
