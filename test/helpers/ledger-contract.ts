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

  describe(`${name}: group state`, () => {
    test('a write conditional on a version another writer moved on fails, and changes nothing', async () => {
      const g = group();
      await ledger().saveGroupState({ groupId: g, version: 0, activeBanId: 'ban-1' });

      await expect(ledger().saveGroupState({ groupId: g, version: 0, activeBanId: 'ban-2' })).rejects.toThrow(LedgerConflictError);
      expect(await ledger().getGroupState(g)).toMatchObject({ version: 1, activeBanId: 'ban-1' });
    });
  });
}
