/**
 * The moderation Lambda: SQS FIFO batches in, partial batch failures out.
 *
 * Records are processed in order with Powertools' `SqsFifoPartialProcessorAsync`; with
 * `skipGroupOnError`, a record that must be retried fails the rest of its message group (so the
 * group's order holds) while other groups go on. Every failed record gets the backoff its group
 * earned as its visibility, so the whole group comes back together.
 *
 * `handler` builds its dependencies from the environment on the first invocation;
 * `createModerationHandler` takes them ready-made (the local stack, the tests).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { ChangeMessageVisibilityBatchCommand } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { moderationDependenciesFromEnv, type ModerationDependencies } from './dependencies.js';
import { processRecord, RetryLaterError } from './process-record.js';

/** Calls stop this long before the Lambda's deadline, leaving time to report the batch. */
const DEADLINE_MARGIN_MS = 3_000;

export function createModerationHandler(deps: ModerationDependencies) {
  const handleBatch = async (event: SQSEvent, context: Context, { signal }: { signal: AbortSignal }): Promise<SQSBatchResponse> => {
    const deadline = Date.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS;
    const backoffByGroup = new Map<string, number>();
    const recordHandler = async (record: SQSRecord) => {
      try {
        await processRecord(deps, record, { signal, deadline });
      } catch (error) {
        if (error instanceof RetryLaterError) {
          const group = record.attributes.MessageGroupId ?? '';
          backoffByGroup.set(group, Math.max(backoffByGroup.get(group) ?? 0, error.visibilitySeconds));
        }
        throw error;
      }
    };
    // A processor holds one batch's state: one per invocation, as the local poller runs several at once.
    const processor = new SqsFifoPartialProcessorAsync();
    const response = await processPartialResponse(event, recordHandler, processor, {
      context,
      skipGroupOnError: true,
      // Report every record as failed rather than fail the invocation: same redelivery, no error alarm.
      throwOnFullBatchFailure: false,
    });
    await applyBackoff(deps, event.Records, response, backoffByGroup);
    return response;
  };

  return middy(handleBatch, { timeoutEarlyInMillis: 500 })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics));
}

/**
 * Sets the visibility of each failed record to its group's backoff. A failure here is only
 * logged: the records then come back after the queue's own visibility timeout.
 */
async function applyBackoff(deps: ModerationDependencies, records: SQSRecord[], response: SQSBatchResponse, backoffByGroup: Map<string, number>) {
  const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
  const entries = records
    .filter((record) => failed.has(record.messageId) && backoffByGroup.has(record.attributes.MessageGroupId ?? ''))
    .map((record, index) => ({
      Id: String(index),
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: backoffByGroup.get(record.attributes.MessageGroupId ?? '')!,
    }));
  for (let start = 0; start < entries.length; start += 10) {
    try {
      const result = await deps.parking.sqs.send(
        new ChangeMessageVisibilityBatchCommand({ QueueUrl: deps.queueUrl, Entries: entries.slice(start, start + 10) }),
      );
      if (result.Failed?.length) deps.logger.warn('could not set the retry backoff of some records', { failed: result.Failed });
    } catch (error) {
      deps.logger.warn('could not set the retry backoff', { error: error as Error });
    }
  }
}

let fromEnvironment: Promise<ReturnType<typeof createModerationHandler>> | undefined;

/** The Lambda entry point (`handler` in CDK): dependencies are built once per container. */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  fromEnvironment ??= moderationDependenciesFromEnv().then(createModerationHandler);
  const handle = await fromEnvironment;
  return handle(event, context);
}
