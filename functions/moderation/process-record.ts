/**
 * One SQS record through the moderation pipeline: parse, process, and on failure either park it
 * (acknowledged, kept in the DLQ with the reason) or hand it back for a retry with a backoff.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import type { CallOptions } from '../agora/index.js';
import { parseModerationEvent } from '../events/index.js';
import { ParkKind, parkRecord, type Parking } from './dead-letter.js';
import { backoffVisibilitySeconds, dispositionOf, type BackoffOptions } from './failure-disposition.js';
import { describeOutcome, type Outcome } from './outcome.js';
import { processEvent, type ModerationContext } from './process-event.js';
import { MetricName } from './telemetry.js';

export interface RecordDependencies {
  moderation: ModerationContext;
  parking: Parking;
  logger: Logger;
  metrics: Metrics;
  backoff: BackoffOptions;
}

/** Thrown for a record to retry; carries the visibility the handler sets on it. */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(readonly visibilitySeconds: number, reason: string, options?: ErrorOptions) {
    super(`retry in ${visibilitySeconds} s: ${reason}`, options);
  }
}

const OUTCOME_METRIC: Record<Outcome['kind'], string> = {
  disabled: MetricName.GroupsDisabled,
  enabled: MetricName.GroupsEnabled,
  counted: MetricName.ViolationsCounted,
  unchanged: MetricName.EventsUnchanged,
  duplicate: MetricName.DuplicateEvents,
};

/**
 * Resolves when the record is done (processed or parked); rejects with `RetryLaterError` when
 * it should come back later.
 */
export async function processRecord(deps: RecordDependencies, record: SQSRecord, call: CallOptions): Promise<void> {
  const { metrics } = deps;
  const parsed = parseModerationEvent(record.body);
  const messageGroupId = record.attributes.MessageGroupId;
  const groupMismatch = parsed.ok && messageGroupId !== undefined && messageGroupId !== parsed.event.groupId;
  if (!parsed.ok || groupMismatch) {
    const reason = parsed.ok
      ? `message group ${messageGroupId} does not match the event's groupId ${parsed.event.groupId}: its order with the group's other events is not guaranteed`
      : parsed.reason;
    await park(deps, deps.logger, record, ParkKind.InvalidEvent, reason, call);
    return;
  }

  const event = parsed.event;
  // A child per record: its keys cannot leak into another invocation's lines (the local poller
  // runs several at once on one logger).
  const logger = deps.logger.createChild();
  logger.appendKeys({ eventId: event.id, groupId: event.groupId, eventType: event.type });
  try {
    const outcome = await processEvent(deps.moderation, event, call);
    metrics.addMetric(OUTCOME_METRIC[outcome.kind], MetricUnit.Count, 1);
    logger.info(describeOutcome(outcome), { outcome, dryRun: deps.moderation.policy.dryRun });
  } catch (error) {
    const disposition = dispositionOf(error);
    if (disposition.action === 'park') {
      await park(deps, logger, record, ParkKind.PermanentFailure, disposition.reason, call);
      return;
    }
    const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
    const visibilitySeconds = backoffVisibilitySeconds(receiveCount, deps.backoff);
    metrics.addMetric(MetricName.EventsRetried, MetricUnit.Count, 1);
    logger.warn('event failed; it will be retried', { reason: disposition.reason, receiveCount, visibilitySeconds });
    throw new RetryLaterError(visibilitySeconds, disposition.reason, { cause: error });
  } finally {
    const sentAt = Number(record.attributes.SentTimestamp);
    if (sentAt) metrics.addMetric(MetricName.ProcessingLatency, MetricUnit.Milliseconds, Date.now() - sentAt);
  }
}

async function park(deps: RecordDependencies, logger: Logger, record: SQSRecord, kind: ParkKind, reason: string, call: CallOptions): Promise<void> {
  await parkRecord(deps.parking, record, kind, reason, call);
  deps.metrics.addMetric(MetricName.EventsRejected, MetricUnit.Count, 1);
  logger.error('event parked in the dead-letter queue', { messageId: record.messageId, messageGroupId: record.attributes.MessageGroupId, kind, reason });
}
