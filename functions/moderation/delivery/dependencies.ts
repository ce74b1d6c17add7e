/**
 * Wiring for the moderation handler: the Agora client, AWS clients, ledger, scheduler, logger
 * and metrics. Nothing here runs at import time; the Lambda builds it on its first invocation.
 */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { AgoraChatClient, RateLimitError, type RetryEvent } from '../../agora/index.js';
import { createTelemetry, lambdaSettingsFromEnv, type Telemetry } from '../../lambda/index.js';
import { DynamoDbLedger, type Ledger } from '../../ledger/index.js';
import { agoraClientOptionsWithSecret, dynamoClientFromEnv, sqsClientFromEnv } from '../../aws/index.js';
import type { Parking } from './dead-letter.js';
import type { BackoffOptions } from './failure-disposition.js';
import type {
  BanScheduler,
  GroupSwitch,
  InterpreterDependencies,
  MemberModeration,
} from './interpreter-dependencies.js';
import { agoraModeration } from './agora-moderation.js';
import { EventBridgeBanScheduler } from './eventbridge-ban-scheduler.js';
import { moderationSettingsFromEnv, type ModerationSettings } from './moderation-env.js';
import type { RetryBudget } from './retry-budget.js';
import { MetricName, SERVICE_NAME } from './telemetry.js';

/** What the moderation handler works with, and its record handling with it. */
export interface ModerationDependencies extends Telemetry {
  /** What the interpreter of plans works with. */
  interpreter: InterpreterDependencies;
  parking: Parking;
  backoff: BackoffOptions;
  /** The queue's `maxReceiveCount`: SQS moves a record received more often to the DLQ, without a reason. */
  maxReceiveCount: number;
  /** How long a failing event is retried. */
  budget: RetryBudget;
  /** The moderation queue, whose records' visibility the handler sets. */
  queueUrl: string;
  /** Outbound calls stop this long before the Lambda's end. */
  deadlineMarginMs: number;
}

/** The moderation function's logger and metrics. */
export function moderationTelemetry(
  options: {
    namespace?: string | undefined;
    logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' | undefined;
  } = {},
): Telemetry {
  return createTelemetry({ serviceName: SERVICE_NAME, ...options });
}

/** Counts the Agora client's retries, and its 429s apart, as metrics. */
export function retryMetrics(metrics: Metrics): (event: RetryEvent) => void {
  return (event) => {
    metrics.addMetric(MetricName.ApiRetries, MetricUnit.Count, 1);
    if (event.error instanceof RateLimitError) metrics.addMetric(MetricName.RateLimited, MetricUnit.Count, 1);
  };
}

/** The handler's dependencies from its settings and the clients it calls (the Lambda's, the local stack's, a test's). */
export function assembleModerationDependencies(
  parts: Telemetry & {
    settings: ModerationSettings;
    groups: GroupSwitch;
    moderation: MemberModeration;
    sqs: SQSClient;
    ledger: Ledger;
    scheduler: BanScheduler;
    deadlineMarginMs: number;
  },
): ModerationDependencies {
  const clock = () => new Date();
  return {
    queueUrl: parts.settings.queueUrl,
    deadlineMarginMs: parts.deadlineMarginMs,
    interpreter: {
      groups: parts.groups,
      moderation: parts.moderation,
      ledger: parts.ledger,
      scheduler: parts.scheduler,
      policy: parts.settings.policy,
      clock,
      clockSkewSeconds: parts.settings.clockSkewSeconds,
    },
    parking: { sqs: parts.sqs, deadLetterQueueUrl: parts.settings.deadLetterQueueUrl, clock },
    logger: parts.logger,
    metrics: parts.metrics,
    backoff: parts.settings.backoff,
    maxReceiveCount: parts.settings.maxReceiveCount,
    budget: parts.settings.budget,
  };
}

/**
 * Everything from `AGORA_*` (credentials possibly from `AGORA_SECRET_ARN`), the moderation and the Lambda variables.
 * @throws {ConfigError} naming each bad variable.
 */
export async function moderationDependenciesFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Promise<ModerationDependencies> {
  const settings = moderationSettingsFromEnv(env);
  const lambda = lambdaSettingsFromEnv(env);
  const agora = await agoraClientOptionsWithSecret(env);
  const telemetry = moderationTelemetry({ namespace: lambda.metricsNamespace });
  const client = new AgoraChatClient({ ...agora, onRetry: retryMetrics(telemetry.metrics) });
  const sqs = sqsClientFromEnv(env);
  return assembleModerationDependencies({
    settings,
    groups: client.groups,
    moderation: agoraModeration(client),
    sqs,
    ledger: new DynamoDbLedger(dynamoClientFromEnv(env), settings.ledgerTableName),
    scheduler: new EventBridgeBanScheduler(new SchedulerClient({}), settings.banSchedule!, {
      sqs,
      queueUrl: settings.queueUrl,
    }),
    deadlineMarginMs: lambda.deadlineMarginMs,
    ...telemetry,
  });
}
