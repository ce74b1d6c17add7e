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
