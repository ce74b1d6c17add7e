import { createHash } from 'node:crypto';
import type { ModerationEvent } from './schema.js';

/**
 * The event's fields as `[name, value]` pairs, sorted by name, its time as `toISOString` writes it.
 * By code unit, not `localeCompare`: the first call of that loads ICU's collator (some 8 ms of a
 * pre-delivery cold start), and for the schema's field names both give the same order, which the
 * digests stored in markers depend on (pinned by a test).
 */
const byName = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
const sortedFields = (event: ModerationEvent) =>
  Object.entries(event)
    .map(([key, value]): [string, unknown] => [key, key === 'time' ? new Date(value as string).toISOString() : value])
    .sort(byName);

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * SHA-256 (hex) of what an event says: every field but its `time`, whatever the field order or
 * the whitespace. The time is when its producer saw the event, not part of what it says: the
 * `chat_offline` copy of a callback message, the pre- and post-delivery callbacks of one message
 * (stamped when each was sent), and an operator's resend with the same `--id` are each the same
 * event. An id reused for an event that says anything else (another group, type, reason or
 * duration) has another digest. 64 characters of `0-9a-f`.
 */
export function eventDigest(event: ModerationEvent): string {
  return sha256Hex(JSON.stringify(sortedFields(event).filter(([key]) => key !== 'time')));
}

/**
 * The digest processed markers held before the time was left out of it: a marker that holds
 * this one is of the same event too (a redelivery of an event processed before the change).
 */
export function timedEventDigest(event: ModerationEvent): string {
  return sha256Hex(JSON.stringify(sortedFields(event)));
}
