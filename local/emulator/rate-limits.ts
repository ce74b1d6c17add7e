/**
 * The service's per-endpoint rate limits, as `shared/reference/agora-chat-facts.md` states them,
 * kept here on their own: the emulator is the oracle the client is tested against, so it shares
 * no code (and no constants) with the client's throttle.
 *
 * Each endpoint has a bucket holding one second's worth of calls, refilled continuously; a call
 * that finds it empty is answered 429 `reach_limit`.
 */

/** The group, member and message endpoints as the references list them; the service limits each on its own. */
export const EMULATED_ENDPOINTS = [
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
  'blocked',
  'recall',
  'admins',
] as const;
export type EmulatedEndpoint = (typeof EMULATED_ENDPOINTS)[number];

/**
 * Calls per second per endpoint on the paid plans: 100 each, a user's joined groups 50 (facts: "plan for 50");
 * the member and message endpoints 100 each (the moderation reference's table).
 */
export const PAID_PLAN_LIMITS: Readonly<Record<EmulatedEndpoint, number>> = {
  create: 100,
  get: 100,
  modify: 100,
  delete: 100,
  list: 100,
  disable: 100,
  enable: 100,
  joined: 50,
  mute: 100,
  unmute: 100,
  muted: 100,
  muteAll: 100,
  unmuteAll: 100,
  remove: 100,
  block: 100,
  unblock: 100,
  blocked: 100,
  recall: 100,
  admins: 100,
};

/**
 * The limits to enforce: `false` for none, or calls per second, per endpoint or as a `default`
 * for all; an endpoint left out takes the `default`, except that joined groups never get more
 * than the paid plans allow them. `{ default: 10 }` is the free plan.
 */
export type ServerLimitOptions = false | ({ default?: number } & Partial<Record<EmulatedEndpoint, number>>);

function limitsOf(options: ServerLimitOptions): Map<EmulatedEndpoint, number> {
  const limits = new Map<EmulatedEndpoint, number>();
  if (options === false) return limits;
  for (const endpoint of EMULATED_ENDPOINTS) {
    const plan = PAID_PLAN_LIMITS[endpoint];
    limits.set(
      endpoint,
      options[endpoint] ??
        (options.default === undefined ? plan : Math.min(options.default, endpoint === 'joined' ? plan : Infinity)),
    );
  }
  return limits;
}

export class ServerRateLimits {
  private buckets = new Map<EmulatedEndpoint, { rate: number; tokens: number; at: number }>();

  constructor(
    limits: ServerLimitOptions = false,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.set(limits);
  }

  /** Replaces the limits; `false` lifts them. */
  set(limits: ServerLimitOptions): void {
    this.buckets.clear();
    for (const [endpoint, rate] of limitsOf(limits)) this.buckets.set(endpoint, { rate, tokens: rate, at: this.now() });
  }

  /** Takes one call from the endpoint's bucket; false when over the limit. */
  take(endpoint: EmulatedEndpoint): boolean {
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
