/**
 * Sanctions, decided: muting, removing and blocking members and lifting that, muting the whole
 * group for a while, recalling a message. Every sanction is written to the ledger before its call
 * (`pending`, with its end fixed) and resolved by the call's answer, so a redelivery sends only
 * what is still pending, with the same end, and never what was settled. The owner and the admins
 * are never muted, removed or blocked: their sanctions are recorded as skipped, with the reason,
 * and never sent.
 */
import { EventType, type ModerationEvent } from '../../events/index.js';
import { SanctionKind, SanctionStatus, type GroupState, type SanctionRecord } from '../../ledger/index.js';
import type { Outcome } from './outcome.js';
import {
  plan,
  sanctionSlot,
  type Decision,
  type DecisionContext,
  type Facts,
  type GroupStaff,
  type Need,
  type Step,
} from './plan.js';
import { iso, outlasts } from './iso-time.js';

type EventOf<T extends ModerationEvent['type']> = Extract<ModerationEvent, { type: T }>;
export type MemberEvent = EventOf<
  'member.mute' | 'member.unmute' | 'member.remove' | 'member.block' | 'member.unblock'
>;

const MEMBER_KIND = {
  [EventType.MemberMute]: SanctionKind.Mute,
  [EventType.MemberUnmute]: SanctionKind.Unmute,
  [EventType.MemberRemove]: SanctionKind.Remove,
  [EventType.MemberBlock]: SanctionKind.Block,
  [EventType.MemberUnblock]: SanctionKind.Unblock,
} as const;

export const SKIP_REASON = {
  owner: "the group's owner is never muted, removed or blocked",
  admin: 'an admin of the group is never muted, removed or blocked',
  dryRun: 'dry run: recorded, not sent',
} as const;

/** The id of the mute of the whole group an event imposes; its scheduled end names it. */
export const groupMuteIdFor = (eventId: string) => `mute-all-${eventId}`;

/** The event that imposed the mute of the group `muteId` names. */
export const groupMuteEvent = (muteId: string) => muteId.replace(/^mute-all-/, '');

/** When a mute of `duration` seconds decided now ends; `null` for a permanent one. */
export function muteEnd(context: DecisionContext, duration: number | 'permanent'): string | null {
  return duration === 'permanent' ? null : iso(new Date(context.now.getTime() + duration * 1000));
}

/** What the event asks before it can plan: its own sanctions of an earlier attempt and, to spare them, the owner and admins. */
function asks(facts: Facts, needsStaff: boolean): Decision | undefined {
  const needs: Need[] = [
    ...(facts.sanctions ? [] : [{ kind: 'event-sanctions' } as const]),
    ...(needsStaff && !facts.staff ? [{ kind: 'staff' } as const] : []),
  ];
  return needs.length > 0 ? { kind: 'ask', needs } : undefined;
}

/** Why `user` is spared, if they are the owner or an admin. */
export function protectedRole(staff: GroupStaff, user: string): string | undefined {
  if (user === staff.owner) return SKIP_REASON.owner;
  return staff.admins.includes(user) ? SKIP_REASON.admin : undefined;
}

export function sanctionOf(
  context: DecisionContext,
  event: ModerationEvent,
  kind: SanctionKind,
  target: string,
  extra: Partial<SanctionRecord>,
): SanctionRecord {
  const violation = event as { category?: string; messageId?: string };
  return {
    groupId: event.groupId,
    eventId: event.id,
    kind,
    target,
    decidedAt: iso(context.now),
    cause: {
      eventId: event.id,
      eventType: event.type,
      reason: event.reason,
      source: event.source,
      ...(violation.category !== undefined && { category: violation.category }),
      ...(violation.messageId !== undefined && { messageId: violation.messageId }),
    },
    status: SanctionStatus.Pending,
    dryRun: context.policy.dryRun,
    ...extra,
  };
}

/** The sanction as skipped from the start: recorded resolved, never sent. */
export function skippedSanction(context: DecisionContext, sanction: SanctionRecord, reason: string): Step {
  return {
    kind: 'record-sanction',
    sanction: {
      ...sanction,
      status: SanctionStatus.Skipped,
      resolution: { status: SanctionStatus.Skipped, at: iso(context.now), reason },
    },
  };
}

/**
 * `member.mute`, `member.remove`, `member.block`, `member.unmute`, `member.unblock`: one sanction
 * per user. A user whose sanction an earlier delivery settled is left alone; one still pending is
 * sent again with the end it was written with; the owner and admins are skipped (lifting a
 * sanction spares nobody: it harms no one).
 */
export function sanctionMembers(context: DecisionContext, event: MemberEvent, facts: Facts): Decision {
  const kind = MEMBER_KIND[event.type];
  const lifting = kind === SanctionKind.Unmute || kind === SanctionKind.Unblock;
  const ask = asks(facts, !lifting);
  if (ask) return ask;
  const own = facts.sanctions!;
  const earlier = [...own.values()].find((sanction) => sanction.kind === kind && sanction.until !== undefined);
  const until =
    event.type === EventType.MemberMute ? (earlier ? earlier.until! : muteEnd(context, event.duration)) : undefined;

  const steps: Step[] = [];
  const send: string[] = [];
  const resent: string[] = [];
  const skipped: { target: string; reason: string }[] = [];
  let settled = 0;
  for (const user of event.users) {
    const stored = own.get(sanctionSlot({ kind, target: user }));
    if (stored && stored.status !== SanctionStatus.Pending) {
      settled += 1;
      continue;
    }
    if (!stored) {
      const sanction = sanctionOf(context, event, kind, user, { member: user, ...(until !== undefined && { until }) });
      const reason =
        (lifting ? undefined : protectedRole(facts.staff!, user)) ??
        (context.policy.dryRun ? SKIP_REASON.dryRun : undefined);
      if (reason) {
        steps.push(skippedSanction(context, sanction, reason));
        skipped.push({ target: user, reason });
        continue;
      }
      steps.push({ kind: 'record-sanction', sanction });
    } else if (kind === SanctionKind.Remove || kind === SanctionKind.Block) resent.push(user);
    send.push(user);
  }
  if (send.length > 0) {
    steps.push(
      lifting
        ? { kind: 'lift-members', action: kind, eventId: event.id, users: send }
        : {
            kind: 'sanction-members',
            action: kind,
            eventId: event.id,
            users: send,
            ...(until !== undefined && { until }),
            ...(resent.length > 0 && { resent }),
          },
    );
  }
  return plan(
    event.groupId,
    { kind: 'sanctioned', action: kind, sent: send.length, skipped, settled, ...(until !== undefined && { until }) },
    steps,
  );
}

/**
 * `group.mute_all`: mutes the whole group, written pending first; a timed mute schedules its own
 * `group.unmute_all` (Agora's mute has no end of its own), and the state's commit makes it the
 * group's mute in force. A mute in force that lasts as long already is kept.
 */
export function muteGroup(context: DecisionContext, event: EventOf<'group.mute_all'>, facts: Facts): Decision {
  return imposeGroupMute(context, event, facts, event.duration);
}

/**
 * The mute of the whole group `event` imposes, for `duration` seconds (until lifted when
 * undefined): an operator's `group.mute_all`, or a raid the policy's `muteAll` caught.
 */
export function imposeGroupMute(
  context: DecisionContext,
  event: ModerationEvent,
  facts: Facts,
  duration: number | 'permanent' | undefined,
): Decision {
  const ask = asks(facts, false);
  if (ask) return ask;
  const { state } = facts;
  const muteId = groupMuteIdFor(event.id);
  const slot = sanctionSlot({ kind: SanctionKind.MuteAll, target: event.groupId });
  const stored = facts.sanctions!.get(slot);
  const key = { groupId: event.groupId, eventId: event.id, kind: SanctionKind.MuteAll, target: event.groupId };
  const current = state.groupMute;

  if (stored && stored.status !== SanctionStatus.Pending) {
    return plan(event.groupId, {
      kind: 'sanctioned',
      action: SanctionKind.MuteAll,
      sent: 0,
      skipped: [],
      settled: 1,
      until: stored.until ?? null,
    });
  }
  const until = stored ? (stored.until ?? null) : duration === undefined ? null : muteEnd(context, duration);
  const sanction = stored ?? sanctionOf(context, event, SanctionKind.MuteAll, event.groupId, { until });
  if (context.policy.dryRun) {
    return plan(
      event.groupId,
      {
        kind: 'sanctioned',
        action: SanctionKind.MuteAll,
        sent: 0,
        skipped: [{ target: event.groupId, reason: SKIP_REASON.dryRun }],
        settled: 0,
        until,
      },
      [skippedSanction(context, sanction, SKIP_REASON.dryRun)],
    );
  }
  const resolve = (reason?: string): Step => ({
    kind: 'resolve-sanction',
    key,
    resolution: {
      status: reason ? SanctionStatus.Skipped : SanctionStatus.Applied,
      at: iso(context.now),
      ...(reason && { reason }),
    },
  });
  if (current && current.muteId !== muteId && outlasts(current.until, until)) {
    const reason = `the group's mute ${current.muteId} in force lasts at least as long (until ${current.until ?? 'lifted'})`;
    return plan(
      event.groupId,
      {
        kind: 'sanctioned',
        action: SanctionKind.MuteAll,
        sent: 0,
        skipped: [{ target: event.groupId, reason }],
        settled: 0,
        until,
      },
      [stored ? resolve(reason) : skippedSanction(context, sanction, reason)],
    );
  }
  const committed: GroupState = { ...state, groupMute: { muteId, until } };
  return plan(
    event.groupId,
    { kind: 'sanctioned', action: SanctionKind.MuteAll, sent: 1, skipped: [], settled: 0, until },
    [
      ...(stored ? [] : [{ kind: 'record-sanction', sanction } as const]),
      { kind: 'mute-group' },
      ...(until
        ? [
            {
              kind: 'schedule-expiry',
              expiry: { banId: muteId, groupId: event.groupId, at: until, ends: 'group-mute' },
            } as const,
          ]
        : []),
      // A redelivery after the commit finds the mute in force already: it resolves, nothing more.
      ...(current?.muteId === muteId ? [] : [{ kind: 'commit', state: committed } as const]),
      resolve(),
    ],
  );
}

/**
 * `group.unmute_all`: lifts the group's mute. One that names its mute (the scheduled end) lifts
 * only that one, while it is still the one in force: a longer mute imposed since stays.
 */
export function unmuteGroup(context: DecisionContext, event: EventOf<'group.unmute_all'>, facts: Facts): Decision {
  const ask = asks(facts, false);
  if (ask) return ask;
  const { state } = facts;
  const key = { groupId: event.groupId, eventId: event.id, kind: SanctionKind.UnmuteAll, target: event.groupId };
  const stored = facts.sanctions!.get(sanctionSlot(key));
  const outcome = (sent: number, settled = 0): Outcome => ({
    kind: 'sanctioned',
    action: SanctionKind.UnmuteAll,
    sent,
    skipped: [],
    settled,
  });
  if (stored && stored.status !== SanctionStatus.Pending) return plan(event.groupId, outcome(0, 1));
  const resolve: Step = {
    kind: 'resolve-sanction',
    key,
    resolution: { status: SanctionStatus.Applied, at: iso(context.now) },
  };
  // The commit of an earlier delivery let go of the mute it named: only the resolution is left.
  if (stored && event.muteId !== undefined && state.groupMute?.muteId !== event.muteId)
    return plan(event.groupId, outcome(0, 1), [resolve]);
  if (event.muteId !== undefined && state.groupMute?.muteId !== event.muteId) {
    return plan(event.groupId, {
      kind: 'unchanged',
      why: `the group's mute ${event.muteId} is no longer in force (lifted or replaced)`,
    });
  }
  const sanction = stored ?? sanctionOf(context, event, SanctionKind.UnmuteAll, event.groupId, {});
  if (context.policy.dryRun) {
    const skipped = [{ target: event.groupId, reason: SKIP_REASON.dryRun }];
    return plan(event.groupId, { kind: 'sanctioned', action: SanctionKind.UnmuteAll, sent: 0, skipped, settled: 0 }, [
      skippedSanction(context, sanction, SKIP_REASON.dryRun),
    ]);
  }
  const { groupMute: _lifted, ...rest } = state;
  return plan(event.groupId, outcome(1), [
    ...(stored ? [] : [{ kind: 'record-sanction', sanction } as const]),
    { kind: 'unmute-group' },
    { kind: 'commit', state: rest },
    resolve,
  ]);
}

/**
 * `message.recall`: recalls the message once. Its answer settles it, whatever it is: a recall past
 * Agora's window is recorded as too late and never sent again.
 */
export function recallMessage(context: DecisionContext, event: EventOf<'message.recall'>, facts: Facts): Decision {
  const ask = asks(facts, false);
  if (ask) return ask;
  const slot = sanctionSlot({ kind: SanctionKind.Recall, target: event.messageId });
  const stored = facts.sanctions!.get(slot);
  const outcome = (sent: number, skipped: { target: string; reason: string }[] = [], settled = 0): Outcome => ({
    kind: 'sanctioned',
    action: SanctionKind.Recall,
    sent,
    skipped,
    settled,
  });
  if (stored && stored.status !== SanctionStatus.Pending) return plan(event.groupId, outcome(0, [], 1));
  const sanction = stored ?? sanctionOf(context, event, SanctionKind.Recall, event.messageId, { member: event.sender });
  if (context.policy.dryRun)
    return plan(event.groupId, outcome(0, [{ target: event.messageId, reason: SKIP_REASON.dryRun }]), [
      skippedSanction(context, sanction, SKIP_REASON.dryRun),
    ]);
  return plan(event.groupId, outcome(1), [
    ...(stored ? [] : [{ kind: 'record-sanction', sanction } as const]),
    { kind: 'recall-message', eventId: event.id, messageId: event.messageId },
  ]);
}
