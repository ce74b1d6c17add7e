/**
 * The ledger: bans, violations being counted and processed events, behind one port with two
 * adapters (DynamoDB for the functions and the local stack, memory for the unit tests); and in
 * the same table, the message counters of the callbacks' counting rules and the claims of the
 * callbacks accepted, likewise.
 */
export {
  BanStatus,
  LedgerConflictError,
  type AttemptCount,
  type BanEnding,
  type BanRecord,
  type EndedBanStatus,
  type GroupState,
  type Ledger,
  type ProcessedEvent,
  type ViolationRecord,
} from './ledger.js';
export {
  SanctionKind,
  SanctionStatus,
  type SanctionCause,
  type SanctionKey,
  type SanctionRecord,
  type SanctionResolution,
} from './sanctions.js';
export { claimHolds, LADDER_CLAIM_GRACE_SECONDS, type LadderClaim, type SenderViolation } from './ladder.js';
export { DynamoDbLedger } from './dynamodb-ledger.js';
export { MemoryLedger } from './memory-ledger.js';
export { type MessageCounters } from './message-counters.js';
export { COUNTER_KEY_PREFIXES, DynamoDbMessageCounters } from './dynamodb-message-counters.js';
export { MemoryMessageCounters } from './memory-message-counters.js';
export { ClaimOutcome, type CallbackClaims } from './callback-claims.js';
export { CLAIM_KEY_PREFIX, DynamoDbCallbackClaims } from './dynamodb-callback-claims.js';
export { MemoryCallbackClaims } from './memory-callback-claims.js';
