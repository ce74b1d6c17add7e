import { sleep } from './sleep.js';

/**
 * A token bucket kept as a "theoretical arrival time" (GCRA): each caller reserves the next
 * free slot at once and waits for it, so concurrent callers are served in order and the rate
 * holds however many wait.
 */
export class TokenBucket {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private nextSlot = 0;

  constructor(
    /** Calls per second. */
    readonly ratePerSecond: number,
    /** Calls that may go at once after a quiet spell. @default one tenth of the rate, at least 1 */
    readonly burst = Math.max(1, Math.floor(ratePerSecond / 10)),
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    if (!(burst >= 1)) throw new RangeError('burst must be at least 1');
    this.intervalMs = 1000 / ratePerSecond;
    this.toleranceMs = (burst - 1) * this.intervalMs;
  }

  /** Waits for a slot; rejects with the signal's reason if it aborts first. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot - this.toleranceMs);
    this.nextSlot = Math.max(this.nextSlot, now) + this.intervalMs;
    await sleep(slot - now, signal);
  }
}

/** The endpoints of the group, member and message APIs, each limited on its own by the service (100/s each, joined groups 50/s). */
export const ENDPOINTS = [
  'create',
  'get',
  'modify',
  'delete',
  'list',
  'disable',
  'enable',
  'joined',
  'mute',
  'unmute',
  'muted',
  'muteAll',
  'unmuteAll',
  'remove',
  'block',
  'unblock',
  'recall',
  'admins',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/**
 * Client-side rate limits in calls per second. `false` turns throttling off (benchmarks).
 * @default 100/s for every endpoint and 50/s for joined groups (the paid plans' limits);
 *   use `{ default: 10, joined: 10 }` on the free plan.
 */
export type RateLimitOptions = false | ({ default?: number } & Partial<Record<Endpoint, number>>);

export const DEFAULT_RATE_LIMIT = 100;
export const DEFAULT_JOINED_RATE_LIMIT = 50;

/**
 * Calls per second for each endpoint: the endpoint's own setting, else `default`, except that
 * joined groups never default above its lower limit. Empty when limits are off.
 */
export function resolveRateLimits(options: RateLimitOptions): Map<Endpoint, number> {
  const limits = new Map<Endpoint, number>();
  if (options === false) return limits;
  const base = options.default ?? DEFAULT_RATE_LIMIT;
  for (const endpoint of ENDPOINTS) {
    limits.set(
      endpoint,
      options[endpoint] ?? (endpoint === 'joined' ? Math.min(base, DEFAULT_JOINED_RATE_LIMIT) : base),
    );
  }
  return limits;
}

/** One bucket per endpoint. */
export class EndpointRateLimiter {
  private readonly buckets = new Map<Endpoint, TokenBucket>();

  constructor(options: RateLimitOptions = {}) {
    for (const [endpoint, rate] of resolveRateLimits(options)) this.buckets.set(endpoint, new TokenBucket(rate));
  }

  acquire(endpoint: Endpoint, signal?: AbortSignal): Promise<void> {
    return this.buckets.get(endpoint)?.acquire(signal) ?? Promise.resolve();
  }
}
