/**
 * `violation.reported`: the violation is recorded, then counted by its own time within the policy's
 * window, whatever order violations arrive in (see `violation-window.ts`). Violations up to the
 * last threshold crossing were counted towards that crossing's ban: a late one among them is
 * recorded and counts towards nothing new. No ordering of times can make the count's key range
 * run backwards.
 */
import type { ModerationEvent } from '../../events/index.js';
import type { GroupState } from '../../ledger/index.js';
import { banIdFor, imposeBan } from './bans.js';
import { plan, type Decision, type DecisionContext, type Facts } from './plan.js';
import { windowsHolding } from './violation-window.js';
import { iso } from './iso-time.js';

/** How long a violation is kept past its window, counted from when it arrived: late violations within this still count with it. */
export const LATE_VIOLATION_GRACE_SECONDS = 86_400;

/** A violation is kept for the longest window that counts it: the group's threshold, a member's ladder, a raid. */
function longestWindow(context: DecisionContext): number {
  const { threshold, members, muteAll } = context.policy;
  return Math.max(threshold.windowSeconds, members?.windowSeconds ?? 0, muteAll?.windowSeconds ?? 0);
}

/**
 * The group's last crossing, unless it lies beyond the tolerated clock skew: only an event dated
 * that far ahead, refused since, can have put it there, and it would stop the group from ever
 * being counted again.
 */
function lastCrossingOf(context: DecisionContext, state: GroupState): string | undefined {
  const at = state.lastCrossingAt;
  return at !== undefined && Date.parse(at) <= context.now.getTime() + context.clockSkewSeconds * 1000 ? at : undefined;
}

export function countViolation(
  context: DecisionContext,
  event: Extract<ModerationEvent, { type: 'violation.reported' }>,
  facts: Facts,
): Decision {
  const { count: threshold, windowSeconds } = context.policy.threshold;
  const { state } = facts;
  const windowMs = windowSeconds * 1000;
  const t = Date.parse(event.time);
  const time = iso(t);
  if (!facts.violationRecorded) {
    const violation = {
      eventId: event.id,
      groupId: event.groupId,
      time,
      ...(event.category && { category: event.category }),
      reason: event.reason,
      ...(event.explanation && { explanation: event.explanation }),
      ...(event.sender !== undefined && { sender: event.sender }),
      expiresAt:
        Math.ceil(Math.max(t, context.now.getTime()) / 1000) + longestWindow(context) + LATE_VIOLATION_GRACE_SECONDS,
    };
    return { kind: 'ask', needs: [{ kind: 'record-violation', violation }] };
  }

  // A redelivery of the violation whose crossing is in force: its ban's effects may be unfinished.
  if (state.activeBanId === banIdFor(event.id)) return imposeBan(context, event, facts, {});
  const lastCrossing = lastCrossingOf(context, state);
  if (lastCrossing !== undefined && time <= lastCrossing) {
    return plan(event.groupId, {
      kind: 'unchanged',
      why: `violation at ${time} is not after the last threshold crossing (${lastCrossing}): recorded, and counted towards that crossing's ban`,
    });
  }
  if (!facts.violationTimes) {
    // Every window holding t lies within (t - window, t + window); what the last crossing counted is left out.
    const windowStart = iso(t - windowMs);
    const after = lastCrossing !== undefined && lastCrossing > windowStart ? lastCrossing : windowStart;
    return { kind: 'ask', needs: [{ kind: 'violation-times', after, upTo: iso(t + windowMs - 1) }] };
  }
  const { fullest, crossing } = windowsHolding(facts.violationTimes.map(Date.parse), t, windowMs, threshold);
  if (!crossing) return plan(event.groupId, { kind: 'counted', violations: fullest.count, threshold });
  return imposeBan(context, event, facts, {
    crossingAt: iso(crossing.end),
    reason: `${crossing.count} violations within ${windowSeconds} s (threshold ${threshold}); last: ${event.reason}`,
  });
}
