/**
 * The members' ladder: a violation that names its sender counts toward that member's ladder in
 * the group, by its own time within `members.windowSeconds` (the fullest window holding it, as
 * the group's threshold counts). The highest step whose `hits` the count reaches runs what it does
 * to the member (mute, remove, block) once: the event takes the step's claim in the ledger first,
 * and only the claim's holder acts, so neither a redelivery, a retry nor another violation of the
 * same reaching runs it again. A recall is about the message, not the member: every violation
 * whose count reaches a step with `recall` recalls its own message, once (its sanction is written
 * once), whoever holds the claim. Each
 * action is a sanction of the event, written before its call and resolved by its answer, as an
 * operator's are. The owner and admins are never muted, removed or blocked (skipped, recorded); a
 * member a step's event did remove or block (its sanction applied: not skipped, failed or dry run)
 * acts no further; a recall without a message id is recorded as
 * skipped. A sender or message id Agora would refuse (not a user name, not a message id) is never
 * sent either: its actions are recorded as skipped, and the violation still counts for the group.
 */
import { messageIdSchema, usernameSchema, type ModerationEvent } from '../../events/index.js';
import {
  claimHolds,
  LADDER_CLAIM_GRACE_SECONDS,
  SanctionKind,
  SanctionStatus,
  type LadderClaim,
} from '../../ledger/index.js';
import type { SanctionedOutcome } from './outcome.js';
import { iso } from './iso-time.js';
import { NOTHING, sanctionSlot, type DecisionContext, type Facts, type Need, type Part, type Step } from './plan.js';
import type { LadderAction, LadderStep, MembersPolicy } from './policy.js';
import { muteEnd, protectedRole, sanctionOf, SKIP_REASON, skippedSanction } from './sanctions.js';
import { windowsHolding } from './violation-window.js';

type Violation = Extract<ModerationEvent, { type: 'violation.reported' }>;

export const LADDER_SKIP = {
  noMessage: 'the violation names no message to recall',
  /** Agora refuses such a call before it is sent: sending it would fail the whole event, the group's steps with it. */
  invalidSender: 'the sender is not a valid Agora user name: never muted, removed or blocked',
  invalidMessage: 'the message id is not a valid Agora message id: never recalled',
} as const;

/** Why the step's action on `target` cannot be sent to Agora at all, if it cannot. */
function invalidTarget(kind: SanctionKind, event: Violation): string | undefined {
  if (kind === SanctionKind.Recall) {
    if (event.messageId === undefined) return LADDER_SKIP.noMessage;
    return messageIdSchema.safeParse(event.messageId).success ? undefined : LADDER_SKIP.invalidMessage;
  }
  return usernameSchema.safeParse(event.sender).success ? undefined : LADDER_SKIP.invalidSender;
}

/** The target of a recall whose violation names no message: recorded skipped under it. */
const NO_MESSAGE_TARGET = '(no message)';

const removesOrBlocks = (step: LadderStep) => step.actions.some((action) => action === 'remove' || action === 'block');
const isRecall = (action: LadderAction) => action === 'recall';
const actsOnMember = (step: LadderStep) => !step.actions.every(isRecall);

const describeAction = (action: LadderAction) =>
  typeof action === 'string' ? action : `mute ${action.mute === 'permanent' ? 'permanently' : `${action.mute} s`}`;

/** The highest step the count reaches. */
function reached(members: MembersPolicy, count: number): LadderStep | undefined {
  return members.ladder.filter((step) => step.hits <= count).at(-1);
}

export function climbLadder(context: DecisionContext, event: Violation, facts: Facts): Part {
  const members = context.policy.members;
  const member = event.sender;
  if (!members || member === undefined) return NOTHING;
  const t = Date.parse(event.time);
  const windowMs = members.windowSeconds * 1000;
  const needs: Need[] = [
    ...(facts.sanctions ? [] : [{ kind: 'event-sanctions' } as const]),
    ...(facts.ladderClaims ? [] : [{ kind: 'ladder-claims', member } as const]),
    ...(facts.memberViolationTimes
      ? []
      : [{ kind: 'member-violation-times', member, after: iso(t - windowMs), upTo: iso(t + windowMs - 1) } as const]),
  ];
  if (needs.length > 0) return { kind: 'ask', needs };
  // Claims of dry run hold for dry run only: a policy going live runs its steps for real.
  const claims = facts.ladderClaims!.filter((claim) => (claim.dryRun ?? false) === context.policy.dryRun);
  const own = claims.find((claim) => claim.eventId === event.id);
  if (!own) {
    // Out is what a removing step did, not that it ran: its removal of this member applied.
    const removers = claims.filter((claim) => claim.stepRemovesOrBlocks);
    if (removers.length > 0 && !facts.memberRemovals)
      return {
        kind: 'ask',
        needs: [{ kind: 'member-removals', member, eventIds: removers.map((claim) => claim.eventId) }],
      };
    const out = facts.memberRemovals?.find((sanction) => sanction.status === SanctionStatus.Applied);
    if (out) {
      const reason = `${out.kind === SanctionKind.Block ? 'blocked' : 'removed'} by event ${out.eventId}: acts no further`;
      return { kind: 'part', steps: [], outcomes: [ladderOutcome('ladder', 0, [{ target: member, reason }], 0)] };
    }
  }
  // A redelivery keeps the step its claim names, whatever the count has become since.
  const count = windowsHolding(facts.memberViolationTimes!.map(Date.parse), t, windowMs, Infinity).fullest.count;
  const step = (own && members.ladder.find((candidate) => candidate.hits === own.hits)) ?? reached(members, count);
  if (!step) return NOTHING;

  const now = context.now.toISOString();
  const held = own ?? facts.ladderClaim ?? claims.find((claim) => claim.hits === step.hits && claimHolds(claim, now));
  // A sender Agora would refuse is never acted on: the owner and admins are not read for them.
  const needsStaff = actsOnMember(step) && !facts.staff && usernameSchema.safeParse(member).success;
  if (!held) {
    const until = iso(context.now.getTime() + windowMs);
    const claim: LadderClaim = {
      groupId: event.groupId,
      member,
      hits: step.hits,
      eventId: event.id,
      claimedAt: now,
      until,
      stepRemovesOrBlocks: removesOrBlocks(step),
      dryRun: context.policy.dryRun,
      expiresAt: Math.ceil(Date.parse(until) / 1000) + LADDER_CLAIM_GRACE_SECONDS,
    };
    // The owner and admins are read with the claim: both are needed before any step is planned.
    return {
      kind: 'ask',
      needs: [{ kind: 'claim-ladder-step', claim }, ...(needsStaff ? [{ kind: 'staff' } as const] : [])],
    };
  }
  const name = `ladder step ${step.hits} (${step.actions.map(describeAction).join(', ')})`;
  if (held.eventId !== event.id) {
    // Recall is about the message: every message whose count reaches a recalling step is recalled.
    // What the step does to the member ran once, for the event that holds the claim.
    const recalled = runStep(context, event, facts, member, step.actions.filter(isRecall), name);
    if (!actsOnMember(step)) return recalled;
    const reason = `already run for this reaching by event ${held.eventId}, until ${held.until}`;
    const [outcome] = recalled.outcomes;
    return { ...recalled, outcomes: [{ ...outcome!, skipped: [...outcome!.skipped, { target: member, reason }] }] };
  }
  if (needsStaff) return { kind: 'ask', needs: [{ kind: 'staff' }] };
  return runStep(context, event, facts, member, step.actions, name);
}

function ladderOutcome(
  action: string,
  sent: number,
  skipped: { target: string; reason: string }[],
  settled: number,
): SanctionedOutcome {
  return { kind: 'sanctioned', action, sent, skipped, settled };
}

/** Actions of the step as the event's sanctions: recall first (Agora's window is short), then the member's. */
function runStep(
  context: DecisionContext,
  event: Violation,
  facts: Facts,
  member: string,
  actions: readonly LadderAction[],
  name: string,
): Part & { kind: 'part' } {
  const own = facts.sanctions!;
  const steps: Step[] = [];
  const skipped: { target: string; reason: string }[] = [];
  let sent = 0;
  let settled = 0;
  for (const action of [...actions.filter(isRecall), ...actions.filter((other) => !isRecall(other))]) {
    const kind = typeof action === 'string' ? action : SanctionKind.Mute;
    const target = kind === SanctionKind.Recall ? (event.messageId ?? NO_MESSAGE_TARGET) : member;
    const stored = own.get(sanctionSlot({ kind, target }));
    if (stored && stored.status !== SanctionStatus.Pending) {
      settled += 1;
      continue;
    }
    const until =
      typeof action === 'string' ? undefined : stored ? (stored.until ?? null) : muteEnd(context, action.mute);
    const sanction =
      stored ?? sanctionOf(context, event, kind, target, { member, ...(until !== undefined && { until }) });
    const reason =
      invalidTarget(kind, event) ?? (kind === SanctionKind.Recall ? undefined : protectedRole(facts.staff!, member));
    const skip = reason ?? (context.policy.dryRun ? SKIP_REASON.dryRun : undefined);
    if (skip) {
      // Skipped from the start, or by a redelivery whose policy turned dry: recorded, never sent.
      steps.push(
        stored
          ? {
              kind: 'resolve-sanction',
              key: sanction,
              resolution: { status: SanctionStatus.Skipped, at: context.now.toISOString(), reason: skip },
            }
          : skippedSanction(context, sanction, skip),
      );
      skipped.push({ target, reason: skip });
      continue;
    }
    if (!stored) steps.push({ kind: 'record-sanction', sanction });
    sent += 1;
    steps.push(
      kind === SanctionKind.Recall
        ? { kind: 'recall-message', eventId: event.id, messageId: target }
        : {
            kind: 'sanction-members',
            action: kind,
            eventId: event.id,
            users: [member],
            ...(until !== undefined && { until }),
            ...(stored && kind !== SanctionKind.Mute && { resent: [member] }),
          },
    );
  }
  return { kind: 'part', steps, outcomes: [ladderOutcome(name, sent, skipped, settled)] };
}
