/**
 * The contract of the callbacks' message counters, run against each adapter: the in-memory one
 * in the unit tests and the DynamoDB one against dynalite in the integration tests.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { MessageCounters } from '../../functions/ledger/index.js';

const T = 1_764_230_400_000;
const EXPIRES = Math.floor(T / 1000) + 3_600;

export function describeMessageCounters(name: string, counters: () => MessageCounters) {
  const group = () => `9${String(Math.floor(Math.random() * 1e15)).padStart(15, '0')}`;
  const message = (groupId: string, at: number, messageKey: string = randomUUID()) => ({
    groupId,
    messageKey,
    at,
    expiresAt: EXPIRES,
  });

  describe(`${name}: group messages`, () => {
    test('returns the times in (since, at], newest first, up to the limit', async () => {
      const g = group();
      for (const at of [T, T + 1_000, T + 2_000, T + 3_000])
        await counters().countGroupMessage(message(g, at), { since: 0, limit: 10 });

      const times = await counters().countGroupMessage(message(g, T + 4_000), { since: T + 1_000, limit: 10 });

      expect(times).toEqual([T + 4_000, T + 3_000, T + 2_000]);
      expect(await counters().countGroupMessage(message(g, T + 4_000), { since: 0, limit: 2 })).toEqual([
        T + 4_000,
        T + 4_000,
      ]);
    });

    test('counts a message once, however often it is counted', async () => {
      const g = group();
      const once = message(g, T);
      for (let i = 0; i < 3; i++) await counters().countGroupMessage(once, { since: 0, limit: 10 });

      expect(await counters().countGroupMessage(message(g, T + 1), { since: 0, limit: 10 })).toEqual([T + 1, T]);
    });

    test('counts a message once under its first time, even when a copy carries another time', async () => {
      // Prepare: the chat_offline copy of a message may be stamped later than the chat one.
      const g = group();
      const key = randomUUID();
      await counters().countGroupMessage(message(g, T, key), { since: 0, limit: 10 });

      // Act
      const copy = await counters().countGroupMessage(message(g, T + 500, key), { since: 0, limit: 10 });
      const next = await counters().countGroupMessage(message(g, T + 1_000), { since: 0, limit: 10 });

      // Assess
      expect(copy).toEqual([T]);
      expect(next).toEqual([T + 1_000, T]);
    });

    test('leaves out later messages (reordered delivery) and other groups', async () => {
      const [g, other] = [group(), group()];
      await counters().countGroupMessage(message(g, T + 5_000), { since: 0, limit: 10 });
      await counters().countGroupMessage(message(other, T), { since: 0, limit: 10 });

      expect(await counters().countGroupMessage(message(g, T), { since: T - 10_000, limit: 10 })).toEqual([T]);
    });
  });

  describe(`${name}: text senders`, () => {
    const sender = (groupId: string, textKey: string, who: string, at: number) => ({
      groupId,
      textKey,
      sender: who,
      at,
      expiresAt: EXPIRES,
    });

    test('counts distinct senders after since, keeping each sender latest time', async () => {
      const g = group();
      const text = randomUUID();
      await counters().countTextSender(sender(g, text, 'alice', T), { since: 0, enough: 10 });
      await counters().countTextSender(sender(g, text, 'alice', T + 2_000), { since: 0, enough: 10 });
      await counters().countTextSender(sender(g, text, 'alice', T + 1_000), { since: 0, enough: 10 });
      await counters().countTextSender(sender(g, randomUUID(), 'carol', T), { since: 0, enough: 10 });

      const times = await counters().countTextSender(sender(g, text, 'bob', T + 3_000), {
        since: T + 1_500,
        enough: 10,
      });

      expect(times.sort()).toEqual([T + 2_000, T + 3_000]);
    });

    test('finds at least `enough` senders when there are that many', async () => {
      const g = group();
      const text = randomUUID();
      for (let i = 0; i < 12; i++)
        await counters().countTextSender(sender(g, text, `user${i}`, T + i), { since: 0, enough: 3 });

      const times = await counters().countTextSender(sender(g, text, 'last', T + 100), { since: T + 5, enough: 4 });

      expect(times.length).toBeGreaterThanOrEqual(4);
      expect(times.every((time) => time > T + 5)).toBe(true);
    });
  });

  describe(`${name}: report claims`, () => {
    const claim = (groupId: string, claimant: string, at: number, until: number) => ({
      groupId,
      scope: 'flood',
      claimant,
      at,
      until,
      expiresAt: EXPIRES,
    });

    test('one claimant per window; the same claimant again; anyone after the window', async () => {
      const g = group();
      expect(await counters().claimReport(claim(g, 'first', T, T + 10_000))).toBe(true);
      expect(await counters().claimReport(claim(g, 'second', T + 5_000, T + 15_000))).toBe(false);
      expect(await counters().claimReport(claim(g, 'first', T, T + 10_000))).toBe(true);
      expect(await counters().claimReport(claim(g, 'third', T + 10_000, T + 20_000))).toBe(true);
      expect(await counters().claimReport(claim(g, 'first', T + 12_000, T + 22_000))).toBe(false);
    });

    test('scopes and groups are claimed apart', async () => {
      const [g, other] = [group(), group()];
      expect(await counters().claimReport(claim(g, 'a', T, T + 10_000))).toBe(true);
      expect(await counters().claimReport({ ...claim(g, 'b', T, T + 10_000), scope: 'copypasta#x' })).toBe(true);
      expect(await counters().claimReport(claim(other, 'c', T, T + 10_000))).toBe(true);
    });
  });
}
