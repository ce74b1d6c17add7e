/**
 * Bans: imposing, replacing and lifting them, with their effects (the Agora call, the expiry
 * schedule) kept behind the ledger:
 * - a new ban is written `pending`, with its end, before the group is disabled or its expiry
 *   scheduled; a redelivery then finishes that same ban, with the same end, instead of deciding
 *   anew (so the ledger and the schedule never disagree);
 * - the group state's conditional write is the commit: only then is the ban the one in force,
 *   and it becomes `active`; the ban it replaces is ended just before, so no group has two;
 * - a lift ends the ban before the state lets go of it;
 * - every Agora call is followed by a write of the group's state conditional on the version read
 *   before it (a plain version bump where nothing else changes). A concurrent writer makes that
 *   write fail (`LedgerConflictError`) and the event starts over from the new state. The call of
 *   the attempt that lost may have reached the group after the winner's call (the winner called,
 *   the loser called, the winner wrote): so when the new decision makes no call of its own, the
 *   group is brought in line with the ledger (`alignGroup`), again followed by a conditional
 *   write. The last call to reach a group is thus always one made after the last write to its
 *   state was read: the group and the ledger agree even when a redrive or a replay processes one
 *   group in two places at once. A pending ban of the event's own that lost is ended rather than
 *   left behind.
 * The Agora calls set state, so repeating them on a redelivery is harmless.
 */
import type { CallOptions } from '../../agora/index.js';
import type { BanDuration, ModerationEvent } from '../../events/index.js';
import { BanStatus, type BanEnding, type BanRecord, type GroupState } from '../../ledger/index.js';
import { describeOutcome, type Outcome } from './outcome.js';
import { banDuration } from './policy.js';
import type { ModerationContext } from '../delivery/moderation-context.js';
import type { SwitchCall } from '../delivery/recording-switch.js';

export const banIdFor = (eventId: string) => `ban-${eventId}`;

export interface BanRequest {
  /** The event's own duration; the policy's escalation otherwise. */
  duration?: BanDuration | undefined;
  /** A threshold crossing: the latest violation it counted, recorded with the ban. */
  crossingAt?: string;
  reason?: string;
}

const DAY_MS = 86_400_000;
const iso = (time: Date) => time.toISOString();

/** The ban the state names, whatever its status. */
function namedBan(ctx: ModerationContext, state: GroupState, call: CallOptions): Promise<BanRecord | undefined> {
  return state.activeBanId ? ctx.ledger.getBan(state.groupId, state.activeBanId, call) : Promise.resolve(undefined);
}

const inForce = (ban: BanRecord | undefined) => (ban?.status === BanStatus.Pending || ban?.status === BanStatus.Active ? ban : undefined);

/** Whether a ban ending at `a` lasts at least as long as one ending at `b` (`null` = never ends). */
const outlasts = (a: string | null, b: string | null) => a === null || (b !== null && a >= b);

/** What ends a ban: this event, now, for `reason`. */
export function ending(ctx: ModerationContext, event: ModerationEvent, reason: string, replacedBy?: string): BanEnding {
  return { at: iso(ctx.clock()), byEventId: event.id, byEventType: event.type, reason, ...(replacedBy && { replacedBy }) };
}

/** Start times of the group's bans within the escalation window. */
function recentBans(ctx: ModerationContext, state: GroupState): string[] {
  const since = iso(new Date(ctx.clock().getTime() - ctx.policy.escalationWindowDays * DAY_MS));
  return (state.recentBans ?? []).filter((imposedAt) => imposedAt >= since);
}

/** The ban `event` would impose now: its duration (escalated by the group's recent bans) and end. */
function newBan(ctx: ModerationContext, event: ModerationEvent, state: GroupState, request: BanRequest): BanRecord {
  const now = ctx.clock();
  const duration = request.duration ?? banDuration(ctx.policy, recentBans(ctx, state).length);
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
    dryRun: ctx.policy.dryRun,
  };
}

async function disable(ctx: ModerationContext, event: ModerationEvent, call: CallOptions): Promise<void> {
  if (!ctx.policy.dryRun) await ctx.groups.disable(event.groupId, call);
}

async function enable(ctx: ModerationContext, event: ModerationEvent, call: CallOptions): Promise<void> {
  if (!ctx.policy.dryRun) await ctx.groups.enable(event.groupId, call);
}

async function scheduleEnd(ctx: ModerationContext, ban: BanRecord, call: CallOptions): Promise<void> {
  if (ban.until) await ctx.scheduler.scheduleExpiry({ banId: ban.banId, groupId: ban.groupId, at: ban.until }, call);
}

/** Ends the event's own ban, written pending by an earlier attempt that then lost: it never came into force. */
async function endNeverInForce(ctx: ModerationContext, event: ModerationEvent, reason: string, call: CallOptions, replacedBy?: string): Promise<void> {
  await ctx.ledger.endBan(event.groupId, banIdFor(event.id), BanStatus.Replaced, ending(ctx, event, `never in force: ${reason}`, replacedBy), call);
}

/**
 * After an attempt that lost a concurrent write, the event's outcome may no longer be its own
 * ban (a crossing counted by another, a longer ban in force): a pending ban the lost attempt
 * wrote is ended.
 */
export async function endLostBan(ctx: ModerationContext, event: ModerationEvent, outcome: Outcome, call: CallOptions): Promise<void> {
  const banId = banIdFor(event.id);
  if (outcome.kind === 'disabled' && outcome.banId === banId) return;
  const own = await ctx.ledger.getBan(event.groupId, banId, call);
  if (own?.status === BanStatus.Pending) await endNeverInForce(ctx, event, `a concurrent change of the group decided otherwise (${describeOutcome(outcome)})`, call);
}

/**
 * After an attempt whose `lostCall` reached the group but whose state write lost to another
 * writer, when the decision taken since made no call: the group as the ledger now has it. A ban
 * in force (not a dry run) disables it; with none, a lost disable is undone (it was for a ban
 * that did not come into force, or for one lifted meanwhile), and a lost enable already agrees.
 * The call is followed by a version bump conditional on what was read (`read`: just read by the caller), like every other call.
 */
export async function alignGroup(ctx: ModerationContext, event: ModerationEvent, lostCall: SwitchCall, call: CallOptions, read?: GroupState): Promise<void> {
  const state = read ?? (await ctx.ledger.getGroupState(event.groupId, call));
  const ban = inForce(await namedBan(ctx, state, call));
  if (ban && !ban.dryRun) await disable(ctx, event, call);
  else if (lostCall === 'disable') await enable(ctx, event, call);
  else return;
  await ctx.ledger.saveGroupState(state, call);
}

/** Disables the group with a new ban, unless the ban in force already lasts as long. */
export async function imposeBan(ctx: ModerationContext, event: ModerationEvent, state: GroupState, call: CallOptions, request: BanRequest): Promise<Outcome> {
  const { ledger } = ctx;
  const banId = banIdFor(event.id);
  const [named, own] = await Promise.all([namedBan(ctx, state, call), ledger.getBan(event.groupId, banId, call)]);
  const current = inForce(named);
  const crossing = request.crossingAt ? { lastCrossingAt: request.crossingAt } : {};

  if (current?.banId === banId) {
    // An earlier delivery of this event committed the ban: make sure every effect is in place.
    await disable(ctx, event, call);
    await scheduleEnd(ctx, current, call);
    await ledger.saveGroupState(state, call);
    await ledger.activateBan(event.groupId, banId, call);
    return { kind: 'disabled', banId, until: current.until };
  }
  if (own && own.status !== BanStatus.Pending) {
    return { kind: 'unchanged', why: `ban ${banId} of this event was in force and has ended (${own.status})` };
  }

  // An earlier attempt's pending ban is the decision: same duration, same end.
  const ban = own ?? newBan(ctx, event, state, request);
  if (current && outlasts(current.until, ban.until)) {
    // The ban in force already lasts as long: keep it, and make sure the group is disabled.
    await disable(ctx, event, call);
    if (own) await endNeverInForce(ctx, event, `ban ${current.banId} in force lasts at least as long`, call, current.banId);
    await ledger.saveGroupState({ ...state, ...crossing }, call);
    return { kind: 'unchanged', why: `ban ${current.banId} already in force until ${current.until ?? 'permanent'}` };
  }

  if (!own) await ledger.putBan(ban, call);
  await disable(ctx, event, call);
  await scheduleEnd(ctx, ban, call);
  if (current) await ledger.endBan(event.groupId, current.banId, BanStatus.Replaced, ending(ctx, event, `replaced by ban ${banId}, which lasts longer`, banId), call);
  await ledger.saveGroupState({ ...state, ...crossing, activeBanId: banId, recentBans: [...recentBans(ctx, state), ban.imposedAt] }, call);
  await ledger.activateBan(event.groupId, banId, call);
  return { kind: 'disabled', banId, until: ban.until, ...(current && { replacedBanId: current.banId }) };
}

/**
 * The ban `event` may lift: the one in force, or the one this same event already ended on an
 * earlier delivery that stopped before the state let go of it.
 */
async function liftable(ctx: ModerationContext, event: ModerationEvent, state: GroupState, call: CallOptions): Promise<BanRecord | undefined> {
  const named = await namedBan(ctx, state, call);
  return inForce(named) ?? (named?.status === BanStatus.Lifted && named.ended?.byEventId === event.id ? named : undefined);
}

async function liftBan(ctx: ModerationContext, event: ModerationEvent, state: GroupState, ban: BanRecord, call: CallOptions): Promise<void> {
  await enable(ctx, event, call);
  await ctx.ledger.endBan(event.groupId, ban.banId, BanStatus.Lifted, ending(ctx, event, event.reason), call);
  const { activeBanId: _lifted, ...rest } = state;
  await ctx.ledger.saveGroupState(rest, call);
}

/** `group.enable`: lifts the ban in force; without one, enables only if the policy lets it. */
export async function enableGroup(ctx: ModerationContext, event: ModerationEvent, state: GroupState, call: CallOptions): Promise<Outcome> {
  const ban = await liftable(ctx, event, state, call);
  if (ban) {
    await liftBan(ctx, event, state, ban, call);
    return { kind: 'enabled', liftedBanId: ban.banId };
  }
  if (!ctx.policy.enableMayLiftForeignBans) {
    return { kind: 'unchanged', why: 'no ban of the automation is in force, and the policy does not let an enable lift other bans' };
  }
  await enable(ctx, event, call);
  await ctx.ledger.saveGroupState(state, call);
  return { kind: 'enabled' };
}

/**
 * `ban.enforce`: disables the group again for the ban it names, only if that ban is still the one
 * in force. No ban is written and none counted towards escalation: a ban lifted or replaced since
 * the sender looked (an appeal granted while an audit ran) stays as it is.
 */
export async function enforceBan(ctx: ModerationContext, event: Extract<ModerationEvent, { type: 'ban.enforce' }>, state: GroupState, call: CallOptions): Promise<Outcome> {
  const ban = inForce(await namedBan(ctx, state, call));
  if (ban?.banId !== event.banId) return { kind: 'unchanged', why: `ban ${event.banId} is no longer in force (lifted or replaced): nothing to enforce` };
  if (ban.dryRun) return { kind: 'unchanged', why: `ban ${ban.banId} was decided in dry run: it never disabled the group` };
  await disable(ctx, event, call);
  await ctx.ledger.saveGroupState(state, call);
  return { kind: 'disabled', banId: ban.banId, until: ban.until, enforced: true };
}

/** `ban.expire`: lifts the ban it names, only if that ban is still the one in force. */
export async function expireBan(ctx: ModerationContext, event: Extract<ModerationEvent, { type: 'ban.expire' }>, state: GroupState, call: CallOptions): Promise<Outcome> {
  const ban = await liftable(ctx, event, state, call);
  if (ban?.banId !== event.banId) return { kind: 'unchanged', why: `ban ${event.banId} is no longer in force (lifted or replaced)` };
  await liftBan(ctx, event, state, ban, call);
  return { kind: 'enabled', liftedBanId: ban.banId };
}
