/**
 * Wiring for the moderation handler: the Agora client, AWS clients, ledger, scheduler, logger
 * and metrics. Nothing here runs at import time; the Lambda builds it on its first invocation.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { AgoraChatClient, type AgoraChatClientOptions } from '../agora/client.js';
import { RateLimitError } from '../agora/errors.js';
import type { RetryEvent } from '../agora/transport.js';
import { agoraClientOptionsFromEnvironment } from '../shared/agora-secret.js';
import { dynamoClientFromEnv, sqsClientFromEnv } from '../shared/aws-clients.js';
import type { BanScheduler } from './ban-scheduler.js';
import { DynamoDbLedger } from '../ledger/dynamodb-ledger.js';
import { EventBridgeBanScheduler } from './eventbridge-ban-scheduler.js';
import type { Ledger } from '../ledger/ledger.js';
import { moderationSettingsFromEnv, type ModerationSettings } from './moderation-env.js';
import type { RecordDependencies } from './process-record.js';
import { DEFAULT_METRICS_NAMESPACE, MetricName, SERVICE_NAME } from './telemetry.js';

export interface ModerationDependencies extends RecordDependencies {
  queueUrl: string;
}

export interface ModerationParts {
  settings: ModerationSettings;
  groups: AgoraChatClient['groups'];
  sqs: SQSClient;
  ledger: Ledger;
  scheduler: BanScheduler;
  logger: Logger;
  metrics: Metrics;
}

export function createTelemetry(options: { namespace?: string | undefined; logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' } = {}) {
  return {
    logger: new Logger({ serviceName: SERVICE_NAME, ...(options.logLevel && { logLevel: options.logLevel }) }),
    metrics: new Metrics({ serviceName: SERVICE_NAME, namespace: options.namespace ?? DEFAULT_METRICS_NAMESPACE }),
  };
}

/** Counts the Agora client's retries, and its 429s apart, as metrics. */
export function retryMetrics(metrics: Metrics): (event: RetryEvent) => void {
  return (event) => {
    metrics.addMetric(MetricName.ApiRetries, MetricUnit.Count, 1);
    if (event.error instanceof RateLimitError) metrics.addMetric(MetricName.RateLimited, MetricUnit.Count, 1);
  };
}

export function assembleModerationDependencies(parts: ModerationParts): ModerationDependencies {
  const clock = () => new Date();
  return {
    queueUrl: parts.settings.queueUrl,
    moderation: { groups: parts.groups, ledger: parts.ledger, scheduler: parts.scheduler, policy: parts.settings.policy, clock },
    parking: { sqs: parts.sqs, deadLetterQueueUrl: parts.settings.deadLetterQueueUrl, clock },
    logger: parts.logger,
    metrics: parts.metrics,
    backoff: parts.settings.backoff,
  };
}

/**
 * Everything from `AGORA_*` (credentials possibly from `AGORA_SECRET_ARN`) and the moderation variables.
 * @throws {ConfigError} naming each bad variable.
 */
export async function moderationDependenciesFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ModerationDependencies> {
  const settings = moderationSettingsFromEnv(env);
  const agora: AgoraChatClientOptions = await agoraClientOptionsFromEnvironment(env);
  const { logger, metrics } = createTelemetry({ namespace: settings.metricsNamespace });
  const client = new AgoraChatClient({ ...agora, onRetry: retryMetrics(metrics) });
  const sqs = sqsClientFromEnv(env);
  return assembleModerationDependencies({
    settings,
    groups: client.groups,
    sqs,
    ledger: new DynamoDbLedger(dynamoClientFromEnv(env), settings.ledgerTableName),
    scheduler: new EventBridgeBanScheduler(new SchedulerClient({}), settings.banSchedule!),
    logger,
    metrics,
  });
}
