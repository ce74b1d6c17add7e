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

  const ladderOf = (ladder: unknown) => policySchema.safeParse({ members: { windowSeconds: 3600, ladder } });
  const issuesOf = (ladder: unknown) =>
    ladderOf(ladder).error?.issues.map((issue) => ({
      code: issue.code,
      path: issue.path.join('.'),
      message: issue.message,
    }));

  it("takes a ladder whose steps' hits rise and whose steps name each action once", () => {
    const ladder = [
      { hits: 1, actions: ['recall'] },
      { hits: 2, actions: ['recall', { mute: 600 }] },
      { hits: 3, actions: ['block', 'recall'] },
    ];
    expect(ladderOf(ladder).data?.members?.ladder).toEqual(ladder);
  });

  it('rejects a ladder whose hits do not strictly increase, naming the step and both counts', () => {
    for (const [earlier, later] of [
      [2, 2],
      [3, 2],
    ]) {
      expect(
        issuesOf([
          { hits: earlier, actions: ['recall'] },
          { hits: later, actions: ['remove'] },
        ]),
      ).toEqual([
        {
          code: 'custom',
          path: 'members.ladder.1.hits',
          message: `members.ladder hits must be strictly increasing: step 1 has ${later} after ${earlier}`,
        },
      ]);
    }
  });

  it('rejects a ladder step that names an action twice, a mute of any length being one action', () => {
    const step = (actions: unknown[]) => [
      { hits: 1, actions: ['recall'] },
      { hits: 2, actions },
    ];
    expect(issuesOf(step(['remove', 'remove']))).toEqual([
      { code: 'custom', path: 'members.ladder.1.actions', message: 'members.ladder step 1 names "remove" twice' },
    ]);
    expect(issuesOf(step([{ mute: 60 }, { mute: 'permanent' }]))).toEqual([
      { code: 'custom', path: 'members.ladder.1.actions', message: 'members.ladder step 1 names "mute" twice' },
    ]);
  });
});
