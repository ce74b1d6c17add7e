/**
 * Timed bans end through a `ban.expire` event sent back into the group's FIFO lane when the ban
 * runs out. This port hides who sends it: EventBridge Scheduler in AWS
 * (`EventBridgeBanScheduler`), a timer in the local stack (`local/local-ban-scheduler.ts`).
 */
import { EVENT_VERSION, EventType, type ModerationEvent } from '../events/schema.js';

export type BanExpireEvent = Extract<ModerationEvent, { type: typeof EventType.BanExpire }>;

export interface BanExpiry {
  banId: string;
  groupId: string;
  /** ISO time the ban ends. */
  at: string;
}

export interface BanScheduler {
  /** Arranges for `expireEventFor(expiry)` to arrive at `expiry.at`; scheduling the same ban twice sends one event. */
  scheduleExpiry(expiry: BanExpiry): Promise<void>;
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
