import { describe, expect, test } from 'vitest';
import { budgetSpent, DEFAULT_BACKOFF, DEFAULT_RETRY_BUDGET, minReceiveCount, receivesToSpan, type RetryFacts } from '../../../functions/moderation/index.js';
import type { AttemptCount } from '../../../functions/ledger/index.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const HOUR_MS = 3_600_000;

/** The event's own failures: `failures` of them, the first `hoursAgo` before now. */
const attempts = (failures: number, hoursAgo: number): AttemptCount => ({
  eventId: 'e1',
  messageId: 'm1',
  failures,
  firstFailedAt: new Date(NOW - hoursAgo * HOUR_MS).toISOString(),
  lastFailedAt: new Date(NOW).toISOString(),
  lastReceive: failures,
  expiresAt: NOW / 1000 + 86_400,
});

const facts = (overrides: Partial<RetryFacts>): RetryFacts => ({
  receiveCount: 1,
  maxReceiveCount: 500,
  attempts: attempts(1, 0),
  sentAt: NOW,
  now: NOW,
  visibilitySeconds: 5,
  ...overrides,
});

describe('budgetSpent', () => {
  test('a record received hundreds of times behind others, on its own first failure, has its budget left', () => {
    // Prepare
    const blocked = facts({ receiveCount: 400, attempts: attempts(1, 0), sentAt: NOW - 30 * HOUR_MS });

    // Act / Assess
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, blocked)).toBeUndefined();
  });

  test('its own failures spanning the window spend it, whatever its receive count', () => {
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ receiveCount: 3, attempts: attempts(190, 23.9) }))).toBeUndefined();
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ receiveCount: 3, attempts: attempts(190, 24) }))).toBe('still failing after 190 attempts of its own over 24.0 h (retry window 24.0 h)');
  });

  test('a retry that would come back within an hour of the queue dropping the message spends it', () => {
    const old = (hours: number, visibilitySeconds: number) => facts({ sentAt: NOW - hours * HOUR_MS, visibilitySeconds });
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, old(94, 900))).toBeUndefined();
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, old(94.8, 900))).toBe('the queue keeps a message 96.0 h and this one is 94.8 h old: a retry would outlive it');
    // A record that does not say when it was sent is bounded by its window and the net alone.
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ sentAt: undefined }))).toBeUndefined();
  });

  test('the receive count is the net: one short of the queue’s limit, and when the failures could not be counted', () => {
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ receiveCount: 498, attempts: undefined }))).toBeUndefined();
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ receiveCount: 499, attempts: undefined }))).toBe('still failing on receive 499');
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ receiveCount: 499, attempts: attempts(1, 0) }))).toBe('still failing on receive 499');
  });
});

describe('receivesToSpan and minReceiveCount', () => {
  test('a day at the default backoff takes about 200 receives, and the default receive limit holds two such windows', () => {
    // Nine receives double the backoff up to its cap, then one every 450 s on average.
    expect(receivesToSpan(86_400, DEFAULT_BACKOFF)).toBe(200);
    expect(minReceiveCount(86_400, DEFAULT_BACKOFF)).toBe(402);
    expect(minReceiveCount(86_400, DEFAULT_BACKOFF)).toBeLessThanOrEqual(500);
  });

  test('a window shorter than the doubling ends in it; a lower cap takes more receives', () => {
    expect(receivesToSpan(60, DEFAULT_BACKOFF)).toBe(6);
    expect(receivesToSpan(86_400, { baseSeconds: 5, maxSeconds: 300 })).toBeGreaterThan(receivesToSpan(86_400, DEFAULT_BACKOFF) * 2.5);
  });
});
