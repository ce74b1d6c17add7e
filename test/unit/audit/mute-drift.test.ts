import { describe, expect, test } from 'vitest';
import type { GroupDetails } from '../../../functions/agora/index.js';
import { FindingKind } from '../../../functions/audit/findings.js';
import {
  ledgerMutesByGroup,
  muteFindingsFor,
  MUTE_END_MARGIN_MS,
  needsMuteList,
  type LedgerMutes,
} from '../../../functions/audit/mute-drift.js';
import { SanctionKind, SanctionStatus, type SanctionRecord } from '../../../functions/ledger/index.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();
const HOUR = 3_600_000;

function sanction(kind: SanctionKind, target: string, decidedAt: string, extra: Partial<SanctionRecord> = {}) {
  const eventId = `e-${kind}-${target}-${decidedAt}`;
  return {
    groupId: 'g1',
    eventId,
    kind,
    target,
    decidedAt,
    cause: { eventId, eventType: 'member.mute', reason: 'r', source: 's' },
    status: SanctionStatus.Applied,
    dryRun: false,
    ...extra,
  } satisfies SanctionRecord;
}
async function* yielding<T>(items: T[]) {
  yield* items;
}
const mutesOf = async (items: SanctionRecord[]) => (await ledgerMutesByGroup(yielding(items))).get('g1')!;

const group = (mutedAll?: boolean): GroupDetails => ({
  id: 'g1',
  name: 'g',
  description: '',
  owner: 'olga',
  public: true,
  membersOnly: false,
  allowInvites: false,
  maxUsers: 200,
  memberCount: 3,
  created: 0,
  disabled: false,
  custom: '',
  affiliations: [],
  ...(mutedAll !== undefined && { mutedAll }),
});
const kinds = (
  mutes: LedgerMutes,
  muteList = [] as { user: string; expiresAt: number | 'permanent' }[],
  mutedAll?: boolean,
) => muteFindingsFor(group(mutedAll), mutes, muteList, NOW).map((f) => `${f.kind}:${String(f.evidence.member ?? '')}`);

describe('ledgerMutesByGroup', () => {
  test("keeps each member's and the group's latest word, whatever order the scan reads them in", async () => {
    const mutes = await mutesOf([
      sanction(SanctionKind.Unmute, 'ann', at(-HOUR)),
      sanction(SanctionKind.Mute, 'ann', at(-2 * HOUR), { until: at(HOUR) }),
      sanction(SanctionKind.Mute, 'bob', at(-HOUR), { until: null }),
      sanction(SanctionKind.Remove, 'bob', at(-2 * HOUR)),
      sanction(SanctionKind.UnmuteAll, 'g1', at(-HOUR)),
      sanction(SanctionKind.MuteAll, 'g1', at(-3 * HOUR), { until: at(-2 * HOUR) }),
    ]);
    expect(mutes.members.get('ann')!.kind).toBe(SanctionKind.Unmute);
    expect(mutes.members.get('bob')).toMatchObject({ kind: SanctionKind.Mute, until: null });
    expect(mutes.group!.kind).toBe(SanctionKind.UnmuteAll);
  });

  test("one event's mute and removal of a member, decided at one instant: the removal is the last word, in either order", async () => {
    const decidedAt = at(-HOUR);
    const shared = { eventId: 'e-step-3', decidedAt };
    const mute = sanction(SanctionKind.Mute, 'bob', decidedAt, { ...shared, until: at(HOUR) });
    const removal = sanction(SanctionKind.Remove, 'bob', decidedAt, shared);
    for (const order of [
      [mute, removal],
      [removal, mute],
    ]) {
      const mutes = await mutesOf(order);
      expect(mutes.members.get('bob')!.kind).toBe(SanctionKind.Remove);
      expect(needsMuteList(mutes, NOW)).toBe(false);
    }
  });
});

describe('muteFindingsFor', () => {
  test('a member muted in the ledger and missing from the mute list; one listed, one removed since, one unmuted', async () => {
    const mutes = await mutesOf([
      sanction(SanctionKind.Mute, 'ann', at(-HOUR), { until: at(HOUR) }),
      sanction(SanctionKind.Mute, 'bob', at(-HOUR), { until: null }),
      sanction(SanctionKind.Mute, 'cy', at(-HOUR), { until: at(HOUR) }),
      sanction(SanctionKind.Block, 'cy', at(-HOUR / 2)),
      sanction(SanctionKind.Mute, 'dan', at(-HOUR), { until: at(HOUR) }),
      sanction(SanctionKind.Unmute, 'dan', at(-HOUR / 2)),
    ]);
    expect(needsMuteList(mutes, NOW)).toBe(true);
    expect(kinds(mutes, [{ user: 'bob', expiresAt: 'permanent' }])).toEqual(['member_mute_lifted:ann']);
    expect(
      kinds(mutes, [
        { user: 'ann', expiresAt: NOW.getTime() + HOUR },
        { user: 'bob', expiresAt: 'permanent' },
      ]),
    ).toEqual([]);
    expect(
      kinds(mutes, [
        { user: 'ann', expiresAt: 1 },
        { user: 'bob', expiresAt: 1 },
        { user: 'dan', expiresAt: 1 },
      ]),
    ).toEqual(['member_still_muted:dan']);
  });

  test('a mute ending within the margin, or over, is not checked; nor is the list read for it', async () => {
    const mutes = await mutesOf([
      sanction(SanctionKind.Mute, 'ann', at(-HOUR), { until: at(MUTE_END_MARGIN_MS) }),
      sanction(SanctionKind.Mute, 'bob', at(-HOUR), { until: at(-HOUR / 2) }),
    ]);
    expect(needsMuteList(mutes, NOW)).toBe(false);
    expect(kinds(mutes)).toEqual([]);
    const justClear = await mutesOf([
      sanction(SanctionKind.Mute, 'ann', at(-HOUR), { until: at(MUTE_END_MARGIN_MS + 1) }),
    ]);
    expect(kinds(justClear)).toEqual(['member_mute_lifted:ann']);
  });

  test("the group's mute is compared only when Agora's details say whether it is muted", async () => {
    const muted = await mutesOf([sanction(SanctionKind.MuteAll, 'g1', at(-HOUR), { until: at(HOUR) })]);
    const unmuted = await mutesOf([
      sanction(SanctionKind.MuteAll, 'g1', at(-2 * HOUR), { until: at(HOUR) }),
      sanction(SanctionKind.UnmuteAll, 'g1', at(-HOUR)),
    ]);
    const overdue = await mutesOf([sanction(SanctionKind.MuteAll, 'g1', at(-2 * HOUR), { until: at(-HOUR) })]);
    const untilLifted = await mutesOf([sanction(SanctionKind.MuteAll, 'g1', at(-2 * HOUR), { until: null })]);

    expect(needsMuteList(muted, NOW)).toBe(false);
    expect(kinds(muted, [], false)).toEqual(['group_mute_lifted:']);
    expect(kinds(muted, [], true)).toEqual([]);
    expect(kinds(unmuted, [], true)).toEqual(['group_still_muted:']);
    expect(kinds(unmuted, [], false)).toEqual([]);
    expect(kinds(overdue, [], true)).toEqual([`${FindingKind.GroupMuteOverdue}:`]);
    expect(kinds(overdue, [], false)).toEqual([]);
    expect(kinds(untilLifted, [], false)).toEqual(['group_mute_lifted:']);
    expect(kinds(untilLifted, [], true)).toEqual([]);
    for (const mutes of [muted, unmuted, overdue]) expect(kinds(mutes, [], undefined)).toEqual([]);
  });
});
