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
  type FailedAttempt,
  type GroupState,
  type Ledger,
  type ProcessedEvent,
  type ViolationRecord,
} from './ledger.js';
export { DynamoDbLedger, PROCESSED_RETENTION_SECONDS } from './dynamodb-ledger.js';
export { KeyRangeValidationError, MemoryLedger } from './memory-ledger.js';
export { type GroupMessage, type MessageCounters, type ReportClaim, type TextSender } from './message-counters.js';
export { COUNTER_KEY_PREFIXES, DynamoDbMessageCounters } from './dynamodb-message-counters.js';
export { MemoryMessageCounters } from './memory-message-counters.js';
export { ClaimOutcome, type CallbackClaim, type CallbackClaims } from './callback-claims.js';
export { CLAIM_KEY_PREFIX, DynamoDbCallbackClaims } from './dynamodb-callback-claims.js';
export { MemoryCallbackClaims } from './memory-callback-claims.js';
