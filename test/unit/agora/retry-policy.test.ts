import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy, retryDelayMs } from '../../../functions/agora/retry-policy.js';

describe('retryDelayMs', () => {
  const policy = { maxAttempts: 10, minDelayMs: 100, maxDelayMs: 1000, factor: 2 };

  it('draws from zero up to a cap that doubles per attempt (full jitter)', () => {
    expect(retryDelayMs(policy, 1, undefined, () => 0.999)).toBe(99);
    expect(retryDelayMs(policy, 2, undefined, () => 0.999)).toBe(199);
    expect(retryDelayMs(policy, 3, undefined, () => 0.5)).toBe(200);
    expect(retryDelayMs(policy, 1, undefined, () => 0)).toBe(0);
  });

  it('never exceeds maxDelayMs however many attempts', () => {
    expect(retryDelayMs(policy, 30, undefined, () => 0.999)).toBe(999);
  });

  it('honours Retry-After, capped at maxDelayMs', () => {
    expect(retryDelayMs(policy, 1, 0.5)).toBe(500);
    expect(retryDelayMs(policy, 1, 60)).toBe(1000);
  });
});

describe('resolveRetryPolicy', () => {
  it('fills in the defaults', () => {
    expect(resolveRetryPolicy({ maxAttempts: 2 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 });
  });

  it('rejects an unknown option by name instead of ignoring it', () => {
    expect(() => resolveRetryPolicy({ retries: 3 } as never)).toThrow('unknown retry option "retries"');
  });

  it.each([{ maxAttempts: 0 }, { minDelayMs: 500, maxDelayMs: 100 }, { factor: 0.5 }])('rejects %o', (bad) => {
    expect(() => resolveRetryPolicy(bad)).toThrow(RangeError);
  });
});
