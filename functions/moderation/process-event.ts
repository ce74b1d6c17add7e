/**
 * The moderation decision for one valid event, and its effects: the Agora call, the ban's
 * expiry schedule and the ledger. Effects never outrun the ledger, and run in an order that a
 * redelivery can finish (see `bans.ts`); the processed-event marker, with the event's digest,
 * comes last.
 */
import type { CallOptions } from '../agora/index.js';
import { eventDigest, EventType, timedEventDigest, type ModerationEvent } from '../events/index.js';
import { LedgerConflictError, type GroupState } from '../ledger/index.js';
import { alignGroup, enableGroup, endLostBan, enforceBan, expireBan, imposeBan } from './bans.js';
import { countViolation } from './count-violation.js';
import { EventIdConflictError } from './event-id-conflict.js';
import { endBansOfGoneGroup, isGroupGone } from './group-gone.js';
import type { ModerationContext } from './moderation-context.js';
import { describeOutcome, type Outcome } from './outcome.js';
import { RecordingSwitch, type SwitchCall } from './recording-switch.js';

/** Attempts at an event while concurrent writers keep changing its group's state. */
const CONFLICT_ATTEMPTS = 3;

export interface ProcessOptions {
  /** The event was received before (its record's receive count is above 1): an earlier attempt may have failed after its Agora call. */
  redelivered?: boolean;
}

/** Events whose own call enables the group: the call an earlier receive may have made and not recorded. */
const ENABLING: ReadonlySet<string> = new Set([EventType.Enable, EventType.BanExpire]);

/**
 * Processes one event; throws what the caller must retry or park (see failure-disposition). A
 * concurrent change of the group's state makes it start over from the new state, a few times. A
 * group Agora no longer has ends its bans, and the event is processed (see `group-gone.ts`).
 * @throws {EventIdConflictError} when the event's id was processed for a different event.
 */
export async function processEvent(ctx: ModerationContext, event: ModerationEvent, call: CallOptions = {}, options: ProcessOptions = {}): Promise<Outcome> {
  const digest = eventDigest(event);
  // The last Agora call of an attempt whose state write was lost: it may have reached the group
  // after the call of the writer that won, and so undone it. On a redelivery of an enable or an
  // expiry, the enable an earlier receive may have made before its state write failed (a
  // timeout, the deadline): nothing records whether it did, and a decision that now makes no
  // call (the ban it would lift is gone) would leave the group enabled under a ban in force.
  // Aligning after it costs a read, and a disable only when a ban is in force.
  let lostCall: SwitchCall | undefined = options.redelivered && ENABLING.has(event.type) ? 'enable' : undefined;
  for (let attempt = 1; ; attempt++) {
    const groups = new RecordingSwitch(ctx.groups);
    try {
      const outcome = await processOnce({ ...ctx, groups }, event, digest, call, lostCall);
      if (attempt > 1) await endLostBan(ctx, event, outcome, call);
      return outcome;
    } catch (error) {
      if (!(error instanceof LedgerConflictError) || attempt === CONFLICT_ATTEMPTS) throw error;
      lostCall = groups.lastCall ?? lostCall;
    }
  }
}

async function processOnce(ctx: ModerationContext & { groups: RecordingSwitch }, event: ModerationEvent, digest: string, call: CallOptions, lostCall: SwitchCall | undefined): Promise<Outcome> {
  // Independent reads go together: the ledger's latency, not CPU, bounds a record's time.
  const [previous, state] = await Promise.all([ctx.ledger.getProcessed(event.id, call), ctx.ledger.getGroupState(event.groupId, call)]);
  if (previous) {
    // Markers written before digests were kept carry none, and those written before the time was
    // left out of the digest carry the timed one: both count as the same event.
    if (previous.digest !== undefined && previous.digest !== digest && previous.digest !== timedEventDigest(event)) {
      throw new EventIdConflictError(event.id, previous, event, digest);
    }
    const duplicate: Outcome = { kind: 'duplicate', previously: previous.outcome };
    return lostCall ? unlessGroupGone(ctx, event, call, () => alignGroup(ctx, event, lostCall, call, state).then(() => duplicate)) : duplicate;
  }

  const outcome = await unlessGroupGone(ctx, event, call, async () => {
    const decided = await decideAndApply(ctx, event, state, call);
    // A decision that called Agora itself did so after the winner's call, and wrote after it.
    if (lostCall && ctx.groups.lastCall === undefined) await alignGroup(ctx, event, lostCall, call);
    return decided;
  });
  await ctx.ledger.markProcessed({
    eventId: event.id,
    groupId: event.groupId,
    type: event.type,
    outcome: describeOutcome(outcome),
    processedAt: ctx.clock().toISOString(),
    digest,
    eventTime: event.time,
  }, call);
  return outcome;
}

/** Runs `work`; when Agora answers that the group does not exist, ends the group's bans instead (see `group-gone.ts`). */
async function unlessGroupGone(ctx: ModerationContext, event: ModerationEvent, call: CallOptions, work: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await work();
  } catch (error) {
    if (!isGroupGone(error)) throw error;
    return endBansOfGoneGroup(ctx, event, error, call);
  }
}

function decideAndApply(ctx: ModerationContext, event: ModerationEvent, state: GroupState, call: CallOptions): Promise<Outcome> {
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
    case EventType.BanEnforce:
      return enforceBan(ctx, event, state, call);
  }
}
