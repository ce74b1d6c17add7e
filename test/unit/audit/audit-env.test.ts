import { describe, expect, test } from 'vitest';
import { auditSettingsFromEnv } from '../../../functions/audit/audit-env.js';
import { DEFAULT_FINDING_OPTIONS } from '../../../functions/audit/findings.js';

describe('auditSettingsFromEnv', () => {
  test('reads the variables into settings named as the deployment config names them', () => {
    expect(auditSettingsFromEnv({})).toEqual({ nearCapacity: 0.9 });
    const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/1/moderation.fifo';
    expect(
      auditSettingsFromEnv({
        LEDGER_TABLE_NAME: 'ledger',
        AUDIT_BANNED_TERMS: 'spam, scam,',
        AUDIT_NEAR_CAPACITY: '0.8',
        AUDIT_REPAIR: 'true',
        MODERATION_QUEUE_URL: queueUrl,
      }),
    ).toEqual({ ledgerTableName: 'ledger', bannedTerms: ['spam', 'scam'], nearCapacity: 0.8, repair: { queueUrl } });
  });

  test("the settings' near-capacity default is the findings' own (the CLI's help tells it too)", () => {
    expect(auditSettingsFromEnv({}).nearCapacity).toBe(DEFAULT_FINDING_OPTIONS.nearCapacityRatio);
  });

  test('a queue without AUDIT_REPAIR repairs nothing', () => {
    expect(
      auditSettingsFromEnv({
        AUDIT_REPAIR: 'false',
        MODERATION_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/q.fifo',
      }),
    ).toEqual({ nearCapacity: 0.9 });
  });
});
