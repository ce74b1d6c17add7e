/**
 * One SQS record through the moderation pipeline: processed, parked with its reason, or handed
 * back for a retry with the backoff of the event's own failures while its retry budget lasts.
 * See docs/architecture.md#retries.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import type { CallOptions } from '../../agora/index.js';
import { parseModerationEvent, type ModerationEvent, type ParsedEvent } from '../../events/index.js';
import type { AttemptCount } from '../../ledger/index.js';
import { parkRecord } from './dead-letter.js';
import type { ModerationDependencies } from './dependencies.js';
import { backoffVisibilitySeconds, dispositionOf } from './failure-disposition.js';
import { RetryLaterError } from './errors.js';
import { describeOutcome, type Outcome } from '../decision/index.js';
import { ParkKind } from './parked-message.js';
import type { MuteCoalescer } from './mute-coalescer.js';
import { processEvent } from './process-event.js';
import { recordFacts, type RecordFacts } from './record-facts.js';
import { ATTEMPT_COUNT_RETENTION_SECONDS, budgetSpent } from './retry-budget.js';
import { MetricName } from './telemetry.js';

const OUTCOME_METRIC: Record<Outcome['kind'], string> = {
  disabled: MetricName.GroupsDisabled,
  enabled: MetricName.GroupsEnabled,
  counted: MetricName.ViolationsCounted,
  unchanged: MetricName.EventsUnchanged,
  sanctioned: MetricName.SanctionsDecided,
  gone: MetricName.GroupsGone,
  duplicate: MetricName.DuplicateEvents,
};

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

function parse(deps: ModerationDependencies, record: RecordFacts): ParsedEvent {
  if (record.body === undefined) return { ok: false, reason: 'the record has no body' };
  const parsed = parseModerationEvent(record.body, {
    now: deps.interpreter.clock(),
    clockSkewSeconds: deps.interpreter.clockSkewSeconds,
  });
  if (parsed.ok && record.groupId !== undefined && record.groupId !== parsed.event.groupId) {
    return {
      ok: false,
      reason: `message group ${record.groupId} does not match the event's groupId ${parsed.event.groupId}: its order with the group's other events is not guaranteed`,
    };
  }
  return parsed;
}

/**
 * Resolves when the record is done (processed or parked); rejects with `RetryLaterError` when
 * it should come back later.
 */
export async function processRecord(
  deps: ModerationDependencies,
  sqsRecord: SQSRecord,
  call: CallOptions,
  coalescer?: MuteCoalescer,
): Promise<void> {
  const { metrics } = deps;
  const record = recordFacts(sqsRecord);
  const parsed = parse(deps, record);
  if (!parsed.ok) {
    await park(deps, deps.logger, record, ParkKind.InvalidEvent, parsed.reason, call);
    return;
  }

  const event = parsed.event;
  // A child per record: its keys cannot leak into another invocation's lines (the local poller
  // runs several at once on one logger).
  const logger = deps.logger.createChild();
  logger.appendKeys({ eventId: event.id, groupId: event.groupId, eventType: event.type });
  try {
    const redelivered = record.receiveCount > 1;
    coalescer?.carries(event.id, record.messageId);
    // A redelivery is sent on its own: what failed in company is tried alone, and parked alone if it must be.
    const outcome = await processEvent(deps.interpreter, event, call, {
      redelivered,
      ...(coalescer && !redelivered && { coalescer }),
    });
    metrics.addMetric(OUTCOME_METRIC[outcome.kind], MetricUnit.Count, 1);
    // A gone group's bans were ended without Agora's say: worth a look, not an alarm.
    const log = outcome.kind === 'gone' ? logger.warn.bind(logger) : logger.info.bind(logger);
    log(describeOutcome(outcome), { outcome, dryRun: deps.interpreter.policy.dryRun });
  } catch (error) {
    const disposition = dispositionOf(error);
    if (disposition.action === 'park') {
      await park(deps, logger, record, disposition.kind, disposition.reason, call);
      return;
    }
    const attempts = await countFailure(deps, logger, record, event, call);
    const visibilitySeconds = backoffVisibilitySeconds(attempts?.failures ?? record.receiveCount, deps.backoff);
    const facts = {
      receiveCount: record.receiveCount,
      maxReceiveCount: deps.maxReceiveCount,
      attempts,
      sentAt: record.sentAt,
      now: deps.interpreter.clock().getTime(),
      visibilitySeconds,
    };
    const spent = budgetSpent(deps.budget, facts);
    if (spent) await park(deps, logger, record, ParkKind.RetriesExhausted, `${spent}: ${disposition.reason}`, call);
    else throw retryLater(deps, logger, record, disposition.reason, error, visibilitySeconds, attempts);
  } finally {
    if (record.sentAt)
      metrics.addMetric(MetricName.ProcessingLatency, MetricUnit.Milliseconds, Date.now() - record.sentAt);
  }
}

/** Counts the failed attempt in the ledger; `undefined` when it cannot (the failure may be the ledger's own), and the receive count stands in. */
async function countFailure(
  deps: ModerationDependencies,
  logger: Logger,
  record: RecordFacts,
  event: ModerationEvent,
  call: CallOptions,
): Promise<AttemptCount | undefined> {
  const now = deps.interpreter.clock();
  try {
    return await deps.interpreter.ledger.countFailure(
      {
        eventId: event.id,
        messageId: record.messageId,
        receive: record.receiveCount,
        at: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + ATTEMPT_COUNT_RETENTION_SECONDS,
      },
      call,
    );
  } catch (error) {
    logger.warn('could not count the failed attempt; its receive count stands in', { error: describeError(error) });
    return undefined;
  }
}

function retryLater(
  deps: ModerationDependencies,
  logger: Logger,
  record: RecordFacts,
  reason: string,
  cause: unknown,
  visibilitySeconds = backoffVisibilitySeconds(record.receiveCount, deps.backoff),
  attempts?: AttemptCount,
): RetryLaterError {
  deps.metrics.addMetric(MetricName.EventsRetried, MetricUnit.Count, 1);
  logger.warn('event failed; it will be retried', {
    reason,
    receiveCount: record.receiveCount,
    ownFailures: attempts?.failures,
    visibilitySeconds,
  });
  return new RetryLaterError(visibilitySeconds, reason, { cause });
}

async function park(
  deps: ModerationDependencies,
  logger: Logger,
  record: RecordFacts,
  kind: ParkKind,
  reason: string,
  call: CallOptions,
): Promise<void> {
  try {
    await parkRecord(deps.parking, record, kind, reason, call);
  } catch (error) {
    throw retryLater(deps, logger, record, `could not park it (${kind}: ${reason}): ${describeError(error)}`, error);
  }
  deps.metrics.addMetric(MetricName.EventsRejected, MetricUnit.Count, 1);
  logger.error('event parked in the dead-letter queue', {
    messageId: record.messageId,
    messageGroupId: record.groupId,
    kind,
    reason,
  });
}
