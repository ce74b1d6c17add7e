/**
 * The contract of the moderation ledger, run against each adapter: the in-memory one in the unit
 * tests and the DynamoDB one against dynalite in the integration tests, so the decision core's
 * tests and the deployed table cannot disagree on what is kept apart and what is written once.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  BanStatus,
  LedgerConflictError,
  SanctionKind,
  SanctionStatus,
  type BanRecord,
  type Ledger,
  type SanctionRecord,
} from '../../functions/ledger/index.js';
import { EXAMPLE_EXPLANATION } from './moderation-events.js';

const T = '2026-11-27T00:00:00.000Z';

export function banOf(groupId: string, banId: string, extra: Partial<BanRecord> = {}): BanRecord {
  return {
    banId,
    groupId,
    eventId: `e-${banId}`,
    eventType: 'group.disable',
    reason: 'contract',
    source: 'test',
    imposedAt: T,
    until: null,
    duration: 'permanent',
    status: BanStatus.Pending,
    dryRun: false,
    ...extra,
  };
}

export function sanctionOf(
  groupId: string,
  eventId: string,
  target: string,
  extra: Partial<SanctionRecord> = {},
): SanctionRecord {
  return {
    groupId,
    eventId,
    kind: SanctionKind.Mute,
    target,
    member: target,
    decidedAt: T,
    until: '2026-11-27T00:10:00.000Z',
    cause: {
      eventId,
      eventType: 'member.mute',
      reason: 'contract',
      source: 'test',
      category: 'spam',
      messageId: '1028442084794698104',
    },
    status: SanctionStatus.Pending,
    dryRun: false,
    ...extra,
  };
}

export function describeLedger(name: string, ledger: () => Ledger) {
  const group = () => `8${String(Math.floor(Math.random() * 1e15)).padStart(15, '0')}`;
  const ending = { at: T, byEventId: 'e-end', byEventType: 'group.enable', reason: 'contract' };

  describe(`${name}: bans`, () => {
    test('bans of two groups under one ban id are kept apart, as the table keys them by group and ban', async () => {
      const [a, b] = [group(), group()];
      const banId = `ban-${randomUUID()}`;
      await ledger().putBan(banOf(a, banId, { reason: 'of a' }));
      await ledger().putBan(banOf(b, banId, { reason: 'of b' }));

      await ledger().activateBan(a, banId);
      await ledger().endBan(b, banId, BanStatus.Replaced, ending);

      expect(await ledger().getBan(a, banId)).toMatchObject({ groupId: a, reason: 'of a', status: 'active' });
      expect(await ledger().getBan(b, banId)).toMatchObject({ groupId: b, reason: 'of b', status: 'replaced' });
      expect((await ledger().listBans(a)).map((ban) => [ban.groupId, ban.status])).toEqual([[a, 'active']]);
      const inForce: string[] = [];
      for await (const ban of ledger().activeBans()) if (ban.banId === banId) inForce.push(ban.groupId);
      expect(inForce).toEqual([a]);
    });

    test('a ban is stored once: storing it again keeps the first record', async () => {
      const g = group();
      await ledger().putBan(banOf(g, 'ban-once', { reason: 'first' }));
      await ledger().putBan(banOf(g, 'ban-once', { reason: 'second' }));
      expect(await ledger().getBan(g, 'ban-once')).toMatchObject({ reason: 'first' });
    });

    test('an ended ban stays ended: it is neither activated nor ended again', async () => {
      const g = group();
      await ledger().putBan(banOf(g, 'ban-ended'));
      await ledger().endBan(g, 'ban-ended', BanStatus.Lifted, ending);

      await ledger().activateBan(g, 'ban-ended');
      await ledger().endBan(g, 'ban-ended', BanStatus.Replaced, { ...ending, byEventId: 'e-later' });

      expect(await ledger().getBan(g, 'ban-ended')).toMatchObject({ status: 'lifted', ended: { byEventId: 'e-end' } });
    });
  });

  describe(`${name}: violations`, () => {
    test('are listed oldest first with their reason and explanation, each once, a group apart from another', async () => {
      const [g, other] = [group(), group()];
      const later = { eventId: 'v-2', groupId: g, time: '2026-12-07T10:00:02.000Z', reason: 'second', expiresAt: 4e9 };
      const earlier = {
        eventId: 'v-1',
        groupId: g,
        time: '2026-12-07T10:00:01.000Z',
        reason: 'first',
        explanation: EXAMPLE_EXPLANATION,
        expiresAt: 4e9,
      };
      await ledger().recordViolation(later);
      await ledger().recordViolation(earlier);
      await ledger().recordViolation({ ...earlier, reason: 'again' });
      await ledger().recordViolation({ ...earlier, groupId: other });

      expect(await ledger().listViolations(g)).toEqual([earlier, later]);
    });
  });

  describe(`${name}: failed attempts`, () => {
    const at = (seconds: number) => new Date(Date.parse(T) + seconds * 1000).toISOString();
    const EXPIRES = Math.floor(Date.parse(T) / 1000) + 3_600;
    const attempt = (eventId: string, receive: number, seconds: number, messageId = 'm1') => ({
      eventId,
      messageId,
      receive,
      at: at(seconds),
      expiresAt: EXPIRES + seconds,
    });

    test('counts each receive once, keeping when the first failed', async () => {
      const id = `e-${randomUUID()}`;
      expect(await ledger().countFailure(attempt(id, 1, 0))).toMatchObject({
        failures: 1,
        firstFailedAt: at(0),
        lastFailedAt: at(0),
      });
      // The same receive again (a resent request) and an earlier one change nothing.
      expect(await ledger().countFailure(attempt(id, 1, 5))).toMatchObject({ failures: 1, lastFailedAt: at(0) });
      expect(await ledger().countFailure(attempt(id, 3, 10))).toMatchObject({
        failures: 2,
        firstFailedAt: at(0),
        lastFailedAt: at(10),
        lastReceive: 3,
      });
      expect(await ledger().countFailure(attempt(id, 2, 20))).toMatchObject({ failures: 2, lastReceive: 3 });
      expect(await ledger().countFailure(attempt(id, 4, 30))).toMatchObject({
        failures: 3,
        firstFailedAt: at(0),
        messageId: 'm1',
      });
    });

    test('another message of the same event starts over (one moved back from the DLQ is a new message)', async () => {
      const id = `e-${randomUUID()}`;
      await ledger().countFailure(attempt(id, 1, 0));
      await ledger().countFailure(attempt(id, 2, 10));

      expect(await ledger().countFailure(attempt(id, 1, 20, 'm2'))).toMatchObject({
        failures: 1,
        firstFailedAt: at(20),
        messageId: 'm2',
      });
    });

    test('a count past its expiry starts over, whether or not expiry has run', async () => {
      const id = `e-${randomUUID()}`;
      await ledger().countFailure({ ...attempt(id, 1, 0), expiresAt: Math.floor(Date.parse(T) / 1000) + 60 });

      expect(await ledger().countFailure(attempt(id, 2, 61))).toMatchObject({ failures: 1, firstFailedAt: at(61) });
    });

    test('the same receive counted twice at once (a resent request racing the first) counts once', async () => {
      const id = `e-${randomUUID()}`;
      const counts = await Promise.all([
        ledger().countFailure(attempt(id, 1, 0)),
        ledger().countFailure(attempt(id, 1, 0)),
      ]);

      expect(counts.map((count) => count.failures)).toEqual([1, 1]);
      expect(await ledger().countFailure(attempt(id, 2, 10))).toMatchObject({ failures: 2, firstFailedAt: at(0) });
    });

    test('events are counted apart', async () => {
      const [a, b] = [`e-${randomUUID()}`, `e-${randomUUID()}`];
      await ledger().countFailure(attempt(a, 1, 0));
      await ledger().countFailure(attempt(a, 2, 1));
      expect(await ledger().countFailure(attempt(b, 2, 2))).toMatchObject({ eventId: b, failures: 1 });
    });
  });

  describe(`${name}: sanctions`, () => {
    test('a sanction is stored once, resolved once: a redelivery neither rewrites nor resolves it again', async () => {
      const g = group();
      await ledger().putSanction(sanctionOf(g, 'e-1', 'spammer1', { until: null }));
      await ledger().putSanction(sanctionOf(g, 'e-1', 'spammer1', { until: '2030-01-01T00:00:00.000Z' }));
      const key = { groupId: g, eventId: 'e-1', kind: SanctionKind.Mute, target: 'spammer1' };
      await ledger().resolveSanction(key, { status: SanctionStatus.Failed, at: T, reason: 'refused by the service' });
      await ledger().resolveSanction(key, { status: SanctionStatus.Applied, at: T });

      expect(await ledger().eventSanctions(g, 'e-1')).toEqual([
        {
          ...sanctionOf(g, 'e-1', 'spammer1', { until: null }),
          status: 'failed',
          resolution: { status: 'failed', at: T, reason: 'refused by the service' },
        },
      ]);
    });

    test('resolving a sanction never stored stores nothing', async () => {
      const g = group();
      await ledger().resolveSanction(
        { groupId: g, eventId: 'e-x', kind: SanctionKind.Remove, target: 'nobody' },
        { status: SanctionStatus.Applied, at: T },
      );
      expect(await ledger().listSanctions(g)).toEqual([]);
    });

    test("an event's sanctions are its own: an id that is another's prefix, another kind or another group is kept apart", async () => {
      const [a, b] = [group(), group()];
      await ledger().putSanction(sanctionOf(a, 'e-1', 'u1'));
      await ledger().putSanction(sanctionOf(a, 'e-1', 'u1', { kind: SanctionKind.Remove }));
      await ledger().putSanction(sanctionOf(a, 'e-10', 'u1', { decidedAt: '2026-11-26T00:00:00.000Z' }));
      await ledger().putSanction(sanctionOf(b, 'e-1', 'u2'));
      await ledger().putSanction(sanctionOf(a, 'e-1', a, { kind: SanctionKind.MuteAll, member: undefined }));

      expect((await ledger().eventSanctions(a, 'e-1')).map((s) => `${s.kind}:${s.target}`)).toEqual([
        `mute-all:${a}`,
        'mute:u1',
        'remove:u1',
      ]);
      // Oldest first: e-10 was decided a day earlier.
      expect((await ledger().listSanctions(a)).map((s) => `${s.eventId}:${s.kind}`)).toEqual([
        'e-10:mute',
        'e-1:mute-all',
        'e-1:mute',
        'e-1:remove',
      ]);
      expect((await ledger().eventSanctions(b, 'e-1')).map((s) => s.target)).toEqual(['u2']);
    });

    test('the applied mutes, unmutes, removals, blocks and group mutes of every group are read, and nothing else', async () => {
      const [a, b] = [group(), group()];
      const applied = {
        status: SanctionStatus.Applied,
        resolution: { status: SanctionStatus.Applied, at: T },
      } as const;
      await ledger().putSanction(sanctionOf(a, 'e-1', 'u1', applied));
      await ledger().putSanction(sanctionOf(a, 'e-2', 'u1', { ...applied, kind: SanctionKind.Unmute }));
      await ledger().putSanction(sanctionOf(a, 'e-3', 'u2', { ...applied, kind: SanctionKind.Remove }));
      await ledger().putSanction(sanctionOf(b, 'e-4', 'u3', { ...applied, kind: SanctionKind.Block }));
      await ledger().putSanction(
        sanctionOf(b, 'e-5', b, { ...applied, kind: SanctionKind.MuteAll, member: undefined }),
      );
      await ledger().putSanction(
        sanctionOf(b, 'e-6', b, { ...applied, kind: SanctionKind.UnmuteAll, member: undefined }),
      );
      // Not read: a recall, a sanction still pending, one skipped, one failed.
      await ledger().putSanction(
        sanctionOf(a, 'e-7', '1028442084794698104', { ...applied, kind: SanctionKind.Recall }),
      );
      await ledger().putSanction(sanctionOf(a, 'e-8', 'u4'));
      await ledger().putSanction(sanctionOf(a, 'e-9', 'u5', { status: SanctionStatus.Skipped }));
      await ledger().putSanction(sanctionOf(b, 'e-10', 'u6', { status: SanctionStatus.Failed }));

      const read: string[] = [];
      for await (const s of ledger().appliedMuteSanctions())
        if (s.groupId === a || s.groupId === b) read.push(`${s.groupId === a ? 'a' : 'b'}:${s.eventId}:${s.kind}`);
      expect(read.sort()).toEqual(
        ['a:e-1:mute', 'a:e-2:unmute', 'a:e-3:remove', 'b:e-4:block', 'b:e-5:mute-all', 'b:e-6:unmute-all'].sort(),
      );
    });

    test("the group's mute is kept with its state", async () => {
      const g = group();
      await ledger().saveGroupState({ groupId: g, version: 0, groupMute: { muteId: 'mute-all-e-1', until: null } });
      expect(await ledger().getGroupState(g)).toEqual({
        groupId: g,
        version: 1,
        groupMute: { muteId: 'mute-all-e-1', until: null },
      });
    });
  });

  describe(`${name}: group state`, () => {
    test('a write conditional on a version another writer moved on fails, and changes nothing', async () => {
      const g = group();
      await ledger().saveGroupState({ groupId: g, version: 0, activeBanId: 'ban-1' });

      await expect(ledger().saveGroupState({ groupId: g, version: 0, activeBanId: 'ban-2' })).rejects.toThrow(
        LedgerConflictError,
      );
      expect(await ledger().getGroupState(g)).toMatchObject({ version: 1, activeBanId: 'ban-1' });
    });
  });
}
