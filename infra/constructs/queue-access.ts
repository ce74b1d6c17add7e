import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { EventSourceMapping, IDestination, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

/**
 * Queue permissions granted action by action. The CDK's queue grants add actions nothing here
 * calls (`grantSendMessages` adds `sqs:GetQueueAttributes` and `sqs:GetQueueUrl`; the SQS event
 * source adds `sqs:ChangeMessageVisibility` and `sqs:GetQueueUrl` to every consumer), so each
 * role gets exactly what its code or its event source mapping uses.
 */

/** `sqs:SendMessage` (which also covers `SendMessageBatch`) on one queue. */
export function grantSendMessage(queue: IQueue, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
  );
}

export interface ConsumeQueueOptions {
  batchSize: number;
  /** The mapping's maximum concurrency (2 to 1000). */
  maxConcurrency: number;
  reportBatchItemFailures?: boolean;
}

/**
 * The function's one SQS event source, with the three actions Lambda's poller needs on the queue
 * (`ReceiveMessage`, `DeleteMessage`, `GetQueueAttributes`) in the function's default policy,
 * which the function, and so the mapping, is created after.
 */
export function consumeQueue(fn: IFunction, queue: IQueue, options: ConsumeQueueOptions): EventSourceMapping {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      resources: [queue.queueArn],
    }),
  );
  return fn.addEventSourceMapping('Queue', {
    eventSourceArn: queue.queueArn,
    batchSize: options.batchSize,
    maxConcurrency: options.maxConcurrency,
    reportBatchItemFailures: options.reportBatchItemFailures ?? false,
  });
}

/**
 * A queue as the on-failure destination of asynchronous invocations: Lambda sends the failed
 * event with the function's role, which needs `sqs:SendMessage` only.
 */
export function queueDestination(queue: IQueue): IDestination {
  return {
    bind: (_scope, fn) => {
      grantSendMessage(queue, fn);
      return { destination: queue.queueArn };
    },
  };
}
