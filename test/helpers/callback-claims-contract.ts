/**
 * The contract of the callback claims, run against each adapter: the in-memory one in the unit
 * tests and the DynamoDB one against dynalite in the integration tests.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { CallbackClaims } from '../../functions/ledger/index.js';

const EXPIRES = Math.floor(1_764_230_400_000 / 1000) + 3_600;

export function describeCallbackClaims(name: string, claims: () => CallbackClaims) {
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

    test('callIds are claimed apart', async () => {
      expect(await claims().claimCallback(claim(`acme#chat_${randomUUID()}`, 'a'))).toBe('claimed');
      expect(await claims().claimCallback(claim(`acme#chat_${randomUUID()}`, 'b'))).toBe('claimed');
    });
  });
}
