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
    // Prepare: 10 calls/s, no burst; the first slot is taken.
    const bucket = new TokenBucket(10, 1, () => Date.now());
    await bucket.acquire();
    const granted: [string, number][] = [];
    const controller = new AbortController();

    // Act: three callers wait; the second gives up before its slot.
    const first = bucket.acquire().then(() => granted.push(['first', Date.now()]));
    const second = bucket.acquire(controller.signal).then(() => granted.push(['second', Date.now()]));
    const third = bucket.acquire().then(() => granted.push(['third', Date.now()]));
    controller.abort(new Error('deadline'));
    await expect(second).rejects.toThrow('deadline');
    await vi.runAllTimersAsync();
    await Promise.all([first, third]);

    // Assess: the others in the order they came, each at its own slot (the abandoned one stays
    // spent, so the rate holds).
    expect(granted).toEqual([
      ['first', 100],
      ['third', 300],
    ]);
  });

  it('defaults its burst to a tenth of the rate, at least 1', async () => {
    const grantedAt = async (bucket: TokenBucket, calls: number) => {
      const granted: number[] = [];
      const all = Array.from({ length: calls }, () => bucket.acquire().then(() => granted.push(Date.now())));
      await vi.runAllTimersAsync();
      await Promise.all(all);
      return granted;
    };
    expect(await grantedAt(new TokenBucket(100, undefined, () => Date.now()), 11)).toEqual([...Array(10).fill(0), 10]);
    vi.setSystemTime(10_000);
    expect(await grantedAt(new TokenBucket(5, undefined, () => Date.now()), 2)).toEqual([10_000, 10_200]);
  });

  it.each([
    [0, 1, 'ratePerSecond must be positive'],
    [-1, 1, 'ratePerSecond must be positive'],
    [10, 0, 'burst must be at least 1'],
  ])('refuses a rate of %s with a burst of %s', (rate, burst, message) => {
    expect(() => new TokenBucket(rate, burst)).toThrow(new RangeError(message));
  });
});

describe('EndpointRateLimiter', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('limits each endpoint on its own', async () => {
    const limiter = new EndpointRateLimiter({ default: 1 });
    await limiter.acquire('disable');
    const granted: string[] = [];

    const waits = [
      limiter.acquire('disable').then(() => granted.push('disable')),
      limiter.acquire('enable').then(() => granted.push('enable')),
    ];
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual(['enable']);
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(waits);
    expect(granted).toEqual(['enable', 'disable']);
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
    expect([...limits.values()]).toEqual(Array(18).fill(10));
  });

  it('limits each member and message endpoint on its own, at 100/s by default', () => {
    const limits = resolveRateLimits({});
    expect(
      ['mute', 'unmute', 'muted', 'muteAll', 'unmuteAll', 'remove', 'block', 'unblock', 'recall', 'admins'].map((e) =>
        limits.get(e as never),
      ),
    ).toEqual(Array(10).fill(100));
  });

  it('lets one endpoint be set on its own, and false turn limits off', () => {
    expect(resolveRateLimits({ joined: 100 }).get('joined')).toBe(100);
    expect(resolveRateLimits(false).size).toBe(0);
  });

  it('does not wait at all when limits are off', async () => {
    await expect(new EndpointRateLimiter(false).acquire('disable')).resolves.toBeUndefined();
  });
});
