/**
 * How an event travels on the FIFO queue: one body and one deduplication id for every producer.
 * The deduplication id is the event's digest (`eventDigest`: its id and everything it says but
 * the time it was seen): a resend of the same event is dropped by the queue, and an id reused for
 * another event is not (it reaches the handler, which parks it as `invalid-event`). EventBridge
 * Scheduler sets no deduplication id: the queue's content-based deduplication (the SHA-256 of the
 * body) drops its retries of a ban's expiry, and the handler's processed marker anything else.
 */
import { eventDigest } from './digest.js';
import type { ModerationEvent } from './schema.js';

/** An SQS message as every producer sends it: the event's body, its group's lane and its deduplication id. */
export interface EventMessage {
  MessageBody: string;
  MessageGroupId: string;
  MessageDeduplicationId: string;
}

/**
 * The event's body on the queue: its fields in one order (by name) and its time as
 * `toISOString` writes it, so the same event written differently (field order, `+00:00` for `Z`)
 * is the same body, and so has the same deduplication id.
 */
export function eventBody(event: ModerationEvent): string {
  const fields = Object.entries(event)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]): [string, unknown] => [key, key === 'time' ? new Date(value as string).toISOString() : value]);
  return JSON.stringify(Object.fromEntries(fields));
}

/**
 * `eventDigest`: 64 characters of `0-9a-f`, within what SQS accepts as a `MessageDeduplicationId`
 * (up to 128 alphanumerics and punctuation).
 */
export const deduplicationIdFor = (event: ModerationEvent): string => eventDigest(event);

/** The message that carries `event`: its body, its group's lane, its deduplication id. */
export function eventMessage(event: ModerationEvent): EventMessage {
  return {
    MessageBody: eventBody(event),
    MessageGroupId: event.groupId,
    MessageDeduplicationId: deduplicationIdFor(event),
  };
}
