/**
 * A raid: when `muteAll.senders` distinct members of a group have violations within one window of
 * `muteAll.windowSeconds` holding this one (by their own times, whatever order they arrive in),
 * the whole group is muted for `durationSeconds`, as an operator's `group.mute_all` mutes it, and
 * its own scheduled `group.unmute_all` lifts it. Once per raid: while a mute of the group is in
 * force, violations add nothing to it (they read only their own sanctions, to settle a mute an
 * earlier attempt of theirs left pending), and once it is lifted only
 * violations after the one that muted it count towards the next raid. Dry run, which mutes
 * nothing, keeps the raid it saw in the state (`dryRunRaid`) and treats it alike.
 */
import type { ModerationEvent } from '../../events/index.js';
import { SanctionKind, SanctionStatus, type SenderViolation } from '../../ledger/index.js';
import { iso } from './iso-time.js';
import { NOTHING, sanctionSlot, type DecisionContext, type Facts, type Need, type Part, type Step } from './plan.js';
import { groupMuteEvent, groupMuteIdFor, imposeGroupMute } from './sanctions.js';

type Violation = Extract<ModerationEvent, { type: 'violation.reported' }>;

/**
 * Whether some window `(end - windowMs, end]` with `t <= end < t + windowMs` holds `senders`
 * distinct senders; `violations` are ascending by time.
 */
function raidHolding(violations: readonly SenderViolation[], t: number, windowMs: number, senders: number): boolean {
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
  // Dry run mutes nothing: the raid it saw counts as muted, and spent, for its own decisions.
  const dryRaid = context.policy.dryRun ? facts.state.dryRunRaid : undefined;
  const now = context.now.toISOString();
  const inForce = (mute: { muteId: string; until: string | null } | undefined) =>
    mute !== undefined && mute.muteId !== muteId && (mute.until === null || mute.until > now);
  const slot = sanctionSlot({ kind: SanctionKind.MuteAll, target: event.groupId });
  const muting = inForce(current) ? current : inForce(dryRaid) ? dryRaid : undefined;
  if (muting) {
    // An attempt that wrote this event's mute and failed at its call, redelivered after another
    // event muted the group: nothing is left to send, and its mute must not stay pending.
    if (!facts.sanctions) return { kind: 'ask', needs: [{ kind: 'event-sanctions' }] };
    if (facts.sanctions.get(slot)?.status !== SanctionStatus.Pending) return NOTHING;
    const reason = `a mute of the group in force, by event ${groupMuteEvent(muting.muteId)}`;
    const key = { groupId: event.groupId, eventId: event.id, kind: SanctionKind.MuteAll, target: event.groupId };
    return {
      kind: 'part',
      steps: [{ kind: 'resolve-sanction', key, resolution: { status: SanctionStatus.Skipped, at: now, reason } }],
      outcomes: [
        {
          kind: 'sanctioned',
          action: `${SanctionKind.MuteAll} (raid)`,
          sent: 0,
          skipped: [{ target: event.groupId, reason }],
          settled: 0,
        },
      ],
    };
  }
  const t = Date.parse(event.time);
  const windowMs = muteAll.windowSeconds * 1000;
  const lastRaid = [facts.state.lastRaidAt, dryRaid?.at]
    .filter((at) => at !== undefined)
    .sort()
    .at(-1);
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
  const decidedBefore = facts.sanctions!.has(slot) || current?.muteId === muteId || dryRaid?.muteId === muteId;
  if (!decidedBefore && (after >= iso(t) || !raidHolding(facts.windowSenders!, t, windowMs, muteAll.senders)))
    return NOTHING;
  const decided = imposeGroupMute(context, event, facts, muteAll.durationSeconds);
  if (decided.kind === 'ask') return decided;
  const outcome = decided.outcome;
  // The commit that makes the mute the group's records the raid too: what it counted is spent.
  const raidAt = iso(t);
  const steps: Step[] = decided.steps.map((step) =>
    step.kind === 'commit' ? { ...step, state: { ...step.state, lastRaidAt: raidAt } } : step,
  );
  if (context.policy.dryRun && dryRaid?.muteId !== muteId && outcome.kind === 'sanctioned') {
    const until = outcome.until ?? null;
    steps.push({ kind: 'commit', state: { ...facts.state, dryRunRaid: { muteId, until, at: raidAt } } });
  }
  return {
    kind: 'part',
    steps,
    outcomes: outcome.kind === 'sanctioned' ? [{ ...outcome, action: `${outcome.action} (raid)` }] : [],
  };
}
