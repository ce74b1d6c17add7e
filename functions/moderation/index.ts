/**
 * Moderation: the decision (`decision/`, pure: an event and its group's facts to a plan) and its
 * delivery (`delivery/`: the SQS handler, the interpreter of plans, retry or park, the DLQ, the
 * ban scheduler port and its EventBridge adapter). This face is what the local stack and the
 * infrastructure use (the policy schema, metric names, the handler's parts); tests reach the files.
 */
export { banIdFor, policySchema } from './decision/index.js';
export { type BanScheduler, type MemberModeration } from './delivery/interpreter-dependencies.js';
export { agoraModeration } from './delivery/agora-moderation.js';
export {
  backoffVisibilitySeconds,
  DEFAULT_BACKOFF,
  parkingReceive,
  type BackoffOptions,
} from './delivery/failure-disposition.js';
export { DEFAULT_RETRY_BUDGET, minReceiveCount, RETENTION_MARGIN_SECONDS } from './delivery/retry-budget.js';
export { ParkAttribute } from './delivery/parked-message.js';
export { assembleModerationDependencies, moderationTelemetry, retryMetrics } from './delivery/dependencies.js';
export { createModerationHandler } from './delivery/handler.js';
export { MetricName, SERVICE_NAME } from './delivery/telemetry.js';
