/**
 * The ledger in memory, for unit and property tests of the decision core: the same contract as
 * `DynamoDbLedger`, write for write. Items are keyed as the table keys them (a ban by its group
 * and its id), conditional writes keep the first value, the group state is versioned, and
 * violations are read over the same sort keys with the same `BETWEEN` rule (DynamoDB refuses a
 * range whose lower bound is above its upper one, and so does this).
 */
import type { CallOptions } from '../agora/index.js';
import {
  bySanctionOrder,
  eventSanctionsPrefix,
  MUTE_STATE_KINDS,
  sanctionSortKey,
  SanctionStatus,
  SANCTIONS_PREFIX,
  type SanctionKey,
  type SanctionRecord,
  type SanctionResolution,
} from './sanctions.js';
import {
  afterMemberViolationsAt,
  ladderClaimSortKey,
  ladderClaimsPrefix,
  memberViolationSortKey,
  type LadderClaim,
  type SenderViolation,
} from './ladder.js';
import {
  BanStatus,
  LedgerConflictError,
  type AttemptCount,
  type BanEnding,
  type BanRecord,
  type EndedBanStatus,
  type FailedAttempt,
  type GroupState,
  type Ledger,
  type ProcessedEvent,
  type ViolationRecord,
} from './ledger.js';

/** The table's key of a ban: its group's partition and its own sort key. */
const banKey = (groupId: string, banId: string) => `GROUP#${groupId}|BAN#${banId}`;
const violationKey = (time: string, eventId: string) => `VIOLATION#${time}#${eventId}`;
const afterViolationsAt = (time: string) => `VIOLATION#${time}~`;

/** What DynamoDB answers for a `BETWEEN` with its bounds reversed. */
export class KeyRangeValidationError extends Error {
  override name = 'ValidationException';
}

export class MemoryLedger implements Ledger {
  readonly processed = new Map<string, ProcessedEvent>();
  readonly states = new Map<string, GroupState>();
  /** By `banKey`: two groups may hold bans of the same id, as in the table. */
  readonly bans = new Map<string, BanRecord>();
  readonly violations = new Map<string, Map<string, ViolationRecord>>();
  readonly attempts = new Map<string, AttemptCount>();
  /** A member's violations (times) and ladder claims, by group, then by the table's sort key. */
  readonly members = new Map<string, Map<string, string | LadderClaim>>();
  /** By group, then by the table's sort key. */
  readonly sanctions = new Map<string, Map<string, SanctionRecord>>();

  async getProcessed(eventId: string, _call?: CallOptions): Promise<ProcessedEvent | undefined> {
    return copy(this.processed.get(eventId));
  }

  async markProcessed(record: ProcessedEvent, _call?: CallOptions): Promise<void> {
    if (!this.processed.has(record.eventId)) this.processed.set(record.eventId, copy(record));
  }

  async getGroupState(groupId: string, _call?: CallOptions): Promise<GroupState> {
    return copy(this.states.get(groupId)) ?? { groupId, version: 0 };
  }

  async saveGroupState(state: GroupState, _call?: CallOptions): Promise<void> {
    const stored = this.states.get(state.groupId)?.version ?? 0;
    if (stored !== state.version) throw new LedgerConflictError(state.groupId, state.version);
    this.states.set(state.groupId, { ...copy(state), version: state.version + 1 });
  }

  async getBan(groupId: string, banId: string, _call?: CallOptions): Promise<BanRecord | undefined> {
    return copy(this.bans.get(banKey(groupId, banId)));
  }

  async putBan(ban: BanRecord, _call?: CallOptions): Promise<void> {
    const key = banKey(ban.groupId, ban.banId);
    if (!this.bans.has(key)) this.bans.set(key, copy(ban));
  }

  async activateBan(groupId: string, banId: string, _call?: CallOptions): Promise<void> {
    const key = banKey(groupId, banId);
    const ban = this.bans.get(key);
    if (ban?.status === BanStatus.Pending) this.bans.set(key, { ...ban, status: BanStatus.Active });
  }

  async endBan(
    groupId: string,
    banId: string,
    status: EndedBanStatus,
    ending: BanEnding,
    _call?: CallOptions,
  ): Promise<void> {
    const key = banKey(groupId, banId);
    const ban = this.bans.get(key);
    const open = ban?.status === BanStatus.Pending || ban?.status === BanStatus.Active;
    if (ban && open) this.bans.set(key, { ...ban, status, ended: copy(ending) });
  }

  async listBans(groupId: string, _call?: CallOptions): Promise<BanRecord[]> {
    return [...this.bans.values()]
      .filter((ban) => ban.groupId === groupId)
      .map(copy)
      .sort((a, b) => a.imposedAt.localeCompare(b.imposedAt));
  }

  async *activeBans(_call?: CallOptions): AsyncIterable<BanRecord> {
    for (const ban of [...this.bans.values()]) if (ban.status === BanStatus.Active) yield copy(ban);
  }

  async recordViolation(violation: ViolationRecord, _call?: CallOptions): Promise<void> {
    const group = this.violations.get(violation.groupId) ?? new Map<string, ViolationRecord>();
    this.violations.set(violation.groupId, group);
    const key = violationKey(violation.time, violation.eventId);
    if (!group.has(key)) group.set(key, copy(violation));
    if (violation.sender === undefined) return;
    const members = this.membersOf(violation.groupId);
    const memberKey = memberViolationSortKey(violation.sender, violation.time, violation.eventId);
    if (!members.has(memberKey)) members.set(memberKey, violation.time);
  }

  async violationSenders(
    groupId: string,
    after: string,
    upTo: string,
    _call?: CallOptions,
  ): Promise<SenderViolation[]> {
    const from = afterViolationsAt(after);
    const to = afterViolationsAt(upTo);
    if (from > to) throw new KeyRangeValidationError('Invalid KeyConditionExpression: BETWEEN bounds reversed');
    return [...(this.violations.get(groupId) ?? [])]
      .filter(([key, violation]) => key >= from && key <= to && violation.sender !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, violation]) => ({ time: violation.time, sender: violation.sender! }));
  }

  async memberViolationTimes(
    groupId: string,
    member: string,
    after: string,
    upTo: string,
    _call?: CallOptions,
  ): Promise<string[]> {
    const from = afterMemberViolationsAt(member, after);
    const to = afterMemberViolationsAt(member, upTo);
    if (from > to) throw new KeyRangeValidationError('Invalid KeyConditionExpression: BETWEEN bounds reversed');
    return [...this.membersOf(groupId)]
      .filter(([key]) => key >= from && key <= to)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, time]) => time as string);
  }

  async claimLadderStep(claim: LadderClaim, _call?: CallOptions): Promise<LadderClaim> {
    const members = this.membersOf(claim.groupId);
    const key = ladderClaimSortKey(claim.member, claim.hits, claim.dryRun);
    const held = members.get(key) as LadderClaim | undefined;
    if (held && (held.eventId === claim.eventId || held.until > claim.claimedAt)) return copy(held);
    members.set(key, copy(claim));
    return copy(claim);
  }

  async ladderClaims(groupId: string, member: string, _call?: CallOptions): Promise<LadderClaim[]> {
    const prefix = ladderClaimsPrefix(member);
    return [...this.membersOf(groupId)]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, claim]) => copy(claim as LadderClaim));
  }

  private membersOf(groupId: string): Map<string, string | LadderClaim> {
    const members = this.members.get(groupId) ?? new Map<string, string | LadderClaim>();
    this.members.set(groupId, members);
    return members;
  }

  async listViolations(groupId: string, _call?: CallOptions): Promise<ViolationRecord[]> {
    return [...(this.violations.get(groupId) ?? [])]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, violation]) => copy(violation));
  }

  async violationTimes(groupId: string, after: string, upTo: string, _call?: CallOptions): Promise<string[]> {
    const from = afterViolationsAt(after);
    const to = afterViolationsAt(upTo);
    if (from > to)
      throw new KeyRangeValidationError(
        'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound',
      );
    return [...(this.violations.get(groupId) ?? [])]
      .filter(([key]) => key >= from && key <= to)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, violation]) => violation.time);
  }

  async countFailure(attempt: FailedAttempt, _call?: CallOptions): Promise<AttemptCount> {
    const stored = this.attempts.get(attempt.eventId);
    const current =
      stored && stored.messageId === attempt.messageId && stored.expiresAt > Date.parse(attempt.at) / 1000
        ? stored
        : undefined;
    if (current && current.lastReceive >= attempt.receive) return copy(current);
    const count: AttemptCount = current
      ? {
          ...current,
          failures: current.failures + 1,
          lastFailedAt: attempt.at,
          lastReceive: attempt.receive,
          expiresAt: attempt.expiresAt,
        }
      : {
          eventId: attempt.eventId,
          messageId: attempt.messageId,
          failures: 1,
          firstFailedAt: attempt.at,
          lastFailedAt: attempt.at,
          lastReceive: attempt.receive,
          expiresAt: attempt.expiresAt,
        };
    this.attempts.set(attempt.eventId, count);
    return copy(count);
  }

  async putSanction(sanction: SanctionRecord, _call?: CallOptions): Promise<void> {
    const group = this.sanctions.get(sanction.groupId) ?? new Map<string, SanctionRecord>();
    this.sanctions.set(sanction.groupId, group);
    const key = sanctionSortKey(sanction);
    if (!group.has(key)) group.set(key, copy(sanction));
  }

  async resolveSanction(key: SanctionKey, resolution: SanctionResolution, _call?: CallOptions): Promise<void> {
    const group = this.sanctions.get(key.groupId);
    const stored = group?.get(sanctionSortKey(key));
    if (stored?.status === SanctionStatus.Pending)
      group!.set(sanctionSortKey(key), { ...stored, status: resolution.status, resolution: copy(resolution) });
  }

  async eventSanctions(groupId: string, eventId: string, _call?: CallOptions): Promise<SanctionRecord[]> {
    return this.sanctionsUnder(groupId, eventSanctionsPrefix(eventId));
  }

  async listSanctions(groupId: string, _call?: CallOptions): Promise<SanctionRecord[]> {
    return this.sanctionsUnder(groupId, SANCTIONS_PREFIX);
  }

  async *appliedMuteSanctions(_call?: CallOptions): AsyncIterable<SanctionRecord> {
    for (const group of [...this.sanctions.values()])
      for (const sanction of [...group.values()])
        if (sanction.status === SanctionStatus.Applied && MUTE_STATE_KINDS.includes(sanction.kind))
          yield copy(sanction);
  }

  private sanctionsUnder(groupId: string, prefix: string): SanctionRecord[] {
    return [...(this.sanctions.get(groupId) ?? [])]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, sanction]) => copy(sanction))
      .sort(bySanctionOrder);
  }
}

function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
