/**
 * The `ban.expire` event that ends a timed ban. Whoever sends it at the ban's end (EventBridge
 * Scheduler in AWS, a timer in the local stack) sends exactly this body, into the group's lane.
 */
import { createHash } from 'node:crypto';
import { EVENT_LIMITS } from './limits.js';
import { EVENT_VERSION, EventType, type ModerationEvent } from './schema.js';

export type BanExpireEvent = Extract<ModerationEvent, { type: typeof EventType.BanExpire }>;

/** A timed ban's end: which ban, of which group, and when. */
export interface BanExpiry {
  banId: string;
  groupId: string;
  /** ISO time the ban ends. */
  at: string;
}

export const BAN_SCHEDULER_SOURCE = 'ban-scheduler';

/**
 * The expiry's event id, derived from the ban so a resend is deduplicated. A ban id too long for
 * an event id is replaced by its digest: cutting it short could give two bans the same expiry id.
 */
function expireIdFor(banId: string): string {
  const plain = `expire-${banId}`;
  return plain.length <= EVENT_LIMITS.idLength && /^[\w.:-]+$/.test(plain) ? plain : `expire-${createHash('sha256').update(banId).digest('hex')}`;
}

/** The event that ends a ban. */
export function expireEventFor(expiry: BanExpiry): BanExpireEvent {
  return {
    version: EVENT_VERSION,
    id: expireIdFor(expiry.banId),
    type: EventType.BanExpire,
    groupId: expiry.groupId,
    banId: expiry.banId,
    reason: `timed ban ${expiry.banId} ends`,
    source: BAN_SCHEDULER_SOURCE,
    time: expiry.at,
  };
}
