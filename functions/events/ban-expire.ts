/**
 * The `ban.expire` event that ends a timed ban, and the `group.unmute_all` that ends a timed
 * mute of the whole group (Agora's mute-all has no duration of its own). Whoever sends it at the
 * end (EventBridge Scheduler in AWS, a timer in the local stack) sends exactly this body, into
 * the group's lane.
 */
import { createHash } from 'node:crypto';
import { EVENT_LIMITS } from './limits.js';
import { EVENT_VERSION, EventType, type ModerationEvent } from './schema.js';

export type BanExpireEvent = Extract<ModerationEvent, { type: typeof EventType.BanExpire }>;
export type GroupUnmuteEvent = Extract<ModerationEvent, { type: typeof EventType.GroupUnmuteAll }>;

/** A timed ban's end: which ban (or, with `ends: 'group-mute'`, which mute of the whole group), of which group, and when. */
export interface BanExpiry {
  banId: string;
  groupId: string;
  /** ISO time the ban ends. */
  at: string;
  /** What ends: a ban (the default), or the group's mute named by `banId`. */
  ends?: 'group-mute';
}

export const BAN_SCHEDULER_SOURCE = 'ban-scheduler';

/**
 * The expiry's event id, derived from the ban so a resend is deduplicated. A ban id too long for
 * an event id is replaced by its digest: cutting it short could give two bans the same expiry id.
 */
function expireIdFor(banId: string, prefix = 'expire'): string {
  const plain = `${prefix}-${banId}`;
  return plain.length <= EVENT_LIMITS.idLength && /^[\w.:-]+$/.test(plain)
    ? plain
    : `${prefix}-${createHash('sha256').update(banId).digest('hex')}`;
}

/** The event that ends a ban, or a timed mute of the group. */
export function expireEventFor(expiry: BanExpiry & { ends?: undefined }): BanExpireEvent;
export function expireEventFor(expiry: BanExpiry): BanExpireEvent | GroupUnmuteEvent;
export function expireEventFor(expiry: BanExpiry): BanExpireEvent | GroupUnmuteEvent {
  if (expiry.ends === 'group-mute') {
    return {
      version: EVENT_VERSION,
      id: expireIdFor(expiry.banId, 'unmute'),
      type: EventType.GroupUnmuteAll,
      groupId: expiry.groupId,
      muteId: expiry.banId,
      reason: `timed group mute ${expiry.banId} ends`,
      source: BAN_SCHEDULER_SOURCE,
      time: expiry.at,
    };
  }
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
