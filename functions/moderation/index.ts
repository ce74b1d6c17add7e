/**
 * Moderation: the policy, the decision core and its effects, record handling (retry or park),
 * the ban scheduler port and its EventBridge adapter, and the SQS handler. Used by the local
 * stack, the infrastructure (policy schema, metric names) and the tests.
 */
export { banDuration, policySchema, type Policy } from './policy.js';
export { processEvent, type ProcessOptions } from './process-event.js';
export { type GroupSwitch, type ModerationContext } from './moderation-context.js';
export { banIdFor } from './bans.js';
export { EventIdConflictError } from './event-id-conflict.js';
export { describeOutcome, type Outcome } from './outcome.js';
export { processRecord, RetryLaterError, type RecordDependencies } from './process-record.js';
export { backoffVisibilitySeconds, DEFAULT_BACKOFF, dispositionOf, parkingReceive, type BackoffOptions, type Disposition } from './failure-disposition.js';
export { parkRecord, type Parking } from './dead-letter.js';
export { ATTEMPT_COUNT_RETENTION_SECONDS, budgetSpent, DEFAULT_RETRY_BUDGET, minReceiveCount, receivesToSpan, RETENTION_MARGIN_SECONDS, type RetryBudget, type RetryFacts } from './retry-budget.js';
export { EMPTY_BODY_PLACEHOLDER, ParkAttribute, ParkKind } from './parked-message.js';
export { type BanScheduler } from './ban-scheduler.js';
export { createScheduleInput, EventBridgeBanScheduler, scheduleNameFor, type DueExpiries, type EventBridgeBanSchedulerOptions } from './eventbridge-ban-scheduler.js';
export { moderationEnvSchema, moderationSettingsFromEnv, type ModerationSettings } from './moderation-env.js';
export { assembleModerationDependencies, moderationDependenciesFromEnv, moderationTelemetry, retryMetrics, type ModerationDependencies, type ModerationParts } from './dependencies.js';
export { createModerationHandler } from './handler.js';
export { MetricName, SERVICE_NAME } from './telemetry.js';
