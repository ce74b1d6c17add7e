/**
 * Plays Lambda's SQS event source mapping for the local stack: receives batches of up to 10,
 * invokes the handler with a Lambda-shaped event and context, deletes the records that did not
 * fail, and leaves failed ones to come back when their visibility ends (or to be moved to the
 * DLQ by the queue's redrive policy).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type {
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSMessageAttributes,
  SQSRecord,
  SQSRecordAttributes,
} from 'aws-lambda';
import { lambdaContext } from './lambda-context.js';

export type BatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface SqsPollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: BatchHandler;
  /** Records per invocation, 1–10. @default 10 */
  batchSize?: number;
  /** Invocations in flight at once, as the mapping's maximum concurrency. @default 5 */
  concurrency?: number;
  /** The function timeout each invocation gets. @default 30000 */
  timeoutMs?: number;
  /** Long-poll wait per receive, in seconds. @default 1 */
  waitTimeSeconds?: number;
  onError?: (error: unknown) => void;
}

export interface PollerStats {
  invocations: number;
  received: number;
  deleted: number;
  failed: number;
  /** Invocations that threw (all their records stay on the queue). */
  invocationErrors: number;
}

export class SqsPoller {
  readonly stats: PollerStats = { invocations: 0, received: 0, deleted: 0, failed: 0, invocationErrors: 0 };
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly abort = new AbortController();

  constructor(private readonly options: SqsPollerOptions) {
    const batchSize = options.batchSize ?? 10;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10)
      throw new RangeError(`batchSize must be 1–10, got ${batchSize}`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency ?? 5 }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce();
      } catch (error) {
        if (!this.running) return;
        this.options.onError?.(error);
        await sleep(500);
      }
    }
  }

  private async pollOnce(): Promise<void> {
    const { sqs, queueUrl } = this.options;
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: this.options.batchSize ?? 10,
        WaitTimeSeconds: this.options.waitTimeSeconds ?? 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return;
    this.stats.received += messages.length;
    this.stats.invocations += 1;

    const records = messages.map((message) => this.toRecord(message));
    let failedIds: Set<string>;
    try {
      const response = await this.options.handler(
        { Records: records },
        lambdaContext('moderation-local', this.options.timeoutMs ?? 30_000),
      );
      failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      this.stats.invocationErrors += 1;
      this.options.onError?.(error);
      failedIds = new Set(records.map((record) => record.messageId));
    }
    this.stats.failed += failedIds.size;

    const done = messages.filter((message) => !failedIds.has(message.MessageId!));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
        }),
      );
      this.stats.deleted += done.length;
    }
  }

  private toRecord(message: Message): SQSRecord {
    const messageAttributes: SQSMessageAttributes = {};
    for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
      messageAttributes[name] = {
        dataType: value.DataType!,
        ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
      };
    }
    return {
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body ?? '',
      attributes: (message.Attributes ?? {}) as unknown as SQSRecordAttributes,
      messageAttributes,
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn,
      awsRegion: this.options.queueArn.split(':')[3] ?? 'us-east-1',
    };
  }
}
