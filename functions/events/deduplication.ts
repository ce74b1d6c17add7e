/**
 * How an event travels on the FIFO queue: one body and one deduplication id for every producer.
 * The deduplication id is the SHA-256 (hex) of the body, and the body says everything the event
 * says, its id included: a resend of the same event is dropped by the queue, and an id reused for
 * another event is not (it reaches the handler, which parks it as `invalid-event`). It is exactly
 * what SQS's content-based deduplication computes for the same body, so EventBridge Scheduler,
 * which sends a ban's expiry with no deduplication id, deduplicates the same way.
 */
import { createHash } from 'node:crypto';
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
 * SHA-256 (hex) of `eventBody`: 64 characters of `0-9a-f`, within what SQS accepts as a
 * `MessageDeduplicationId` (up to 128 alphanumerics and punctuation).
 */
export function deduplicationIdFor(event: ModerationEvent): string {
  return sha256Hex(eventBody(event));
}

const sha256Hex = (body: string) => createHash('sha256').update(body).digest('hex');

/** The message that carries `event`: its body, its group's lane, its deduplication id. */
export function eventMessage(event: ModerationEvent): EventMessage {
  const body = eventBody(event);
  return { MessageBody: body, MessageGroupId: event.groupId, MessageDeduplicationId: sha256Hex(body) };
}
