import { describe, expect, it } from 'vitest';
import { banDuration, policySchema } from '../../../functions/moderation/decision/policy.js';

describe('policy', () => {
  it('has documented defaults', () => {
    expect(policySchema.parse({})).toEqual({
      threshold: { count: 5, windowSeconds: 3600 },
      banDurations: [3600, 86_400, 'permanent'],
      escalationWindowDays: 90,
      enableMayLiftForeignBans: false,
      dryRun: false,
    });
  });

  it('escalates with each prior ban and repeats the last step', () => {
    const policy = policySchema.parse({});
    expect([0, 1, 2, 3, 10].map((prior) => banDuration(policy, prior))).toEqual([
      3600,
      86_400,
      'permanent',
      'permanent',
      'permanent',
    ]);
  });

  it('rejects unknown settings and impossible values by name', () => {
    const result = policySchema.safeParse({ treshold: {}, banDurations: [] });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.') || i.message);
    expect(paths.join(' ')).toContain('banDurations');
    expect(paths.join(' ')).toContain('treshold');
  });

  it('takes any whole number of days of at least one as the escalation window', () => {
    expect(policySchema.parse({ escalationWindowDays: 30 }).escalationWindowDays).toBe(30);
    expect(policySchema.safeParse({ escalationWindowDays: 0 }).success).toBe(false);
    expect(policySchema.safeParse({ escalationWindowDays: 1.5 }).success).toBe(false);
  });
});
