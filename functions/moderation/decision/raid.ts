/**
 * A raid: when `muteAll.senders` distinct members of a group have violations within one window of
 * `muteAll.windowSeconds` holding this one (by their own times, whatever order they arrive in),
 * the whole group is muted for `durationSeconds`, as an operator's `group.mute_all` mutes it, and
 * its own scheduled `group.unmute_all` lifts it. Once per raid: while a mute of the group is in
 * force, violations ask nothing of it and add nothing to it, and once it is lifted only
 * violations after the one that muted it count towards the next raid.
 */
import type { ModerationEvent } from '../../events/index.js';
import { SanctionKind, type SenderViolation } from '../../ledger/index.js';
import { NOTHING, type Part } from './ladder.js';
import { sanctionSlot, type DecisionContext, type Facts, type Need } from './plan.js';
import { groupMuteIdFor, imposeGroupMute } from './sanctions.js';

type Violation = Extract<ModerationEvent, { type: 'violation.reported' }>;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Whether some window `(end - windowMs, end]` with `t <= end < t + windowMs` holds `senders`
 * distinct senders; `violations` are ascending by time.
 */
export function raidHolding(
  violations: readonly SenderViolation[],
  t: number,
  windowMs: number,
  senders: number,
): boolean {
  const times = violations.map((violation) => Date.parse(violation.time));
  const inWindow = new Map<string, number>();
  let first = 0;
  for (let last = 0; last < violations.length; last++) {
    const end = times[last]!;
    const sender = violations[last]!.sender;
    inWindow.set(sender, (inWindow.get(sender) ?? 0) + 1);
    while (times[first]! <= end - windowMs) {
      const gone = violations[first]!.sender;
      const left = inWindow.get(gone)! - 1;
      if (left === 0) inWindow.delete(gone);
      else inWindow.set(gone, left);
      first += 1;
    }
    if (end >= t && end < t + windowMs && inWindow.size >= senders) return true;
  }
  return false;
}

export function muteRaid(context: DecisionContext, event: Violation, facts: Facts): Part {
  const muteAll = context.policy.muteAll;
  if (!muteAll || event.sender === undefined) return NOTHING;
  const muteId = groupMuteIdFor(event.id);
  const current = facts.state.groupMute;
  const now = context.now.toISOString();
  if (current && current.muteId !== muteId && (current.until === null || current.until > now)) return NOTHING;
  const t = Date.parse(event.time);
  const windowMs = muteAll.windowSeconds * 1000;
  const lastRaid = facts.state.lastRaidAt;
  const windowStart = iso(t - windowMs);
  const after = lastRaid !== undefined && lastRaid > windowStart ? lastRaid : windowStart;
  const needs: Need[] = [
    ...(facts.sanctions ? [] : [{ kind: 'event-sanctions' } as const]),
    ...(facts.windowSenders || after >= iso(t)
      ? []
      : [{ kind: 'window-senders', after, upTo: iso(t + windowMs - 1) } as const]),
  ];
  if (needs.length > 0) return { kind: 'ask', needs };
  // An earlier attempt that decided the mute finishes it, whatever the window holds now.
  const decidedBefore =
    facts.sanctions!.has(sanctionSlot({ kind: SanctionKind.MuteAll, target: event.groupId })) ||
    current?.muteId === muteId;
  if (!decidedBefore && (after >= iso(t) || !raidHolding(facts.windowSenders!, t, windowMs, muteAll.senders)))
    return NOTHING;
  const decided = imposeGroupMute(context, event, facts, muteAll.durationSeconds);
  if (decided.kind === 'ask') return decided;
  const outcome = decided.outcome;
  // The commit that makes the mute the group's records the raid too: what it counted is spent.
  const raidAt = iso(t);
  const steps = decided.steps.map((step) =>
    step.kind === 'commit' ? { ...step, state: { ...step.state, lastRaidAt: raidAt } } : step,
  );
  return {
    kind: 'part',
    steps,
    outcomes: outcome.kind === 'sanctioned' ? [{ ...outcome, action: `${outcome.action} (raid)` }] : [],
  };
}
