/**
 * The `ban.expire` event that ends a timed ban. Whoever sends it at the ban's end (EventBridge
 * Scheduler in AWS, a timer in the local stack) sends exactly this body, into the group's lane.
 */
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

/** The event that ends a ban; its id is derived from the ban, so a resend is deduplicated. */
export function expireEventFor(expiry: BanExpiry): BanExpireEvent {
  return {
    version: EVENT_VERSION,
    id: `expire-${expiry.banId}`.slice(0, 128),
    type: EventType.BanExpire,
    groupId: expiry.groupId,
    banId: expiry.banId,
    reason: `timed ban ${expiry.banId} ends`,
    source: BAN_SCHEDULER_SOURCE,
    time: expiry.at,
  };
}
