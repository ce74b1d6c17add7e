/**
 * The moderation decision for one valid event, and its effects: the Agora call, the ban's
 * expiry schedule and the ledger. Effects run in an order that a redelivery can finish:
 * API call (sets state, so repeating it is harmless), schedule (deduplicated by ban), ledger
 * writes (conditional on event and ban ids), and last the processed-event marker.
 */
import type { CallOptions } from '../agora/index.js';
import { EventType, type BanDuration, type ModerationEvent } from '../events/index.js';
import { BanStatus, type BanRecord, type GroupState, type Ledger } from '../ledger/index.js';
import type { BanScheduler } from './ban-scheduler.js';
import { describeOutcome, type Outcome } from './outcome.js';
import { banDuration, type Policy } from './policy.js';

/** The two Agora calls moderation makes; `GroupsResource` provides them. */
export interface GroupSwitch {
  disable(groupId: string, options?: CallOptions): Promise<unknown>;
  enable(groupId: string, options?: CallOptions): Promise<unknown>;
}

export interface ModerationContext {
  groups: GroupSwitch;
  ledger: Ledger;
  scheduler: BanScheduler;
  policy: Policy;
  clock: () => Date;
}

type Event<T extends ModerationEvent['type']> = Extract<ModerationEvent, { type: T }>;

export const banIdFor = (eventId: string) => `ban-${eventId}`;

const DAY_MS = 86_400_000;
const iso = (time: string | Date) => new Date(time).toISOString();

/** Processes one event; throws what the caller must retry or park (see failure-disposition). */
export async function processEvent(ctx: ModerationContext, event: ModerationEvent, call: CallOptions = {}): Promise<Outcome> {
  // Independent reads go together: the ledger's latency, not CPU, bounds a record's time.
  const [previous, state] = await Promise.all([ctx.ledger.getProcessed(event.id, call), ctx.ledger.getGroupState(event.groupId, call)]);
  if (previous) return { kind: 'duplicate', previously: previous.outcome };

  const outcome = await decideAndApply(ctx, event, state, call);
  await ctx.ledger.markProcessed({
    eventId: event.id,
    groupId: event.groupId,
    type: event.type,
    outcome: describeOutcome(outcome),
    processedAt: iso(ctx.clock()),
  }, call);
  return outcome;
}

async function decideAndApply(ctx: ModerationContext, event: ModerationEvent, state: GroupState, call: CallOptions): Promise<Outcome> {
  switch (event.type) {
    case EventType.ThresholdReached:
    case EventType.Disable:
      return imposeBan(ctx, event, state, call, { duration: event.duration });
    case EventType.ViolationReported:
      return countViolation(ctx, event, state, call);
    case EventType.Enable:
      return enableGroup(ctx, event, state, call);
    case EventType.BanExpire:
      return expireBan(ctx, event, state, call);
  }
}

/** The group's ban in force, if the state points at one that is still active. */
async function activeBan(ctx: ModerationContext, state: GroupState, call: CallOptions): Promise<BanRecord | undefined> {
  if (!state.activeBanId) return undefined;
  const ban = await ctx.ledger.getBan(state.groupId, state.activeBanId, call);
  return ban?.status === BanStatus.Active ? ban : undefined;
}

/** Whether a ban ending at `a` lasts at least as long as one ending at `b` (`null` = never ends). */
const outlasts = (a: string | null, b: string | null) => a === null || (b !== null && a >= b);

async function imposeBan(
  ctx: ModerationContext,
  event: ModerationEvent,
  state: GroupState,
  call: CallOptions,
  options: { duration?: BanDuration | undefined; crossingAt?: string; reason?: string },
): Promise<Outcome> {
  const { ledger, policy } = ctx;
  const now = ctx.clock();
  const banId = banIdFor(event.id);
  const current = await activeBan(ctx, state, call);
  const nextState: GroupState = { ...state, ...(options.crossingAt && { lastCrossingAt: options.crossingAt }) };

  if (current?.banId === banId) {
    // A redelivery of the event that imposed the current ban: make sure it took effect.
    await disable(ctx, event, call);
    if (current.until) await ctx.scheduler.scheduleExpiry({ banId, groupId: event.groupId, at: current.until }, call);
    return { kind: 'disabled', banId, until: current.until };
  }

  // Escalation counts the group's bans within the window; the state keeps their start times.
  const since = iso(new Date(now.getTime() - policy.escalationWindowDays * DAY_MS));
  const recentBans = (state.recentBans ?? []).filter((imposedAt) => imposedAt >= since);
  const duration = options.duration ?? banDuration(policy, recentBans.length);
  const until = duration === 'permanent' ? null : iso(new Date(now.getTime() + duration * 1000));

  if (current && outlasts(current.until, until)) {
    // The ban in force already lasts as long: keep it, and make sure the group is disabled.
    await disable(ctx, event, call);
    if (options.crossingAt) await ledger.saveGroupState(nextState, call);
    return { kind: 'unchanged', why: `ban ${current.banId} already in force until ${current.until ?? 'permanent'}` };
  }

  await disable(ctx, event, call);
  if (until) await ctx.scheduler.scheduleExpiry({ banId, groupId: event.groupId, at: until }, call);
  // The state changes last: until it points at the new ban, a redelivery redoes these writes.
  const newBan = ledger.putBan({
    banId,
    groupId: event.groupId,
    eventId: event.id,
    eventType: event.type,
    reason: options.reason ?? event.reason,
    source: event.source,
    imposedAt: iso(now),
    until,
    duration,
    status: BanStatus.Active,
    dryRun: policy.dryRun,
  }, call);
  const oldBan =
    current &&
    ledger.endBan(event.groupId, current.banId, BanStatus.Replaced, {
      at: iso(now),
      byEventId: event.id,
      byEventType: event.type,
      reason: `replaced by ban ${banId}, which lasts longer`,
      replacedBy: banId,
    }, call);
  await Promise.all([newBan, oldBan]);
  await ledger.saveGroupState({ ...nextState, activeBanId: banId, recentBans: [...recentBans, iso(now)] }, call);
  return { kind: 'disabled', banId, until, ...(current && { replacedBanId: current.banId }) };
}

async function countViolation(ctx: ModerationContext, event: Event<'violation.reported'>, state: GroupState, call: CallOptions): Promise<Outcome> {
  const { count: threshold, windowSeconds } = ctx.policy.threshold;
  const time = iso(event.time);
  const windowStart = iso(new Date(new Date(time).getTime() - windowSeconds * 1000));
  await ctx.ledger.recordViolation({
    eventId: event.id,
    groupId: event.groupId,
    time,
    ...(event.category && { category: event.category }),
    expiresAt: Math.ceil(new Date(time).getTime() / 1000) + windowSeconds,
  }, call);
  // Violations already counted towards a ban start the next count afresh: one ban per crossing.
  const after = state.lastCrossingAt && state.lastCrossingAt > windowStart ? state.lastCrossingAt : windowStart;
  const violations = await ctx.ledger.countViolations(event.groupId, after, time, call);
  if (violations < threshold) return { kind: 'counted', violations, threshold };
  return imposeBan(ctx, event, state, call, {
    crossingAt: time,
    reason: `${violations} violations within ${windowSeconds} s (threshold ${threshold}); last: ${event.reason}`,
  });
}

async function enableGroup(ctx: ModerationContext, event: Event<'group.enable'>, state: GroupState, call: CallOptions): Promise<Outcome> {
  const current = await activeBan(ctx, state, call);
  if (!current) {
    if (!ctx.policy.enableMayLiftForeignBans) {
      return { kind: 'unchanged', why: 'no ban of the automation is in force, and the policy does not let an enable lift other bans' };
    }
    await enable(ctx, event, call);
    return { kind: 'enabled' };
  }
  await liftBan(ctx, event, state, current, call);
  return { kind: 'enabled', liftedBanId: current.banId };
}

async function expireBan(ctx: ModerationContext, event: Event<'ban.expire'>, state: GroupState, call: CallOptions): Promise<Outcome> {
  const current = await activeBan(ctx, state, call);
  if (current?.banId !== event.banId) {
    return { kind: 'unchanged', why: `ban ${event.banId} is no longer in force (lifted or replaced)` };
  }
  await liftBan(ctx, event, state, current, call);
  return { kind: 'enabled', liftedBanId: current.banId };
}

async function liftBan(ctx: ModerationContext, event: ModerationEvent, state: GroupState, ban: BanRecord, call: CallOptions): Promise<void> {
  await enable(ctx, event, call);
  await ctx.ledger.endBan(event.groupId, ban.banId, BanStatus.Lifted, {
    at: iso(ctx.clock()),
    byEventId: event.id,
    byEventType: event.type,
    reason: event.reason,
  }, call);
  const { activeBanId: _lifted, ...rest } = state;
  await ctx.ledger.saveGroupState(rest, call);
}

async function disable(ctx: ModerationContext, event: ModerationEvent, call: CallOptions): Promise<void> {
  if (!ctx.policy.dryRun) await ctx.groups.disable(event.groupId, call);
}

async function enable(ctx: ModerationContext, event: ModerationEvent, call: CallOptions): Promise<void> {
  if (!ctx.policy.dryRun) await ctx.groups.enable(event.groupId, call);
}
