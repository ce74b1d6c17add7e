import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { EVENT_VERSION, type ModerationEvent } from '../../functions/events/index.js';

type EventOf<T extends ModerationEvent['type']> = Extract<ModerationEvent, { type: T }>;
type Extra<T extends ModerationEvent['type']> = Omit<
  EventOf<T>,
  'version' | 'type' | 'groupId' | 'id' | 'reason' | 'source' | 'time'
> &
  Partial<Pick<ModerationEvent, 'id' | 'reason' | 'source' | 'time'>>;

/** A valid event of `type` for `groupId`; a fresh id and the current time unless given. */
export function moderationEvent<T extends ModerationEvent['type']>(
  type: T,
  groupId: string,
  extra?: Extra<T>,
): EventOf<T> {
  return {
    version: EVENT_VERSION,
    id: `test-${randomUUID()}`,
    reason: `test ${type}`,
    source: 'test-suite',
    time: new Date().toISOString(),
    type,
    groupId,
    ...extra,
  } as EventOf<T>;
}

/** The SQS record Lambda would hand the handler for `event`, received once, in its group's lane. */
export function sqsRecordFor(event: ModerationEvent, messageId: string, queueArn: string): SQSRecord {
  const now = String(Date.now());
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: JSON.stringify(event),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: now,
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: now,
      MessageGroupId: event.groupId,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
  };
}

/** A violation's explanation as the callbacks ingress sends it (a leet spelling of a banned term). */
export const EXAMPLE_EXPLANATION = {
  rule: 'banned-terms',
  ruleSet: 'rs-0123456789abcdef',
  start: 5,
  end: 11,
  excerpt: 'c4s1n0',
  matched: 'c4s1n0',
  transforms: ['leet'],
};

/** The members' ladder of the product's example policy (docs/events.md): recall, then mute for 600 s, then remove. */
export const EXAMPLE_LADDER = [
  { hits: 1, actions: ['recall'] },
  { hits: 2, actions: ['recall', { mute: 600 }] },
  { hits: 3, actions: ['recall', 'remove'] },
];
