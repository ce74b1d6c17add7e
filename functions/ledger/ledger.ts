/**
 * The ledger: every ban the automation imposed or lifted, the violations it is counting, and the
 * events it has finished. The moderation logic talks to this port; `DynamoDbLedger` is the
 * adapter the Lambda and the local stack use, `MemoryLedger` the one of the unit tests.
 *
 * Every write is idempotent on its key (event id, ban id), so a redelivered event that crashed
 * half-way through finishes its work without doing any of it twice.
 */
import type { BanDuration, ViolationExplanation } from '../events/index.js';
import type { CallOptions } from '../agora/index.js';
import type { SanctionKey, SanctionRecord, SanctionResolution } from './sanctions.js';
import type { LadderClaim, SenderViolation } from './ladder.js';

/**
 * A ban is written `pending` before its first effect (so its end is fixed before the group is
 * disabled or its expiry scheduled), becomes `active` once the group's state points at it, and
 * ends `lifted` or `replaced`. A pending ban the state never pointed at was never in force.
 */
export const BanStatus = { Pending: 'pending', Active: 'active', Lifted: 'lifted', Replaced: 'replaced' } as const;
export type BanStatus = (typeof BanStatus)[keyof typeof BanStatus];
export type EndedBanStatus = typeof BanStatus.Lifted | typeof BanStatus.Replaced;

/** What ended a ban: the event that lifted it, or the ban that took its place. */
export interface BanEnding {
  at: string;
  byEventId: string;
  byEventType: string;
  reason: string;
  /** The ban that replaced this one, when `status` is `replaced`. */
  replacedBy?: string;
}

export interface BanRecord {
  banId: string;
  groupId: string;
  /** The event that imposed the ban, with its type, reason and source. */
  eventId: string;
  eventType: string;
  reason: string;
  source: string;
  imposedAt: string;
  /** When the ban ends by itself; `null` for a permanent ban. */
  until: string | null;
  duration: BanDuration;
  status: BanStatus;
  /** Recorded in dry-run mode: decided and logged, but the group was not disabled. */
  dryRun: boolean;
  ended?: BanEnding;
}

/**
 * Per group: which ban is in force and when the violation counter last crossed the threshold.
 * The state is where concurrent writers meet: every change of the ban in force is a write
 * conditional on its version.
 */
export interface GroupState {
  groupId: string;
  /** The ban in force, while that ban is pending or active (an ended ban it still names is not). */
  activeBanId?: string;
  /** Violations at or before this time were already counted towards a ban: the latest violation of the last crossing. */
  lastCrossingAt?: string;
  /** Start times of the group's bans within the escalation window, oldest first. */
  recentBans?: string[];
  /** The mute of the whole group in force, as the automation imposed it: a mute's id and when it ends (`null`: until lifted). */
  groupMute?: { muteId: string; until: string | null };
  /** The time of the violation that last muted the group as a raid: violations up to it counted towards that raid. */
  lastRaidAt?: string;
  /**
   * The last raid dry run decided to mute the group for (nothing was muted): its mute counts as in
   * force, and what it counted as spent, for dry-run decisions only, so that dry run sees a raid once.
   */
  dryRunRaid?: { muteId: string; until: string | null; at: string };
  /** Optimistic-concurrency version; 0 before the first write. */
  version: number;
}

export interface ViolationRecord {
  eventId: string;
  groupId: string;
  time: string;
  category?: string;
  /** Why it was reported, as the event said (for a rule's hit: the rule, the rule set's version and the span). */
  reason?: string;
  /** The rule's hit, explained: where in the message, what was read and how (violations of the callbacks ingress). */
  explanation?: ViolationExplanation;
  /** The member who sent the violating message, when the event names one: counted on their ladder too. */
  sender?: string;
  /** Epoch seconds after which the violation is outside every window (DynamoDB TTL). */
  expiresAt: number;
}

export interface ProcessedEvent {
  eventId: string;
  groupId: string;
  type: string;
  /** One line saying what the event did, for operators and duplicate reports. */
  outcome: string;
  processedAt: string;
  /** `eventDigest` of the event: the same id with another digest is a different event reusing the id. */
  digest?: string;
  /** The event's own `time`, to name it when its id is reused (markers written before carry none). */
  eventTime?: string;
}

/**
 * A failed attempt at an event, as the handler counts it: which SQS message carried it, on which
 * receive, and when.
 */
export interface FailedAttempt {
  eventId: string;
  /** The SQS message: one moved back from the DLQ is a new message, and its count starts over. */
  messageId: string;
  /** The message's receive count on this attempt: the same receive is counted once. */
  receive: number;
  at: string;
  /** Epoch seconds after which the count is dropped (DynamoDB TTL), and read as absent before then. */
  expiresAt: number;
}

/** An event's own failed attempts, for the SQS message that carries it now. */
export interface AttemptCount {
  eventId: string;
  messageId: string;
  /** Attempts that failed, this one included: receives on which the event itself was processed and failed. */
  failures: number;
  firstFailedAt: string;
  lastFailedAt: string;
  /** The receive of the last failure counted. */
  lastReceive: number;
  expiresAt: number;
}

/** Every method takes the caller's abort signal last (a Lambda's deadline). */
export interface Ledger {
  getProcessed(eventId: string, call?: CallOptions): Promise<ProcessedEvent | undefined>;
  /** Written last, once the event's effects are all in place. */
  markProcessed(record: ProcessedEvent, call?: CallOptions): Promise<void>;
  getGroupState(groupId: string, call?: CallOptions): Promise<GroupState>;
  /** @throws {LedgerConflictError} when the stored version is not `state.version`. */
  saveGroupState(state: GroupState, call?: CallOptions): Promise<void>;
  getBan(groupId: string, banId: string, call?: CallOptions): Promise<BanRecord | undefined>;
  /** Stores a new ban; storing the same ban id again changes nothing (the first record stays). */
  putBan(ban: BanRecord, call?: CallOptions): Promise<void>;
  /** Makes a pending ban active; a ban in any other status stays as it is. */
  activateBan(groupId: string, banId: string, call?: CallOptions): Promise<void>;
  /** Ends a pending or active ban; ending one that has already ended changes nothing. */
  endBan(groupId: string, banId: string, status: EndedBanStatus, ending: BanEnding, call?: CallOptions): Promise<void>;
  /** Bans of a group, oldest first. */
  listBans(groupId: string, call?: CallOptions): Promise<BanRecord[]>;
  /** Every ban in force, of every group (for audits; bans in force are few next to groups). */
  activeBans(call?: CallOptions): AsyncIterable<BanRecord>;
  /** Stores a violation (and, when it names its sender, the member's); storing the same event again changes nothing. */
  recordViolation(violation: ViolationRecord, call?: CallOptions): Promise<void>;
  /** The violations of a group still kept (until TTL removes them), oldest first, each with its reason and explanation. */
  listViolations(groupId: string, call?: CallOptions): Promise<ViolationRecord[]>;
  /**
   * Times of the violations with `after < time <= upTo`, oldest first.
   * @throws when `after` is later than `upTo`, as DynamoDB refuses such a key range.
   */
  violationTimes(groupId: string, after: string, upTo: string, call?: CallOptions): Promise<string[]>;
  /** The group's violations that name their sender, with `after < time <= upTo`, oldest first. */
  violationSenders(groupId: string, after: string, upTo: string, call?: CallOptions): Promise<SenderViolation[]>;
  /** Times of a member's violations with `after < time <= upTo`, oldest first. */
  memberViolationTimes(
    groupId: string,
    member: string,
    after: string,
    upTo: string,
    call?: CallOptions,
  ): Promise<string[]>;
  /**
   * Takes the claim of a ladder step for its member, unless another event holds it still (its
   * `until` is after `claim.claimedAt`): returns the claim that holds, this one or the other.
   */
  claimLadderStep(claim: LadderClaim, call?: CallOptions): Promise<LadderClaim>;
  /** A member's ladder claims, by step. */
  ladderClaims(groupId: string, member: string, call?: CallOptions): Promise<LadderClaim[]>;
  /**
   * Counts a failed attempt at an event and returns the count. A receive already counted (a
   * resent request) or an earlier one changes nothing; another message, or a count past its
   * `expiresAt` (expiry is not relied on having run), starts over at 1.
   */
  countFailure(attempt: FailedAttempt, call?: CallOptions): Promise<AttemptCount>;
  /** Stores a sanction; storing the same key again changes nothing (the first record stays). */
  putSanction(sanction: SanctionRecord, call?: CallOptions): Promise<void>;
  /** Resolves a pending sanction; one already resolved (or not stored) stays as it is. */
  resolveSanction(key: SanctionKey, resolution: SanctionResolution, call?: CallOptions): Promise<void>;
  /** The sanctions an event decided, in the order of `bySanctionOrder`. */
  eventSanctions(groupId: string, eventId: string, call?: CallOptions): Promise<SanctionRecord[]>;
  /** Every sanction of a group, members' and the group's own, in the order of `bySanctionOrder`. */
  listSanctions(groupId: string, call?: CallOptions): Promise<SanctionRecord[]>;
  /**
   * Every applied sanction of a kind in `MUTE_STATE_KINDS`, of every group, in no set order (for
   * audits). One scan of the whole table, as `activeBans`: the filter leaves recalls and everything
   * else out of the answer, but DynamoDB reads (and bills) the items it filters all the same.
   */
  appliedMuteSanctions(call?: CallOptions): AsyncIterable<SanctionRecord>;
}

/** Another writer changed a group's state in between: retrying the event re-reads it. */
export class LedgerConflictError extends Error {
  override name = 'LedgerConflictError';
  constructor(
    readonly groupId: string,
    readonly expectedVersion: number,
    options?: ErrorOptions,
  ) {
    super(
      `group ${groupId} changed in the ledger while being processed (expected version ${expectedVersion})`,
      options,
    );
  }
}
