/**
 * Continuation messages: a job that checkpointed before its Lambda deadline sends one to the jobs
 * queue, whose event source invokes the job's function again with it.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';

export const continuationSchema = z.strictObject({ job: z.string().min(1), checkpointKey: z.string().min(1) });
export type Continuation = z.output<typeof continuationSchema>;

export async function sendContinuation(sqs: SQSClient, queueUrl: string, continuation: Continuation): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(continuation) }));
}

/**
 * The continuations in an invocation's event: its SQS records' bodies, checked. `undefined` when
 * the event is not from SQS (a scheduled or on-demand start).
 * @throws {Error} naming the record, for a body that is not a continuation of one of `jobs`.
 */
export function continuationsIn(event: unknown, ...jobs: string[]): Continuation[] | undefined {
  const records = (event as { Records?: { eventSource?: string; body?: string; messageId?: string }[] } | null)?.Records;
  if (!Array.isArray(records) || !records.every((record) => record.eventSource === 'aws:sqs')) return undefined;
  return records.map((record) => {
    let body: unknown;
    try {
      body = JSON.parse(record.body ?? '');
    } catch {
      body = undefined;
    }
    const parsed = continuationSchema.safeParse(body);
    if (!parsed.success || !jobs.includes(parsed.data.job)) throw new Error(`message ${record.messageId} is not a continuation of ${jobs.join(' or ')}: ${record.body}`);
    return parsed.data;
  });
}
