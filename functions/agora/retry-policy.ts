/**
 * When and how long to wait before sending a failed request again. Retries multiply the worst
 * case: with the defaults one call can take `maxAttempts` × the per-attempt timeout plus the
 * waits, so pass a deadline or an AbortSignal wherever time is bounded (a Lambda always is).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included; 1 turns retries off. @default 5 */
  maxAttempts: number;
  /** Cap of the first wait, in ms; each further wait's cap doubles. @default 200 */
  minDelayMs: number;
  /** Largest wait, in ms, whatever the attempt or a `Retry-After` header says. @default 10000 */
  maxDelayMs: number;
  /** Growth of the cap per attempt. @default 2 */
  factor: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, minDelayMs: 200, maxDelayMs: 10_000, factor: 2 };

/**
 * The wait before attempt `attempt + 1` (attempts count from 1): "full jitter", a uniform draw
 * from zero to the capped exponential, so that many clients that failed together do not retry
 * together. A `Retry-After` from the service is honoured, capped at `maxDelayMs`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterSeconds?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds * 1000, policy.maxDelayMs);
  const cap = Math.min(policy.maxDelayMs, policy.minDelayMs * policy.factor ** (attempt - 1));
  return Math.floor(random() * cap);
}

/** Checks a policy supplied by a caller, so a typo fails at construction, not in an outage. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const known = new Set(Object.keys(DEFAULT_RETRY_POLICY));
  for (const key of Object.keys(overrides)) {
    if (!known.has(key)) throw new TypeError(`unknown retry option "${key}"; expected one of ${[...known].join(', ')}`);
  }
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
    throw new RangeError('retry.maxAttempts must be an integer ≥ 1');
  if (!(policy.minDelayMs >= 0) || !(policy.maxDelayMs >= policy.minDelayMs)) {
    throw new RangeError('retry delays must satisfy 0 ≤ minDelayMs ≤ maxDelayMs');
  }
  if (!(policy.factor >= 1)) throw new RangeError('retry.factor must be ≥ 1');
  return policy;
}
