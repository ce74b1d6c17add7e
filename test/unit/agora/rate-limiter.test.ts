import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EndpointRateLimiter, TokenBucket, resolveRateLimits } from '../../../functions/agora/rate-limiter.js';

describe('TokenBucket', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('lets a burst through at once, then spaces calls at the rate', async () => {
    // Prepare: 10 calls/s with a burst of 3.
    const bucket = new TokenBucket(10, 3, () => Date.now());
    const granted: number[] = [];

    // Act
    const calls = Array.from({ length: 6 }, () => bucket.acquire().then(() => granted.push(Date.now())));
    await vi.runAllTimersAsync();
    await Promise.all(calls);

    // Assess
    expect(granted).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it('serves waiting callers in order and rejects one whose signal aborts', async () => {
    const bucket = new TokenBucket(1, 1, () => Date.now());
    await bucket.acquire();
    const controller = new AbortController();
    const waiting = bucket.acquire(controller.signal);
    controller.abort(new Error('deadline'));

    await expect(waiting).rejects.toThrow('deadline');
  });
});

describe('resolveRateLimits', () => {
  it('defaults to 100/s per endpoint and 50/s for joined groups', () => {
    const limits = resolveRateLimits({});
    expect(limits.get('disable')).toBe(100);
    expect(limits.get('joined')).toBe(50);
  });

  it('applies a free-plan default to every endpoint, joined included', () => {
    const limits = resolveRateLimits({ default: 10 });
    expect([...limits.values()]).toEqual(Array(8).fill(10));
  });

  it('lets one endpoint be set on its own, and false turn limits off', () => {
    expect(resolveRateLimits({ joined: 100 }).get('joined')).toBe(100);
    expect(resolveRateLimits(false).size).toBe(0);
  });

  it('does not wait at all when limits are off', async () => {
    await expect(new EndpointRateLimiter(false).acquire('disable')).resolves.toBeUndefined();
  });
});
