import { resolveRateLimits, type Endpoint, type RateLimitOptions } from '../../functions/agora/rate-limiter.js';

/**
 * The service's per-endpoint limits: a bucket per endpoint holding one second's worth of calls,
 * refilled continuously. A call that finds it empty is answered 429 `reach_limit`.
 */
export class ServerRateLimits {
  private buckets = new Map<Endpoint, { rate: number; tokens: number; at: number }>();

  constructor(
    limits: RateLimitOptions = false,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.set(limits);
  }

  /** Replaces the limits; `false` lifts them. */
  set(limits: RateLimitOptions): void {
    this.buckets.clear();
    for (const [endpoint, rate] of resolveRateLimits(limits)) this.buckets.set(endpoint, { rate, tokens: rate, at: this.now() });
  }

  /** Takes one call from the endpoint's bucket; false when over the limit. */
  take(endpoint: Endpoint): boolean {
    const bucket = this.buckets.get(endpoint);
    if (!bucket) return true;
    const now = this.now();
    bucket.tokens = Math.min(bucket.rate, bucket.tokens + ((now - bucket.at) / 1000) * bucket.rate);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
