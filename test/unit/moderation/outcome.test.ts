import { expect, test } from 'vitest';
import { describeOutcome, type Outcome } from '../../../functions/moderation/decision/index.js';

test.each<[Outcome, string]>([
  [
    { kind: 'disabled', banId: 'ban-d1', until: '2026-11-27T01:00:00.000Z' },
    'disabled: ban ban-d1 until 2026-11-27T01:00:00.000Z',
  ],
  [{ kind: 'disabled', banId: 'ban-d1', until: null }, 'disabled: ban ban-d1 until permanent'],
  [
    { kind: 'disabled', banId: 'ban-d2', until: null, replacedBanId: 'ban-d1' },
    'disabled: ban ban-d2 until permanent, replacing ban-d1',
  ],
  [
    { kind: 'disabled', banId: 'ban-d1', until: '2026-11-27T01:00:00.000Z', enforced: true },
    'disabled again: ban ban-d1 is in force until 2026-11-27T01:00:00.000Z',
  ],
  [
    { kind: 'disabled', banId: 'ban-d1', until: null, enforced: true },
    'disabled again: ban ban-d1 is in force until permanent',
  ],
  [{ kind: 'enabled', liftedBanId: 'ban-d1' }, 'enabled: lifted ban ban-d1'],
  [{ kind: 'enabled' }, 'enabled: no ban of the automation was active'],
  [{ kind: 'counted', violations: 2, threshold: 5 }, 'counted: 2 of 5 violations in the window'],
  [{ kind: 'unchanged', why: 'ban ban-d1 is no longer in force' }, 'unchanged: ban ban-d1 is no longer in force'],
  [{ kind: 'gone', why: 'group deleted: Agora has no group 1' }, 'gone: group deleted: Agora has no group 1'],
  [
    { kind: 'duplicate', previously: 'disabled: ban ban-d1 until permanent' },
    'duplicate: already processed (disabled: ban ban-d1 until permanent)',
  ],
])('an outcome is described in words for the ledger and the logs: %j', (outcome, words) => {
  expect(describeOutcome(outcome)).toBe(words);
});

test('a sanction names at most five skipped targets, counts the rest, and says what an earlier delivery settled', () => {
  const skipped = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'].map((target) => ({ target, reason: 'the owner' }));
  expect(describeOutcome({ kind: 'sanctioned', action: 'mute', sent: 2, skipped, settled: 3, until: null })).toBe(
    'mute: 2 sent until permanent, 7 skipped (u1: the owner; u2: the owner; u3: the owner; u4: the owner; ' +
      'u5: the owner, and 2 more), 3 settled by an earlier delivery',
  );
  const five = skipped.slice(0, 5);
  expect(describeOutcome({ kind: 'sanctioned', action: 'remove', sent: 0, skipped: five, settled: 0 })).toBe(
    'remove: 0 sent, 5 skipped (u1: the owner; u2: the owner; u3: the owner; u4: the owner; u5: the owner)',
  );
});

test("a violation's count is followed by what its ladder step and the raid did, each in turn", () => {
  const outcome: Outcome = {
    kind: 'counted',
    violations: 4,
    threshold: 8,
    also: [
      { kind: 'sanctioned', action: 'ladder step 1 (recall)', sent: 1, skipped: [], settled: 0 },
      {
        kind: 'sanctioned',
        action: 'mute-all (raid)',
        sent: 1,
        skipped: [],
        settled: 0,
        until: '2026-11-27T00:15:00.000Z',
      },
    ],
  };
  expect(describeOutcome(outcome)).toBe(
    'counted: 4 of 8 violations in the window; ladder step 1 (recall): 1 sent; ' +
      'mute-all (raid): 1 sent until 2026-11-27T00:15:00.000Z',
  );
});
