/**
 * Parks a record the handler will not process: its body goes to the DLQ with why (see
 * `parked-message.ts` for what is sent), and the record is then acknowledged. If the DLQ cannot
 * be written, the error propagates and the record stays on the queue: nothing is dropped.
 */
import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CallOptions } from '../../agora/index.js';
import { sdkOptions } from '../../aws/index.js';
import { parkedMessage, type ParkKind } from './parked-message.js';
import type { RecordFacts } from './record-facts.js';

// Records without a group id (not from a FIFO queue) still need one on the FIFO DLQ.
const FALLBACK_GROUP_ID = 'no-message-group';

export interface Parking {
  sqs: SQSClient;
  deadLetterQueueUrl: string;
  clock: () => Date;
}

export async function parkRecord(
  parking: Parking,
  record: RecordFacts,
  kind: ParkKind,
  reason: string,
  call?: CallOptions,
): Promise<void> {
  const message = parkedMessage({
    body: record.body,
    kind,
    reason,
    sourceMessageId: record.messageId,
    receiveCount: record.receiveCount,
    parkedAt: parking.clock(),
  });
  await parking.sqs.send(
    new SendMessageCommand({
      QueueUrl: parking.deadLetterQueueUrl,
      MessageBody: message.body,
      MessageAttributes: message.attributes,
      MessageGroupId: record.groupId ?? FALLBACK_GROUP_ID,
      // The source message id: parking the same delivery twice leaves one copy.
      MessageDeduplicationId: record.messageId || createHash('sha256').update(message.body).digest('hex'),
    }),
    sdkOptions(call),
  );
}
