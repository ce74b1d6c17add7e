/**
 * Parks a record the handler can never process: the original body goes to the DLQ with why,
 * and the record is then acknowledged. If the DLQ cannot be written, the error propagates and
 * the record stays on the queue: nothing is dropped.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { sdkOptions, type Abortable } from '../aws/index.js';

export const ParkKind = {
  /** The body is not a valid moderation event. */
  InvalidEvent: 'invalid-event',
  /** A valid event no retry can carry out: unknown group, 4xx, spent quota. */
  PermanentFailure: 'permanent-failure',
} as const;
export type ParkKind = (typeof ParkKind)[keyof typeof ParkKind];

/** Message attributes on a parked message, for operators and redrive tooling. */
export const ParkAttribute = {
  Kind: 'failure-kind',
  Reason: 'failure-reason',
  SourceMessageId: 'source-message-id',
  ReceiveCount: 'receive-count',
  ParkedAt: 'parked-at',
} as const;

// Message attribute values have no small limit, but a reason longer than this is noise.
const MAX_REASON_LENGTH = 2000;
// Records without a group id (not from a FIFO queue) still need one on the FIFO DLQ.
const FALLBACK_GROUP_ID = 'no-message-group';

export interface Parking {
  sqs: SQSClient;
  deadLetterQueueUrl: string;
  clock: () => Date;
}

export async function parkRecord(parking: Parking, record: SQSRecord, kind: ParkKind, reason: string, call?: Abortable): Promise<void> {
  const text = (value: string) => ({ DataType: 'String', StringValue: value });
  await parking.sqs.send(
    new SendMessageCommand({
      QueueUrl: parking.deadLetterQueueUrl,
      MessageBody: record.body,
      MessageGroupId: record.attributes.MessageGroupId ?? FALLBACK_GROUP_ID,
      // The source message id: parking the same delivery twice leaves one copy.
      MessageDeduplicationId: record.messageId,
      MessageAttributes: {
        [ParkAttribute.Kind]: text(kind),
        [ParkAttribute.Reason]: text(reason.slice(0, MAX_REASON_LENGTH)),
        [ParkAttribute.SourceMessageId]: text(record.messageId),
        [ParkAttribute.ReceiveCount]: { DataType: 'Number', StringValue: record.attributes.ApproximateReceiveCount },
        [ParkAttribute.ParkedAt]: text(parking.clock().toISOString()),
      },
    }),
    sdkOptions(call),
  );
}
