/**
 * Moderation: the decision (`decision/`, pure: an event and its group's facts to a plan) and its
 * delivery (`delivery/`: the SQS handler, the interpreter of plans, retry or park, the DLQ, the
 * ban scheduler port and its EventBridge adapter). Used by the local stack, the infrastructure
 * (policy schema, metric names) and the tests.
 */
export { banDuration, banIdFor, describeOutcome, EventIdConflictError, policySchema, type Outcome, type Policy } from './decision/index.js';
export { processEvent, type ProcessOptions } from './delivery/process-event.js';
export { type BanScheduler, type GroupSwitch, type ModerationContext } from './delivery/moderation-context.js';
export { processRecord, type RecordDependencies } from './delivery/process-record.js';
export { RetryLaterError } from './delivery/errors.js';
export { backoffVisibilitySeconds, DEFAULT_BACKOFF, dispositionOf, parkingReceive, type BackoffOptions, type Disposition } from './delivery/failure-disposition.js';
export { parkRecord, type Parking } from './delivery/dead-letter.js';
export { ATTEMPT_COUNT_RETENTION_SECONDS, budgetSpent, DEFAULT_RETRY_BUDGET, minReceiveCount, receivesToSpan, RETENTION_MARGIN_SECONDS, type RetryBudget, type RetryFacts } from './delivery/retry-budget.js';
export { EMPTY_BODY_PLACEHOLDER, ParkAttribute, ParkKind } from './delivery/parked-message.js';
export { createScheduleInput, EventBridgeBanScheduler, scheduleNameFor, type DueExpiries, type EventBridgeBanSchedulerOptions } from './delivery/eventbridge-ban-scheduler.js';
export { moderationEnvSchema, moderationSettingsFromEnv, type ModerationSettings } from './delivery/moderation-env.js';
export { assembleModerationDependencies, moderationDependenciesFromEnv, moderationTelemetry, retryMetrics, type ModerationDependencies, type ModerationParts } from './delivery/dependencies.js';
export { createModerationHandler } from './delivery/handler.js';
export { MetricName, SERVICE_NAME } from './delivery/telemetry.js';
