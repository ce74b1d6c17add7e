import { createHash } from 'node:crypto';
import type { ModerationEvent } from './schema.js';

/**
 * SHA-256 (hex) of what an event says, whatever the field order, the whitespace or how its time is
 * written (`...Z` or `...+00:00`): a resend of the same event has the same digest, and an event id
 * reused for a different event does not.
 */
export function eventDigest(event: ModerationEvent): string {
  const fields = Object.entries(event)
    .map(([key, value]): [string, unknown] => [key, key === 'time' ? new Date(value as string).toISOString() : value])
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
