/**
 * The interpreter: runs the decision for one valid event. It reads what the decision asks for,
 * runs the plan's steps in their order (see `decision/plan.ts`), and owns what a plan cannot
 * know: the retry after a lost commit, the realignment after a call that may have been lost, and
 * the group Agora no longer has. The processed marker, with the event's digest, comes last.
 */
import { MEMBER_BATCH_LIMIT, type CallOptions } from '../../agora/index.js';
import { eventDigest, EventType, type ModerationEvent } from '../../events/index.js';
import { LedgerConflictError, SanctionKind } from '../../ledger/index.js';
import {
  decide,
  describeOutcome,
  endBansOfGoneGroup,
  endLostBan,
  realign,
  type Decision,
  type DecisionContext,
  type Facts,
  type GroupCall,
  type Need,
  sanctionSlot,
  type MemberAction,
  type Outcome,
  type Plan,
  type Step,
} from '../decision/index.js';
import type { MuteCoalescer } from './mute-coalescer.js';
import { memberResolution, muteDurationLeft, recallResolution } from './sanction-results.js';
import { isGroupGone } from './failure-disposition.js';
import type { InterpreterDependencies } from './interpreter-dependencies.js';

/** Attempts at an event while concurrent writers keep changing its group's state. */
const CONFLICT_ATTEMPTS = 3;

/**
 * Rounds of asking a decision may take (a violation: record it; read its windows, the sender's
 * claims and the event's sanctions; read whether a removing step put the sender out; claim a ladder
 * step and read the owner and admins, or the bans).
 */
const MAX_ASKS = 6;

export interface ProcessOptions {
  /** The event was received before (its record's receive count is above 1): an earlier attempt may have failed after its Agora call. */
  redelivered?: boolean;
  /** Holds the ladder's mutes to send them with the batch's others (see mute-coalescer.ts). */
  coalescer?: MuteCoalescer;
}

/** Agora calls that must follow the mutes held before them in the group's lane (a recall changes no mute). */
const CALLS_AFTER_HELD_MUTES: ReadonlySet<Step['kind']> = new Set([
  'disable-group',
  'enable-group',
  'sanction-members',
  'lift-members',
  'mute-group',
  'unmute-group',
]);

/** Events whose own call enables the group: the call an earlier receive may have made and not recorded. */
const ENABLING: ReadonlySet<string> = new Set([EventType.Enable, EventType.BanExpire]);

/**
 * Processes one event; throws what the caller must retry or park (see failure-disposition). A
 * lost commit makes it start over from the new state, a few times.
 * @throws {EventIdConflictError} when the event's id was processed for a different event.
 */
export async function processEvent(
  ctx: InterpreterDependencies,
  event: ModerationEvent,
  call: CallOptions = {},
  options: ProcessOptions = {},
): Promise<Outcome> {
  const digest = eventDigest(event);
  // On a redelivery of an enable or an expiry, the enable an earlier receive may have made before
  // its commit failed (a timeout, the deadline): nothing records whether it did, and a decision
  // that now makes no call (the ban it would lift is gone) would leave the group enabled under a
  // ban in force. Realigning after it costs a read, and a disable only when a ban is in force.
  let lostCall: GroupCall | undefined = options.redelivered && ENABLING.has(event.type) ? 'enable' : undefined;
  for (let attempt = 1; ; attempt++) {
    const run = new Attempt(ctx, event, call, options.coalescer);
    try {
      const outcome = await run.process(digest, lostCall);
      if (attempt > 1)
        await run.settle((context, facts) => endLostBan(context, event, outcome, facts), await run.facts());
      return outcome;
    } catch (error) {
      if (!(error instanceof LedgerConflictError) || attempt === CONFLICT_ATTEMPTS) throw error;
      lostCall = run.lastCall ?? lostCall;
    }
  }
}

/** One attempt at an event: its reads, its steps, and the last Agora call it made. */
class Attempt {
  /** The last Agora call of this attempt that the service answered; `undefined` before any. */
  lastCall: GroupCall | undefined;
  private readonly context: DecisionContext;

  constructor(
    private readonly ctx: InterpreterDependencies,
    private readonly event: ModerationEvent,
    private readonly call: CallOptions,
    private readonly coalescer?: MuteCoalescer,
  ) {
    this.context = { policy: ctx.policy, now: ctx.clock(), clockSkewSeconds: ctx.clockSkewSeconds };
  }

  async process(digest: string, lostCall: GroupCall | undefined): Promise<Outcome> {
    const { ledger } = this.ctx;
    const { event, call } = this;
    // Independent reads go together: the ledger's latency, not CPU, bounds a record's time.
    const [processed, state] = await Promise.all([
      ledger.getProcessed(event.id, call),
      ledger.getGroupState(event.groupId, call),
    ]);
    const facts: Facts = { processed, state, bans: new Map() };
    let decided: Plan;
    try {
      decided = await this.decided((context, known) => decide(context, event, known), facts);
    } catch (error) {
      // Deciding reads Agora too (the owner and admins a ladder step spares): a group it no longer
      // has ends there as it does at any call, its bans ended and the event processed, not parked.
      if (!isGroupGone(error)) throw error;
      const outcome = await this.groupGone(error);
      await this.mark(digest, outcome);
      return outcome;
    }
    if (decided.outcome.kind === 'duplicate') {
      if (!lostCall) return decided.outcome;
      return this.unlessGroupGone(() => this.realign(lostCall, decided.outcome, { state, bans: new Map() }));
    }

    const outcome = await this.unlessGroupGone(async () => {
      await this.run(decided);
      // A decision that called Agora itself did so after the winner's call, and committed after it.
      if (lostCall && this.lastCall === undefined) await this.realign(lostCall, decided.outcome, await this.facts());
      return decided.outcome;
    });
    await this.mark(digest, outcome);
    return outcome;
  }

  /** Writes the processed marker; a held mute is not done yet, so then the marker follows its call. */
  private async mark(digest: string, outcome: Outcome): Promise<void> {
    const { event, call } = this;
    const mark = () =>
      this.ctx.ledger.markProcessed(
        {
          eventId: event.id,
          groupId: event.groupId,
          type: event.type,
          outcome: describeOutcome(outcome),
          processedAt: this.ctx.clock().toISOString(),
          digest,
          eventTime: event.time,
        },
        call,
      );
    if (this.coalescer?.holds(event.groupId, event.id)) await this.coalescer.whenSent(event.groupId, event.id, mark);
    else await mark();
  }

  /** The group's state as the ledger has it now, nothing else known yet. */
  async facts(): Promise<Facts> {
    return { state: await this.ctx.ledger.getGroupState(this.event.groupId, this.call), bans: new Map() };
  }

  /** Asks `decision` until it plans, gathering what it needs, then runs the plan. */
  async settle(decision: (context: DecisionContext, facts: Facts) => Decision, facts: Facts): Promise<Plan> {
    const decided = await this.decided(decision, facts);
    await this.run(decided);
    return decided;
  }

  private async realign(lostCall: GroupCall, outcome: Outcome, facts: Facts): Promise<Outcome> {
    await this.settle((context, known) => realign(context, this.event, lostCall, outcome, known), facts);
    return outcome;
  }

  /** Runs `work`; when Agora answers that the group does not exist, ends the group's bans instead. */
  private async unlessGroupGone(work: () => Promise<Outcome>): Promise<Outcome> {
    try {
      return await work();
    } catch (error) {
      if (!isGroupGone(error)) throw error;
      return this.groupGone(error);
    }
  }

  private async groupGone(error: Parameters<typeof endBansOfGoneGroup>[2]): Promise<Outcome> {
    const ended = await this.settle(
      (context, facts) => endBansOfGoneGroup(context, this.event, error, facts),
      await this.facts(),
    );
    return ended.outcome;
  }

  private async decided(decision: (context: DecisionContext, facts: Facts) => Decision, facts: Facts): Promise<Plan> {
    let known = facts;
    for (let round = 0; round <= MAX_ASKS; round++) {
      const decided = decision(this.context, known);
      if (decided.kind === 'plan') return decided;
      known = await this.gather(known, decided.needs);
    }
    throw new Error(`the decision for event ${this.event.id} still asked for facts after ${MAX_ASKS} rounds`);
  }

  private async gather(facts: Facts, needs: Need[]): Promise<Facts> {
    const { ledger } = this.ctx;
    const { groupId } = this.event;
    const bans = new Map(facts.bans);
    const known: Facts = { ...facts, bans };
    await Promise.all(
      needs.map(async (need) => {
        switch (need.kind) {
          case 'ban':
            bans.set(need.banId, await ledger.getBan(groupId, need.banId, this.call));
            return;
          case 'group-bans':
            known.groupBans = await ledger.listBans(groupId, this.call);
            return;
          case 'record-violation':
            await ledger.recordViolation(need.violation, this.call);
            known.violationRecorded = true;
            return;
          case 'violation-times':
            known.violationTimes = await ledger.violationTimes(groupId, need.after, need.upTo, this.call);
            return;
          case 'event-sanctions':
            known.sanctions = new Map(
              (await ledger.eventSanctions(groupId, this.event.id, this.call)).map((sanction) => [
                sanctionSlot(sanction),
                sanction,
              ]),
            );
            return;
          case 'staff':
            known.staff = await this.ctx.moderation.staff(groupId, this.call);
            return;
          case 'member-violation-times':
            known.memberViolationTimes = await ledger.memberViolationTimes(
              groupId,
              need.member,
              need.after,
              need.upTo,
              this.call,
            );
            return;
          case 'ladder-claims':
            known.ladderClaims = await ledger.ladderClaims(groupId, need.member, this.call);
            return;
          case 'member-removals': {
            const decided = await Promise.all(
              need.eventIds.map((eventId) => ledger.eventSanctions(groupId, eventId, this.call)),
            );
            known.memberRemovals = decided
              .flat()
              .filter(
                (sanction) =>
                  (sanction.kind === SanctionKind.Remove || sanction.kind === SanctionKind.Block) &&
                  sanction.target === need.member,
              );
            return;
          }
          case 'claim-ladder-step':
            known.ladderClaim = await ledger.claimLadderStep(need.claim, this.call);
            return;
          case 'window-senders':
            known.windowSenders = await ledger.violationSenders(groupId, need.after, need.upTo, this.call);
            return;
        }
      }),
    );
    return known;
  }

  /** The steps in their order, each once it is the previous one's turn. */
  private async run(plan: Plan): Promise<void> {
    for (const step of plan.steps) await this.step(plan.groupId, step);
  }

  private async step(groupId: string, step: Step): Promise<void> {
    const { ledger, scheduler, groups } = this.ctx;
    const { call } = this;
    if (this.coalescer && step.kind === 'sanction-members' && step.action === 'mute') {
      this.coalescer.hold(groupId, step.eventId, step.users, step.until ?? null);
      return;
    }
    if (this.coalescer && CALLS_AFTER_HELD_MUTES.has(step.kind)) await this.sendHeldMutes(groupId);
    switch (step.kind) {
      case 'put-ban':
        return ledger.putBan(step.ban, call);
      case 'disable-group':
        await groups.disable(groupId, call);
        this.lastCall = 'disable';
        return;
      case 'enable-group':
        await groups.enable(groupId, call);
        this.lastCall = 'enable';
        return;
      case 'schedule-expiry':
        return scheduler.scheduleExpiry(step.expiry, call);
      case 'end-ban':
        return ledger.endBan(groupId, step.banId, step.status, step.ending, call);
      case 'commit':
        return ledger.saveGroupState(step.state, call);
      case 'activate-ban':
        return ledger.activateBan(groupId, step.banId, call);
      case 'record-sanction':
        return ledger.putSanction(step.sanction, call);
      case 'sanction-members':
      case 'lift-members':
        return this.actOnMembers(
          groupId,
          step.action,
          step.eventId,
          step.users,
          step.kind === 'sanction-members' ? step.until : undefined,
          step.kind === 'sanction-members' ? step.resent : undefined,
        );
      case 'mute-group':
        await this.ctx.moderation.groupMute.muteAll(groupId, call);
        return;
      case 'unmute-group':
        await this.ctx.moderation.groupMute.unmuteAll(groupId, call);
        return;
      case 'recall-message': {
        const result = await this.ctx.moderation.messages.recall({ groupId, msgId: step.messageId }, call);
        const key = { groupId, eventId: step.eventId, kind: SanctionKind.Recall, target: step.messageId };
        return ledger.resolveSanction(key, recallResolution(result, this.ctx.clock().toISOString()), call);
      }
      case 'resolve-sanction':
        return ledger.resolveSanction(step.key, step.resolution, call);
    }
  }

  /** Sends the mutes earlier events of the batch held, before this call: the lane's order holds. */
  private async sendHeldMutes(groupId: string): Promise<void> {
    try {
      await this.coalescer!.flush(groupId);
    } catch (error) {
      // Retried with them (an error of its own kind would be parked or retried as its own).
      throw new Error(`the mutes earlier events of the batch held could not be sent: ${String(error)}`, {
        cause: error,
      });
    }
  }

  /**
   * One member call per batch of at most 60 users, each batch's answers resolving its users'
   * sanctions before the next is sent: a call that fails (and is retried) leaves only the users
   * not yet answered pending, and a redelivery sends only those. A mute is sent for what is left
   * of it, so that a redelivery ends it when it was first decided to end.
   */
  private async actOnMembers(
    groupId: string,
    action: MemberAction,
    eventId: string,
    users: readonly string[],
    until: string | null | undefined,
    resent: readonly string[] = [],
  ): Promise<void> {
    const { members } = this.ctx.moderation;
    // Only a removal or a block takes the member out of the group: "not a member" answering its resend is its own doing.
    const removedBefore = action === 'remove' || action === 'block' ? new Set(resent) : new Set<string>();
    for (let start = 0; start < users.length; start += MEMBER_BATCH_LIMIT) {
      const batch = users.slice(start, start + MEMBER_BATCH_LIMIT);
      const result =
        action === 'mute'
          ? await members.mute(groupId, batch, muteDurationLeft(until, this.ctx.clock().getTime()), this.call)
          : await members[action](groupId, batch, this.call);
      const at = this.ctx.clock().toISOString();
      const resolutions = memberResolution(result, at, removedBefore);
      await Promise.all(
        resolutions.map(({ user, resolution }) =>
          this.ctx.ledger.resolveSanction({ groupId, eventId, kind: action, target: user }, resolution, this.call),
        ),
      );
    }
  }
}
