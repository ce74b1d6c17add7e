/**
 * `violation.reported`: the violation is recorded, then counted by its own time within the policy's
 * window, whatever order violations arrive in (see `violation-window.ts`). Violations up to the
 * last threshold crossing were counted towards that crossing's ban: a late one among them is
 * recorded and counts towards nothing new. No ordering of times can make the count's key range
 * run backwards.
 */
import type { CallOptions } from '../../agora/index.js';
import type { ModerationEvent } from '../../events/index.js';
import type { GroupState } from '../../ledger/index.js';
import { banIdFor, imposeBan } from './bans.js';
import type { Outcome } from './outcome.js';
import type { ModerationContext } from '../delivery/moderation-context.js';
import { windowsHolding } from './violation-window.js';

/** How long a violation is kept past its window, counted from when it arrived: late violations within this still count with it. */
export const LATE_VIOLATION_GRACE_SECONDS = 86_400;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The group's last crossing, unless it lies beyond the tolerated clock skew: only an event dated
 * that far ahead, refused since, can have put it there, and it would stop the group from ever
 * being counted again.
 */
function lastCrossingOf(ctx: ModerationContext, state: GroupState): string | undefined {
  const at = state.lastCrossingAt;
  return at !== undefined && Date.parse(at) <= ctx.clock().getTime() + ctx.clockSkewSeconds * 1000 ? at : undefined;
}

export async function countViolation(ctx: ModerationContext, event: Extract<ModerationEvent, { type: 'violation.reported' }>, state: GroupState, call: CallOptions): Promise<Outcome> {
  const { count: threshold, windowSeconds } = ctx.policy.threshold;
  const windowMs = windowSeconds * 1000;
  const t = Date.parse(event.time);
  const time = iso(t);
  const arrived = ctx.clock().getTime();
  await ctx.ledger.recordViolation({
    eventId: event.id,
    groupId: event.groupId,
    time,
    ...(event.category && { category: event.category }),
    expiresAt: Math.ceil(Math.max(t, arrived) / 1000) + windowSeconds + LATE_VIOLATION_GRACE_SECONDS,
  }, call);

  // A redelivery of the violation whose crossing is in force: its ban's effects may be unfinished.
  if (state.activeBanId === banIdFor(event.id)) return imposeBan(ctx, event, state, call, {});
  const lastCrossing = lastCrossingOf(ctx, state);
  if (lastCrossing !== undefined && time <= lastCrossing) {
    return { kind: 'unchanged', why: `violation at ${time} is not after the last threshold crossing (${lastCrossing}): recorded, and counted towards that crossing's ban` };
  }
  // Every window holding t lies within (t - window, t + window); what the last crossing counted is left out.
  const windowStart = iso(t - windowMs);
  const after = lastCrossing !== undefined && lastCrossing > windowStart ? lastCrossing : windowStart;
  const times = await ctx.ledger.violationTimes(event.groupId, after, iso(t + windowMs - 1), call);
  const { fullest, crossing } = windowsHolding(times.map(Date.parse), t, windowMs, threshold);
  if (!crossing) return { kind: 'counted', violations: fullest.count, threshold };
  return imposeBan(ctx, event, state, call, {
    crossingAt: iso(crossing.end),
    reason: `${crossing.count} violations within ${windowSeconds} s (threshold ${threshold}); last: ${event.reason}`,
  });
}
