import { describe, expect, test } from 'vitest';
import { DEFAULT_BACKOFF, DEFAULT_RETRY_BUDGET, minReceiveCount } from '../../../functions/moderation/index.js';
import { budgetSpent, receivesToSpan, type RetryFacts } from '../../../functions/moderation/delivery/retry-budget.js';
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

/** The event's own failures: `failures` of them, the first `secondsAgo` before now. */
const attemptsOver = (failures: number, secondsAgo: number): AttemptCount => ({
  ...attempts(failures, 0),
  firstFailedAt: new Date(NOW - secondsAgo * 1000).toISOString(),
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
    expect(
      budgetSpent(DEFAULT_RETRY_BUDGET, facts({ receiveCount: 3, attempts: attempts(190, 23.9) })),
    ).toBeUndefined();
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ receiveCount: 3, attempts: attempts(190, 24) }))).toBe(
      'still failing after 190 attempts of its own over 24.0 h (retry window 24.0 h)',
    );
  });

  test('a retry that would come back within an hour of the queue dropping the message spends it', () => {
    const old = (hours: number, visibilitySeconds: number) =>
      facts({ sentAt: NOW - hours * HOUR_MS, visibilitySeconds });
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, old(94, 900))).toBeUndefined();
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, old(94.8, 900))).toBe(
      'the queue keeps a message 96.0 h and this one is 94.8 h old: a retry would outlive it',
    );
    // A record that does not say when it was sent is bounded by its window and the net alone.
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ sentAt: undefined }))).toBeUndefined();
  });

  test('a retry that would come back exactly an hour before the queue drops the message is still made; a millisecond older, it is parked', () => {
    // Default retention 96 h; a 900 s backoff plus the hour's margin leaves 94.75 h of age.
    const lastAgeMs = (345_600 - 900 - 3_600) * 1000;
    expect(
      budgetSpent(DEFAULT_RETRY_BUDGET, facts({ sentAt: NOW - lastAgeMs, visibilitySeconds: 900 })),
    ).toBeUndefined();
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ sentAt: NOW - lastAgeMs - 1, visibilitySeconds: 900 }))).toBe(
      'the queue keeps a message 96.0 h and this one is 94.8 h old: a retry would outlive it',
    );
  });

  test('a park reason tells spans under two minutes in seconds, from two minutes in minutes and from two hours in hours', () => {
    const minute = { ...DEFAULT_RETRY_BUDGET, windowSeconds: 60 };
    expect(budgetSpent(minute, facts({ attempts: attemptsOver(3, 90) }))).toBe(
      'still failing after 3 attempts of its own over 90 s (retry window 60 s)',
    );
    expect(budgetSpent(minute, facts({ attempts: attemptsOver(3, 119) }))).toBe(
      'still failing after 3 attempts of its own over 119 s (retry window 60 s)',
    );
    expect(budgetSpent(minute, facts({ attempts: attemptsOver(4, 120) }))).toBe(
      'still failing after 4 attempts of its own over 2 min (retry window 60 s)',
    );
    const twoHours = { ...DEFAULT_RETRY_BUDGET, windowSeconds: 7_200 };
    expect(budgetSpent(twoHours, facts({ attempts: attemptsOver(20, 7_200) }))).toBe(
      'still failing after 20 attempts of its own over 2.0 h (retry window 2.0 h)',
    );
  });

  test('the receive count is the net: one short of the queue’s limit, and when the failures could not be counted', () => {
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ receiveCount: 498, attempts: undefined }))).toBeUndefined();
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ receiveCount: 499, attempts: undefined }))).toBe(
      'still failing on receive 499',
    );
    expect(budgetSpent(DEFAULT_RETRY_BUDGET, facts({ receiveCount: 499, attempts: attempts(1, 0) }))).toBe(
      'still failing on receive 499',
    );
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
    expect(receivesToSpan(86_400, { baseSeconds: 5, maxSeconds: 300 })).toBeGreaterThan(
      receivesToSpan(86_400, DEFAULT_BACKOFF) * 2.5,
    );
  });

  test('a window the doubling reaches exactly is spanned on that receive', () => {
    // The first five backoffs average 3 + 5.5 + 10.5 + 20.5 + 40.5 = 80 s: the sixth receive is 80 s after the first.
    expect(receivesToSpan(80, DEFAULT_BACKOFF)).toBe(6);
    expect(receivesToSpan(81, DEFAULT_BACKOFF)).toBe(7);
  });

  test('a backoff capped at 3 s comes back after 2 s on average (full jitter draws 1, 2 or 3 s): a minute takes 31 receives', () => {
    expect(receivesToSpan(60, { baseSeconds: 3, maxSeconds: 3 })).toBe(31);
  });
});
