/**
 * The ledger: bans, violations being counted and processed events, behind one port with two
 * adapters (DynamoDB for the functions and the local stack, memory for the unit tests).
 */
export {
  BanStatus,
  LedgerConflictError,
  type BanEnding,
  type BanRecord,
  type EndedBanStatus,
  type GroupState,
  type Ledger,
  type ProcessedEvent,
  type ViolationRecord,
} from './ledger.js';
export { DynamoDbLedger, PROCESSED_RETENTION_SECONDS } from './dynamodb-ledger.js';
export { KeyRangeValidationError, MemoryLedger } from './memory-ledger.js';
