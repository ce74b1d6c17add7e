/**
 * The retry budget: a record that keeps failing is parked (`retries-exhausted`) once the event's
 * own failures span the retry window, or a retry would outlive the queue's retention, or it is one
 * receive short of the queue's redrive. Counted from the event's own failures, not the receive
 * count, which climbs for records that wait behind a failing one. See docs/architecture.md#retries.
 */
import type { AttemptCount } from '../../ledger/index.js';
import { parkingReceive } from './failure-disposition.js';

export interface RetryBudget {
  /** How long an event is retried from its own first failure, in seconds. @default 86400 */
  windowSeconds: number;
  /** How long the queue keeps a message (`MessageRetentionPeriod`), in seconds. @default 345600 */
  queueRetentionSeconds: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudget = { windowSeconds: 86_400, queueRetentionSeconds: 345_600 };

/** How long before the end of its retention a message is parked: room for the receive after its backoff, and a slow one. */
export const RETENTION_MARGIN_SECONDS = 3_600;

/** How long an attempt count is kept after its last failure: longer than SQS keeps any message (14 days at most). */
export const ATTEMPT_COUNT_RETENTION_SECONDS = 15 * 86_400;

/**
 * About how many receives an event that fails on each of them makes before its failures span
 * `windowSeconds`: the doublings of the backoff up to its cap, then one every half cap (full
 * jitter draws the visibility evenly below the cap). Time spent processing only lowers it.
 */
export function receivesToSpan(windowSeconds: number, backoff: { baseSeconds: number; maxSeconds: number }): number {
  const meanVisibility = (cap: number) => (cap + 1) / 2;
  let receives = 1;
  let elapsed = 0;
  for (let cap = backoff.baseSeconds; cap < backoff.maxSeconds && elapsed < windowSeconds; cap *= 2, receives += 1)
    elapsed += meanVisibility(cap);
  if (elapsed < windowSeconds) receives += Math.ceil((windowSeconds - elapsed) / meanVisibility(backoff.maxSeconds));
  return receives;
}

/** The smallest queue `maxReceiveCount` that holds two retry windows before the handler's last net (`parkingReceive`). */
export function minReceiveCount(windowSeconds: number, backoff: { baseSeconds: number; maxSeconds: number }): number {
  return 2 * receivesToSpan(windowSeconds, backoff) + 2;
}

export interface RetryFacts {
  receiveCount: number;
  /** The queue's `maxReceiveCount`. */
  maxReceiveCount: number;
  /** The event's own failed attempts, this one included; `undefined` when they could not be counted. */
  attempts: AttemptCount | undefined;
  /** When the message reached the queue, epoch ms, if the record says. */
  sentAt: number | undefined;
  /** Epoch ms. */
  now: number;
  /** The backoff the record would get now. */
  visibilitySeconds: number;
}

function span(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3_600).toFixed(1)} h`;
}

/** Why a record that failed again is parked now instead of retried; `undefined` while its budget lasts. */
export function budgetSpent(budget: RetryBudget, facts: RetryFacts): string | undefined {
  if (facts.receiveCount >= parkingReceive(facts.maxReceiveCount))
    return `still failing on receive ${facts.receiveCount}`;
  const { attempts, now } = facts;
  if (attempts && now - Date.parse(attempts.firstFailedAt) >= budget.windowSeconds * 1000) {
    return `still failing after ${attempts.failures} attempts of its own over ${span((now - Date.parse(attempts.firstFailedAt)) / 1000)} (retry window ${span(budget.windowSeconds)})`;
  }
  if (facts.sentAt !== undefined) {
    const dropsAt = facts.sentAt + budget.queueRetentionSeconds * 1000;
    if (now + (facts.visibilitySeconds + RETENTION_MARGIN_SECONDS) * 1000 > dropsAt) {
      return `the queue keeps a message ${span(budget.queueRetentionSeconds)} and this one is ${span((now - facts.sentAt) / 1000)} old: a retry would outlive it`;
    }
  }
  return undefined;
}
