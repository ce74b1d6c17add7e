/**
 * The moderation Lambda: SQS FIFO batches in, partial batch failures out. Records run in order per
 * message group (`skipGroupOnError`), and every failed record gets its group's backoff so the
 * group comes back together: see docs/architecture.md#order and docs/architecture.md#retries.
 *
 * `handler` builds its dependencies from the environment on the first invocation;
 * `createModerationHandler` takes them ready-made (the local stack, the tests).
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { ChangeMessageVisibilityBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { lambdaHandler, lazyHandler, type Invocation } from '../../lambda/index.js';
import { sdkOptions } from '../../aws/index.js';
import { moderationDependenciesFromEnv, type ModerationDependencies } from './dependencies.js';
import { RetryLaterError } from './errors.js';
import { backoffVisibilitySeconds } from './failure-disposition.js';
import { staffReadOncePerBatch } from './batch-staff.js';
import { MuteCoalescer, type HeldFailure } from './mute-coalescer.js';
import { processRecord } from './process-record.js';
import { recordFacts, type RecordFacts } from './record-facts.js';
import { MetricName } from './telemetry.js';

export function createModerationHandler(deps: ModerationDependencies) {
  const handleBatch = async (event: SQSEvent, invocation: Invocation): Promise<SQSBatchResponse> => {
    const call = { signal: invocation.signal, deadline: invocation.deadline };
    const backoffByGroup = new Map<string, number>();
    const batch = {
      ...deps,
      interpreter: { ...deps.interpreter, moderation: staffReadOncePerBatch(deps.interpreter.moderation) },
    };
    const coalescer = new MuteCoalescer(batch.interpreter, call);
    const recordHandler = async (record: SQSRecord) => {
      try {
        await processRecord(batch, record, call, coalescer);
      } catch (error) {
        if (error instanceof RetryLaterError) {
          const group = recordFacts(record).groupId ?? '';
          backoffByGroup.set(group, Math.max(backoffByGroup.get(group) ?? 0, error.visibilitySeconds));
        }
        throw error;
      }
    };
    // A processor holds one batch's state: one per invocation, as the local poller runs several at once.
    const processor = new SqsFifoPartialProcessorAsync();
    const processed = await processPartialResponse(event, recordHandler, processor, {
      context: invocation.context,
      skipGroupOnError: true,
      // Report every record as failed rather than fail the invocation: same redelivery, no error alarm.
      throwOnFullBatchFailure: false,
    });
    // A new response: the processor's may be shared between batches, and is never changed here.
    const response = withHeldFailures(deps, event.Records, processed, await coalescer.flushAll(), backoffByGroup);
    const failed = failedRecords(event.Records, response);
    countRedrivenWithoutReason(deps, failed);
    await applyBackoff(deps, failed, backoffByGroup, invocation.finalSignal);
    return response;
  };
  return lambdaHandler(handleBatch, deps);
}

/**
 * The records whose held mutes could not be sent fail, and so does every record after them in
 * their group (as `skipGroupOnError` fails a group after its first failure): their sanctions are
 * pending and their markers unwritten, so the redelivery finishes them; records already done are
 * duplicates then.
 */
function withHeldFailures(
  deps: ModerationDependencies,
  records: SQSRecord[],
  processed: SQSBatchResponse,
  held: HeldFailure[],
  backoffByGroup: Map<string, number>,
): SQSBatchResponse {
  const response = { batchItemFailures: [...processed.batchItemFailures] };
  if (held.length === 0) return response;
  const failedMessages = new Set(held.flatMap((failure) => (failure.messageId ? [failure.messageId] : [])));
  const failing = new Set<string>();
  for (const record of records) {
    const facts = recordFacts(record);
    const group = facts.groupId ?? '';
    if (failedMessages.has(facts.messageId) || failing.has(group)) {
      failing.add(group);
      if (!response.batchItemFailures.some((failure) => failure.itemIdentifier === facts.messageId))
        response.batchItemFailures.push({ itemIdentifier: facts.messageId });
      const visibility = backoffVisibilitySeconds(facts.receiveCount, deps.backoff);
      backoffByGroup.set(group, Math.max(backoffByGroup.get(group) ?? 0, visibility));
    }
  }
  deps.metrics.addMetric(MetricName.EventsRetried, MetricUnit.Count, held.length);
  deps.logger.warn('the mutes held for a batch could not be sent; their events will be retried', {
    events: held.map((failure) => failure.eventId),
    error: String(held[0]!.error),
  });
  return response;
}

interface FailedRecord {
  receiptHandle: string | undefined;
  facts: RecordFacts;
}

function failedRecords(records: SQSRecord[], response: SQSBatchResponse): FailedRecord[] {
  const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
  return records
    .map((record) => ({ receiptHandle: record.receiptHandle, facts: recordFacts(record) }))
    .filter(({ facts }) => failed.has(facts.messageId));
}

/** Failed records on their last receive: the queue's redrive moves them without a reason. */
function countRedrivenWithoutReason(deps: ModerationDependencies, failed: FailedRecord[]): void {
  const last = failed.filter(({ facts }) => facts.receiveCount >= deps.maxReceiveCount);
  if (last.length === 0) return;
  deps.metrics.addMetric(MetricName.RedrivenWithoutReason, MetricUnit.Count, last.length);
  deps.logger.error(
    'records failed on their last receive: the queue moves them to the dead-letter queue without a reason',
    {
      messageIds: last.map(({ facts }) => facts.messageId),
    },
  );
}

/**
 * Sets the visibility of each failed record to its group's backoff. It runs after the deadline
 * if need be (in the margin left for reporting). A failure here is only logged: the records then
 * come back after the queue's own visibility timeout.
 */
async function applyBackoff(
  deps: ModerationDependencies,
  failed: FailedRecord[],
  backoffByGroup: Map<string, number>,
  signal: AbortSignal,
) {
  const entries = failed.flatMap(({ receiptHandle, facts }, index) => {
    const visibility = backoffByGroup.get(facts.groupId ?? '');
    return visibility === undefined || receiptHandle === undefined
      ? []
      : [{ Id: String(index), ReceiptHandle: receiptHandle, VisibilityTimeout: visibility }];
  });
  for (let start = 0; start < entries.length; start += 10) {
    try {
      const result = await deps.parking.sqs.send(
        new ChangeMessageVisibilityBatchCommand({ QueueUrl: deps.queueUrl, Entries: entries.slice(start, start + 10) }),
        sdkOptions({ signal }),
      );
      if (result.Failed?.length)
        deps.logger.warn('could not set the retry backoff of some records', { failed: result.Failed });
    } catch (error) {
      deps.logger.warn('could not set the retry backoff', { error: error as Error });
    }
  }
}

/** The Lambda entry point (`handler` in CDK). */
export const handler = lazyHandler(async () => createModerationHandler(await moderationDependenciesFromEnv()));
