/**
 * The decision as data. A decision is pure: from the event, what the ledger says about its group,
 * the policy and the time, it either asks for something it must know first (`Ask`) or returns a
 * `Plan`: the steps that carry it out, in order, and what the event did. The interpreter
 * (`delivery/process-event.ts`) gathers what is asked, runs the steps and nothing else.
 *
 * Every plan keeps the order that lets a redelivery finish what an attempt began: a new ban is
 * written `pending` before any call, the `commit` (the state's conditional write) follows every
 * Agora call, a replaced ban ends before the commit and a lifted one before the state lets go of
 * it. See docs/architecture.md#bans. New actions (muting a member, recalling a message) are new
 * kinds of step.
 */
import type { BanExpiry } from '../../events/index.js';
import type {
  BanEnding,
  BanRecord,
  EndedBanStatus,
  GroupState,
  LadderClaim,
  ProcessedEvent,
  SanctionKey,
  SanctionRecord,
  SanctionResolution,
  SenderViolation,
  ViolationRecord,
} from '../../ledger/index.js';
import type { Outcome, SanctionedOutcome } from './outcome.js';
import type { Policy } from './policy.js';

/** What a decision knows. Everything but `state` is filled in as the decision asks for it. */
export interface Facts {
  /** The processed marker of the event's id (read with the state, for the event's own decision). */
  processed?: ProcessedEvent | undefined;
  /** The group's state, as read at the start of the attempt. */
  state: GroupState;
  /** Bans read so far, by id; an id mapped to `undefined` is not in the ledger. */
  bans: ReadonlyMap<string, BanRecord | undefined>;
  /** Every ban of the group, oldest first. */
  groupBans?: readonly BanRecord[];
  /** The event's violation has been recorded. */
  violationRecorded?: true;
  /** Times of the violations in the range asked for, oldest first. */
  violationTimes?: readonly string[];
  /** The sanctions the event decided on an earlier attempt, by `sanctionSlot`. */
  sanctions?: ReadonlyMap<string, SanctionRecord>;
  /** Who the automation never mutes, removes or blocks: the group's owner and admins, as Agora lists them now. */
  staff?: GroupStaff;
  /** Times of the violation's sender's violations in the range asked for, oldest first. */
  memberViolationTimes?: readonly string[];
  /** The sender's ladder claims, by step. */
  ladderClaims?: readonly LadderClaim[];
  /** The sender's removals and blocks by the events of their removing steps' claims, as the ledger has them. */
  memberRemovals?: readonly SanctionRecord[];
  /** The claim that holds for the step asked for: the event's own, or another event's. */
  ladderClaim?: LadderClaim;
  /** The group's violations that name their sender, in the range asked for, oldest first. */
  windowSenders?: readonly SenderViolation[];
}

export interface GroupStaff {
  owner: string;
  admins: readonly string[];
}

/** A sanction's place among its event's: its kind and its target. */
export const sanctionSlot = (sanction: Pick<SanctionKey, 'kind' | 'target'>) => `${sanction.kind}#${sanction.target}`;

/** Something a decision must know (or, for a violation, have written) before it can plan. Needs asked together are independent. */
export type Need =
  | { kind: 'ban'; banId: string }
  | { kind: 'group-bans' }
  /** The violation is stored before its window is read: of two violations recorded at once, the later reader sees both. */
  | { kind: 'record-violation'; violation: ViolationRecord }
  | { kind: 'violation-times'; after: string; upTo: string }
  | { kind: 'event-sanctions' }
  | { kind: 'staff' }
  /** The sender's violations (stored with the group's, once recorded) in `after < time <= upTo`. */
  | { kind: 'member-violation-times'; member: string; after: string; upTo: string }
  | { kind: 'ladder-claims'; member: string }
  /** The member's remove and block sanctions decided by these events: applied, they put the member out. */
  | { kind: 'member-removals'; member: string; eventIds: string[] }
  /** Takes the step's claim for the event, unless another event holds it still: a step runs once per member per reaching. */
  | { kind: 'claim-ladder-step'; claim: LadderClaim }
  /** The group's violations that name their sender, in `after < time <= upTo`: the distinct senders of a raid. */
  | { kind: 'window-senders'; after: string; upTo: string };

/** Agora's calls on members that take a batch of users (60 a call); each user's answer resolves that user's sanction. */
export type MemberAction = 'mute' | 'unmute' | 'remove' | 'block' | 'unblock';

/** One effect. Steps of the event's group; ledger writes are conditional or idempotent, Agora calls set state. */
export type Step =
  /** Stores a new ban, `pending`; storing the same ban again changes nothing. */
  | { kind: 'put-ban'; ban: BanRecord }
  /** Agora: disable the group. */
  | { kind: 'disable-group' }
  /** Agora: enable the group. */
  | { kind: 'enable-group' }
  /** Arranges the `ban.expire` event for a timed ban's end. */
  | { kind: 'schedule-expiry'; expiry: BanExpiry }
  | { kind: 'end-ban'; banId: string; status: EndedBanStatus; ending: BanEnding }
  /** The group state's write, conditional on the version it was read with. */
  | { kind: 'commit'; state: GroupState }
  /** Makes a pending ban active, once the commit has made it the one in force. */
  | { kind: 'activate-ban'; banId: string }
  /** Stores a sanction: `pending` before its call, or resolved already (skipped, never sent). Storing it again changes nothing. */
  | { kind: 'record-sanction'; sanction: SanctionRecord }
  /**
   * Agora: mute (until `until`; `null` for good), remove or block the users, at most 60 a call;
   * each user's answer resolves the event's sanction of that user (applied, skipped as no longer
   * a member, or failed with the service's reason).
   */
  | {
      kind: 'sanction-members';
      action: 'mute' | 'remove' | 'block';
      eventId: string;
      users: string[];
      until?: string | null;
      /** Of a removal or a block, users whose sanction an earlier attempt wrote and left pending: its call may have reached Agora, its answer lost. */
      resent?: string[];
    }
  /** Agora: unmute or unblock the users, resolving each one's sanction likewise. */
  | { kind: 'lift-members'; action: 'unmute' | 'unblock'; eventId: string; users: string[] }
  /** Agora: mute the whole group (the allow list, the owner and admins by default, may still speak). */
  | { kind: 'mute-group' }
  /** Agora: lift the group's mute. */
  | { kind: 'unmute-group' }
  /** Agora: recall the message; the answer resolves its sanction (applied, too late, no longer stored, failed). */
  | { kind: 'recall-message'; eventId: string; messageId: string }
  /** Resolves a pending sanction whose call is done. */
  | { kind: 'resolve-sanction'; key: SanctionKey; resolution: SanctionResolution };

/** The Agora calls among the steps: the ones whose lost commit may leave the group out of line with the ledger. */
export type GroupCall = 'disable' | 'enable';

export interface Ask {
  kind: 'ask';
  needs: Need[];
}

export interface Plan {
  kind: 'plan';
  groupId: string;
  steps: Step[];
  outcome: Outcome;
}

export type Decision = Ask | Plan;

/** What a decision is taken under, besides the facts. */
export interface DecisionContext {
  policy: Policy;
  now: Date;
  /** How far ahead of `now` an event may be dated, in seconds. */
  clockSkewSeconds: number;
}

/** What a part of a violation's decision (the ladder, the raid) adds: facts it still needs, or its steps and what they do. */
export type Part = { kind: 'ask'; needs: Need[] } | { kind: 'part'; steps: Step[]; outcomes: SanctionedOutcome[] };

export const NOTHING: Part = { kind: 'part', steps: [], outcomes: [] };

export const plan = (groupId: string, outcome: Outcome, steps: Step[] = []): Plan => ({
  kind: 'plan',
  groupId,
  steps,
  outcome,
});

const CALL_STEP: Record<GroupCall, Step> = { disable: { kind: 'disable-group' }, enable: { kind: 'enable-group' } };

/** The Agora call as a step; none in dry run, where every decision is recorded but the group left alone. */
export function groupCall(policy: Policy, call: GroupCall): Step[] {
  return policy.dryRun ? [] : [CALL_STEP[call]];
}

/** An ask for the bans not read yet (`undefined` ids skipped); `undefined` when every one is known. */
export function askBans(facts: Facts, banIds: (string | undefined)[]): Ask | undefined {
  const missing = [...new Set(banIds)].filter(
    (banId): banId is string => banId !== undefined && !facts.bans.has(banId),
  );
  return missing.length > 0 ? { kind: 'ask', needs: missing.map((banId) => ({ kind: 'ban', banId })) } : undefined;
}
