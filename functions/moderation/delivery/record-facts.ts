import type { SQSRecord } from 'aws-lambda';

/** What the handler reads from an SQS record, read so that a malformed record cannot throw. */
export interface RecordFacts {
  messageId: string;
  /** `undefined` for a record without a (string) body. */
  body: string | undefined;
  /** The FIFO message group; `undefined` when the record has none. */
  groupId: string | undefined;
  /** Receives so far, this one included (1 when the record does not say). */
  receiveCount: number;
  /** When the message reached the queue, epoch ms, if the record says. */
  sentAt: number | undefined;
}

/**
 * The facts of a record as Lambda hands it over, or of one a replay tool or a test built by hand:
 * `attributes` or `body` may be missing, and nothing here assumes otherwise.
 */
export function recordFacts(record: SQSRecord): RecordFacts {
  const attributes = (record.attributes ?? {}) as Partial<SQSRecord['attributes']>;
  const receiveCount = Number(attributes.ApproximateReceiveCount);
  const sentAt = Number(attributes.SentTimestamp);
  return {
    messageId: typeof record.messageId === 'string' ? record.messageId : '',
    body: typeof record.body === 'string' ? record.body : undefined,
    groupId: typeof attributes.MessageGroupId === 'string' ? attributes.MessageGroupId : undefined,
    receiveCount: Number.isInteger(receiveCount) && receiveCount >= 1 ? receiveCount : 1,
    sentAt: sentAt > 0 ? sentAt : undefined,
  };
}
