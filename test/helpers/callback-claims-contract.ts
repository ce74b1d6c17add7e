/**
 * The contract of the callback claims, run against each adapter: the in-memory one in the unit
 * tests and the DynamoDB one against dynalite in the integration tests.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { CallbackClaims } from '../../functions/ledger/index.js';

const EXPIRES = Math.floor(1_764_230_400_000 / 1000) + 3_600;

/**
 * `claims()` must return adapters that share their claims, on a clock before every expiry;
 * `claims(clock)` one on that clock (epoch seconds), which may share them too (a table does):
 * every test claims callIds of its own.
 */
export function describeCallbackClaims(name: string, claims: (nowSeconds?: () => number) => CallbackClaims) {
  const claim = (callId: string, digest: string) => ({ callId, digest, expiresAt: EXPIRES });

  describe(`${name}: callback claims`, () => {
    test('the first claim of a callId is granted; the same content again is a repeat, as often as it comes', async () => {
      const callId = `acme#chat_${randomUUID()}`;
      expect(await claims().claimCallback(claim(callId, 'a'))).toBe('claimed');
      expect(await claims().claimCallback(claim(callId, 'a'))).toBe('repeated');
      expect(await claims().claimCallback(claim(callId, 'a'))).toBe('repeated');
    });

    test('other content under a claimed callId conflicts, and does not replace the claim', async () => {
      const callId = `acme#chat_${randomUUID()}`;
      await claims().claimCallback(claim(callId, 'a'));

      expect(await claims().claimCallback(claim(callId, 'b'))).toBe('conflict');
      expect(await claims().claimCallback(claim(callId, 'c'))).toBe('conflict');
      expect(await claims().claimCallback(claim(callId, 'a'))).toBe('repeated');
    });

    test('a claim past its expiry counts as gone, whether or not TTL has deleted it yet: other content claims the callId', async () => {
      let now = EXPIRES - 10;
      const expiring = claims(() => now);
      const callId = `acme#chat_${randomUUID()}`;
      await expiring.claimCallback(claim(callId, 'a'));
      expect(await expiring.claimCallback(claim(callId, 'b'))).toBe('conflict');
      now = EXPIRES;
      expect(await expiring.claimCallback(claim(callId, 'b')), 'at its expiry a claim still holds').toBe('conflict');
      now = EXPIRES + 1;

      expect(await expiring.claimCallback({ callId, digest: 'b', expiresAt: EXPIRES + 3_600 })).toBe('claimed');
      expect(await expiring.claimCallback({ callId, digest: 'a', expiresAt: EXPIRES + 3_600 })).toBe('conflict');
      expect(await expiring.claimCallback({ callId, digest: 'b', expiresAt: EXPIRES + 3_600 })).toBe('repeated');
    });

    test('an expired claim of the same content is claimed afresh, not repeated', async () => {
      let now = EXPIRES - 10;
      const expiring = claims(() => now);
      const callId = `acme#chat_${randomUUID()}`;
      await expiring.claimCallback(claim(callId, 'a'));
      now = EXPIRES + 1;

      expect(await expiring.claimCallback({ callId, digest: 'a', expiresAt: EXPIRES + 3_600 })).toBe('claimed');
    });

    test('callIds are claimed apart', async () => {
      expect(await claims().claimCallback(claim(`acme#chat_${randomUUID()}`, 'a'))).toBe('claimed');
      expect(await claims().claimCallback(claim(`acme#chat_${randomUUID()}`, 'b'))).toBe('claimed');
    });
  });
}
