/**
 * Moderation: the policy, the decision core and its effects, record handling (retry or park),
 * the ban scheduler port and its EventBridge adapter, and the SQS handler. Used by the local
 * stack, the infrastructure (policy schema, metric names) and the tests.
 */
export { banDuration, policySchema, type Policy } from './decision/policy.js';
export { processEvent, type ProcessOptions } from './delivery/process-event.js';
export { type GroupSwitch, type ModerationContext } from './delivery/moderation-context.js';
export { banIdFor } from './decision/bans.js';
export { EventIdConflictError } from './decision/event-id-conflict.js';
export { describeOutcome, type Outcome } from './decision/outcome.js';
export { processRecord, RetryLaterError, type RecordDependencies } from './delivery/process-record.js';
export { backoffVisibilitySeconds, DEFAULT_BACKOFF, dispositionOf, parkingReceive, type BackoffOptions, type Disposition } from './delivery/failure-disposition.js';
export { parkRecord, type Parking } from './delivery/dead-letter.js';
export { ATTEMPT_COUNT_RETENTION_SECONDS, budgetSpent, DEFAULT_RETRY_BUDGET, minReceiveCount, receivesToSpan, RETENTION_MARGIN_SECONDS, type RetryBudget, type RetryFacts } from './delivery/retry-budget.js';
export { EMPTY_BODY_PLACEHOLDER, ParkAttribute, ParkKind } from './delivery/parked-message.js';
export { type BanScheduler } from './delivery/ban-scheduler.js';
export { createScheduleInput, EventBridgeBanScheduler, scheduleNameFor, type DueExpiries, type EventBridgeBanSchedulerOptions } from './delivery/eventbridge-ban-scheduler.js';
export { moderationEnvSchema, moderationSettingsFromEnv, type ModerationSettings } from './delivery/moderation-env.js';
export { assembleModerationDependencies, moderationDependenciesFromEnv, moderationTelemetry, retryMetrics, type ModerationDependencies, type ModerationParts } from './delivery/dependencies.js';
export { createModerationHandler } from './delivery/handler.js';
export { MetricName, SERVICE_NAME } from './delivery/telemetry.js';
