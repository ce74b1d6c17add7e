/**
 * The ledger: every ban the automation imposed or lifted, the violations it is counting, and the
 * events it has finished. The moderation logic talks to this port; `DynamoDbLedger` is the
 * adapter the Lambda and the local stack use, `MemoryLedger` the one of the unit tests.
 *
 * Every write is idempotent on its key (event id, ban id), so a redelivered event that crashed
 * half-way through finishes its work without doing any of it twice.
 */
import type { BanDuration } from '../events/index.js';
import type { Abortable } from '../aws/index.js';

export const BanStatus = { Active: 'active', Lifted: 'lifted', Replaced: 'replaced' } as const;
export type BanStatus = (typeof BanStatus)[keyof typeof BanStatus];

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

/** Per group: which ban is in force and when the violation counter last crossed the threshold. */
export interface GroupState {
  groupId: string;
  activeBanId?: string;
  /** Violations at or before this time were already counted towards a ban. */
  lastCrossingAt?: string;
  /** Start times of the group's bans within the escalation window, oldest first. */
  recentBans?: string[];
  /** Optimistic-concurrency version; 0 before the first write. */
  version: number;
}

export interface ViolationRecord {
  eventId: string;
  groupId: string;
  time: string;
  category?: string;
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
}

/** Every method takes the caller's abort signal last (a Lambda's deadline). */
export interface Ledger {
  getProcessed(eventId: string, call?: Abortable): Promise<ProcessedEvent | undefined>;
  /** Written last, once the event's effects are all in place. */
  markProcessed(record: ProcessedEvent, call?: Abortable): Promise<void>;
  getGroupState(groupId: string, call?: Abortable): Promise<GroupState>;
  /** @throws {LedgerConflictError} when the stored version is not `state.version`. */
  saveGroupState(state: GroupState, call?: Abortable): Promise<void>;
  getBan(groupId: string, banId: string, call?: Abortable): Promise<BanRecord | undefined>;
  /** Stores a new ban; storing the same ban id again changes nothing. */
  putBan(ban: BanRecord, call?: Abortable): Promise<void>;
  /** Ends an active ban; ending one that has already ended changes nothing. */
  endBan(groupId: string, banId: string, status: Exclude<BanStatus, 'active'>, ending: BanEnding, call?: Abortable): Promise<void>;
  /** Bans of a group, oldest first. */
  listBans(groupId: string, call?: Abortable): Promise<BanRecord[]>;
  /** Every ban in force, of every group (for audits; bans in force are few next to groups). */
  activeBans(call?: Abortable): AsyncIterable<BanRecord>;
  /** Stores a violation; storing the same event again changes nothing. */
  recordViolation(violation: ViolationRecord, call?: Abortable): Promise<void>;
  /** Violations with `after < time <= upTo`. */
  countViolations(groupId: string, after: string, upTo: string, call?: Abortable): Promise<number>;
}

/** Another writer changed a group's state in between: retrying the event re-reads it. */
export class LedgerConflictError extends Error {
  override name = 'LedgerConflictError';
  constructor(readonly groupId: string, readonly expectedVersion: number, options?: ErrorOptions) {
    super(`group ${groupId} changed in the ledger while being processed (expected version ${expectedVersion})`, options);
  }
}
