/**
 * Continuation messages: a run that checkpointed before its Lambda deadline sends one to the jobs
 * queue, whose event source invokes the job's function again with it.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { sdkOptions } from '../aws/index.js';
import type { CallOptions } from '../agora/index.js';

export const continuationSchema = z.strictObject({ job: z.string().min(1), checkpointKey: z.string().min(1) });
export type Continuation = z.output<typeof continuationSchema>;

/** Where a checkpointed run asks for its next invocation. */
export interface ContinuationQueue {
  send(continuation: Continuation, call?: CallOptions): Promise<void>;
}

/** The jobs queue on SQS. */
export class SqsContinuationQueue implements ContinuationQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(continuation: Continuation, call?: CallOptions): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(continuation) }),
      sdkOptions(call),
    );
  }
}

/**
 * The continuations in an invocation's event: its SQS records' bodies, checked. `undefined` when
 * the event is not from SQS (a scheduled or on-demand start).
 * @throws {Error} naming the record, for a body that is not a continuation of one of `jobs`.
 */
export function continuationsIn(event: unknown, jobs: readonly string[]): Continuation[] | undefined {
  const records = (event as { Records?: { eventSource?: string; body?: string; messageId?: string }[] } | null)
    ?.Records;
  if (!Array.isArray(records) || !records.every((record) => record.eventSource === 'aws:sqs')) return undefined;
  return records.map((record) => {
    let body: unknown;
    try {
      body = JSON.parse(record.body ?? '');
    } catch {
      body = undefined;
    }
    const parsed = continuationSchema.safeParse(body);
    if (!parsed.success || !jobs.includes(parsed.data.job))
      throw new Error(`message ${record.messageId} is not a continuation of ${jobs.join(' or ')}: ${record.body}`);
    return parsed.data;
  });
}
