/**
 * The contract of the moderation ledger, run against each adapter: the in-memory one in the unit
 * tests and the DynamoDB one against dynalite in the integration tests, so the decision core's
 * tests and the deployed table cannot disagree on what is kept apart and what is written once.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { BanStatus, LedgerConflictError, type BanRecord, type Ledger } from '../../functions/ledger/index.js';

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

  describe(`${name}: failed attempts`, () => {
    const at = (seconds: number) => new Date(Date.parse(T) + seconds * 1000).toISOString();
    const EXPIRES = Math.floor(Date.parse(T) / 1000) + 3_600;
    const attempt = (eventId: string, receive: number, seconds: number, messageId = 'm1') => ({ eventId, messageId, receive, at: at(seconds), expiresAt: EXPIRES + seconds });

    test('counts each receive once, keeping when the first failed', async () => {
      const id = `e-${randomUUID()}`;
      expect(await ledger().countFailure(attempt(id, 1, 0))).toMatchObject({ failures: 1, firstFailedAt: at(0), lastFailedAt: at(0) });
      // The same receive again (a resent request) and an earlier one change nothing.
      expect(await ledger().countFailure(attempt(id, 1, 5))).toMatchObject({ failures: 1, lastFailedAt: at(0) });
      expect(await ledger().countFailure(attempt(id, 3, 10))).toMatchObject({ failures: 2, firstFailedAt: at(0), lastFailedAt: at(10), lastReceive: 3 });
      expect(await ledger().countFailure(attempt(id, 2, 20))).toMatchObject({ failures: 2, lastReceive: 3 });
      expect(await ledger().countFailure(attempt(id, 4, 30))).toMatchObject({ failures: 3, firstFailedAt: at(0), messageId: 'm1' });
    });

    test('another message of the same event starts over (one moved back from the DLQ is a new message)', async () => {
      const id = `e-${randomUUID()}`;
      await ledger().countFailure(attempt(id, 1, 0));
      await ledger().countFailure(attempt(id, 2, 10));

      expect(await ledger().countFailure(attempt(id, 1, 20, 'm2'))).toMatchObject({ failures: 1, firstFailedAt: at(20), messageId: 'm2' });
    });

    test('a count past its expiry starts over, whether or not expiry has run', async () => {
      const id = `e-${randomUUID()}`;
      await ledger().countFailure({ ...attempt(id, 1, 0), expiresAt: Math.floor(Date.parse(T) / 1000) + 60 });

      expect(await ledger().countFailure(attempt(id, 2, 61))).toMatchObject({ failures: 1, firstFailedAt: at(61) });
    });

    test('the same receive counted twice at once (a resent request racing the first) counts once', async () => {
      const id = `e-${randomUUID()}`;
      const counts = await Promise.all([ledger().countFailure(attempt(id, 1, 0)), ledger().countFailure(attempt(id, 1, 0))]);

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

  describe(`${name}: group state`, () => {
    test('a write conditional on a version another writer moved on fails, and changes nothing', async () => {
      const g = group();
      await ledger().saveGroupState({ groupId: g, version: 0, activeBanId: 'ban-1' });

      await expect(ledger().saveGroupState({ groupId: g, version: 0, activeBanId: 'ban-2' })).rejects.toThrow(LedgerConflictError);
      expect(await ledger().getGroupState(g)).toMatchObject({ version: 1, activeBanId: 'ban-1' });
    });
  });
}
