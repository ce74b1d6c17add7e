/**
 * Bans, decided: imposing, replacing and lifting them, and enforcing the one in force. Each
 * function plans what its event does (see `plan.ts` for why the steps come in their order).
 */
import type { BanDuration, ModerationEvent } from '../../events/index.js';
import { BanStatus, type BanEnding, type BanRecord, type GroupState } from '../../ledger/index.js';
import { askBans, groupCall, plan, type DecisionContext, type Decision, type Facts, type Step } from './plan.js';
import { banDuration } from './policy.js';
import { iso, outlasts } from './iso-time.js';

export const banIdFor = (eventId: string) => `ban-${eventId}`;

export interface BanRequest {
  /** The event's own duration; the policy's escalation otherwise. */
  duration?: BanDuration | undefined;
  /** A threshold crossing: the latest violation it counted, recorded with the ban. */
  crossingAt?: string;
  reason?: string;
}

const DAY_MS = 86_400_000;

/** The ban the state names, whatever its status (read by asking for it). */
export const namedBan = (facts: Facts): BanRecord | undefined =>
  facts.state.activeBanId ? facts.bans.get(facts.state.activeBanId) : undefined;

export const inForce = (ban: BanRecord | undefined) =>
  ban?.status === BanStatus.Pending || ban?.status === BanStatus.Active ? ban : undefined;

/** What ends a ban: this event, now, for `reason`. */
export function ending(
  context: DecisionContext,
  event: ModerationEvent,
  reason: string,
  replacedBy?: string,
): BanEnding {
  return {
    at: iso(context.now),
    byEventId: event.id,
    byEventType: event.type,
    reason,
    ...(replacedBy && { replacedBy }),
  };
}

/** Ends the event's own ban, written pending by an earlier attempt: it never came into force. */
export function endNeverInForce(
  context: DecisionContext,
  event: ModerationEvent,
  reason: string,
  replacedBy?: string,
): Step {
  return {
    kind: 'end-ban',
    banId: banIdFor(event.id),
    status: BanStatus.Replaced,
    ending: ending(context, event, `never in force: ${reason}`, replacedBy),
  };
}

/** Start times of the group's bans within the escalation window. */
function recentBans(context: DecisionContext, state: GroupState): string[] {
  const since = iso(new Date(context.now.getTime() - context.policy.escalationWindowDays * DAY_MS));
  return (state.recentBans ?? []).filter((imposedAt) => imposedAt >= since);
}

/** The ban `event` would impose now: its duration (escalated by the group's recent bans) and end. */
function newBan(context: DecisionContext, event: ModerationEvent, state: GroupState, request: BanRequest): BanRecord {
  const { now, policy } = context;
  const duration = request.duration ?? banDuration(policy, recentBans(context, state).length);
  return {
    banId: banIdFor(event.id),
    groupId: event.groupId,
    eventId: event.id,
    eventType: event.type,
    reason: request.reason ?? event.reason,
    source: event.source,
    imposedAt: iso(now),
    until: duration === 'permanent' ? null : iso(new Date(now.getTime() + duration * 1000)),
    duration,
    status: BanStatus.Pending,
    dryRun: policy.dryRun,
  };
}

const scheduleEnd = (ban: BanRecord): Step[] =>
  ban.until ? [{ kind: 'schedule-expiry', expiry: { banId: ban.banId, groupId: ban.groupId, at: ban.until } }] : [];

/** Disables the group with a new ban, unless the ban in force already lasts as long. */
export function imposeBan(
  context: DecisionContext,
  event: ModerationEvent,
  facts: Facts,
  request: BanRequest,
): Decision {
  const { state } = facts;
  const banId = banIdFor(event.id);
  const ask = askBans(facts, [state.activeBanId, banId]);
  if (ask) return ask;
  const current = inForce(namedBan(facts));
  const own = facts.bans.get(banId);
  const crossing = request.crossingAt ? { lastCrossingAt: request.crossingAt } : {};
  const disable = groupCall(context.policy, 'disable');

  if (current?.banId === banId) {
    // An earlier delivery of this event committed the ban: make sure every effect is in place.
    return plan(event.groupId, { kind: 'disabled', banId, until: current.until }, [
      ...disable,
      ...scheduleEnd(current),
      { kind: 'commit', state },
      { kind: 'activate-ban', banId },
    ]);
  }
  if (own && own.status !== BanStatus.Pending) {
    return plan(event.groupId, {
      kind: 'unchanged',
      why: `ban ${banId} of this event was in force and has ended (${own.status})`,
    });
  }

  // An earlier attempt's pending ban is the decision: same duration, same end.
  const ban = own ?? newBan(context, event, state, request);
  if (current && outlasts(current.until, ban.until)) {
    // The ban in force already lasts as long: keep it, and make sure the group is disabled.
    return plan(
      event.groupId,
      { kind: 'unchanged', why: `ban ${current.banId} already in force until ${current.until ?? 'permanent'}` },
      [
        ...disable,
        ...(own
          ? [endNeverInForce(context, event, `ban ${current.banId} in force lasts at least as long`, current.banId)]
          : []),
        { kind: 'commit', state: { ...state, ...crossing } },
      ],
    );
  }

  return plan(
    event.groupId,
    { kind: 'disabled', banId, until: ban.until, ...(current && { replacedBanId: current.banId }) },
    [
      ...(own ? [] : [{ kind: 'put-ban', ban } as const]),
      ...disable,
      ...scheduleEnd(ban),
      ...(current
        ? [
            {
              kind: 'end-ban',
              banId: current.banId,
              status: BanStatus.Replaced,
              ending: ending(context, event, `replaced by ban ${banId}, which lasts longer`, banId),
            } as const,
          ]
        : []),
      {
        kind: 'commit',
        state: {
          ...state,
          ...crossing,
          activeBanId: banId,
          recentBans: [...recentBans(context, state), ban.imposedAt],
        },
      },
      { kind: 'activate-ban', banId },
    ],
  );
}

/**
 * The ban `event` may lift: the one in force, or the one this same event already ended on an
 * earlier delivery that stopped before the state let go of it.
 */
function liftable(event: ModerationEvent, facts: Facts): BanRecord | undefined {
  const named = namedBan(facts);
  return (
    inForce(named) ?? (named?.status === BanStatus.Lifted && named.ended?.byEventId === event.id ? named : undefined)
  );
}

function liftBan(context: DecisionContext, event: ModerationEvent, state: GroupState, ban: BanRecord): Step[] {
  const { activeBanId: _lifted, ...rest } = state;
  return [
    ...groupCall(context.policy, 'enable'),
    { kind: 'end-ban', banId: ban.banId, status: BanStatus.Lifted, ending: ending(context, event, event.reason) },
    { kind: 'commit', state: rest },
  ];
}

/** `group.enable`: lifts the ban in force; without one, enables only if the policy lets it. */
export function enableGroup(context: DecisionContext, event: ModerationEvent, facts: Facts): Decision {
  const ask = askBans(facts, [facts.state.activeBanId]);
  if (ask) return ask;
  const ban = liftable(event, facts);
  if (ban)
    return plan(event.groupId, { kind: 'enabled', liftedBanId: ban.banId }, liftBan(context, event, facts.state, ban));
  if (!context.policy.enableMayLiftForeignBans) {
    return plan(event.groupId, {
      kind: 'unchanged',
      why: 'no ban of the automation is in force, and the policy does not let an enable lift other bans',
    });
  }
  return plan(event.groupId, { kind: 'enabled' }, [
    ...groupCall(context.policy, 'enable'),
    { kind: 'commit', state: facts.state },
  ]);
}

/**
 * `ban.enforce`: disables the group again for the ban it names, only if that ban is still the one
 * in force. No ban is written and none counted towards escalation: a ban lifted or replaced since
 * the sender looked (an appeal granted while an audit ran) stays as it is.
 */
export function enforceBan(
  context: DecisionContext,
  event: Extract<ModerationEvent, { type: 'ban.enforce' }>,
  facts: Facts,
): Decision {
  const ask = askBans(facts, [facts.state.activeBanId]);
  if (ask) return ask;
  const ban = inForce(namedBan(facts));
  if (ban?.banId !== event.banId)
    return plan(event.groupId, {
      kind: 'unchanged',
      why: `ban ${event.banId} is no longer in force (lifted or replaced): nothing to enforce`,
    });
  if (ban.dryRun)
    return plan(event.groupId, {
      kind: 'unchanged',
      why: `ban ${ban.banId} was decided in dry run: it never disabled the group`,
    });
  return plan(event.groupId, { kind: 'disabled', banId: ban.banId, until: ban.until, enforced: true }, [
    ...groupCall(context.policy, 'disable'),
    { kind: 'commit', state: facts.state },
  ]);
}

/** `ban.expire`: lifts the ban it names, only if that ban is still the one in force. */
export function expireBan(
  context: DecisionContext,
  event: Extract<ModerationEvent, { type: 'ban.expire' }>,
  facts: Facts,
): Decision {
  const ask = askBans(facts, [facts.state.activeBanId]);
  if (ask) return ask;
  const ban = liftable(event, facts);
  if (ban?.banId !== event.banId)
    return plan(event.groupId, {
      kind: 'unchanged',
      why: `ban ${event.banId} is no longer in force (lifted or replaced)`,
    });
  return plan(event.groupId, { kind: 'enabled', liftedBanId: ban.banId }, liftBan(context, event, facts.state, ban));
}
