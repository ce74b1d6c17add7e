import { randomUUID } from 'node:crypto';
import { EVENT_VERSION, type ModerationEvent } from '../../functions/moderation/events.js';

type EventOf<T extends ModerationEvent['type']> = Extract<ModerationEvent, { type: T }>;
type Extra<T extends ModerationEvent['type']> = Omit<EventOf<T>, 'version' | 'type' | 'groupId' | 'id' | 'reason' | 'source' | 'time'> &
  Partial<Pick<ModerationEvent, 'id' | 'reason' | 'source' | 'time'>>;

/** A valid event of `type` for `groupId`; a fresh id and the current time unless given. */
export function moderationEvent<T extends ModerationEvent['type']>(type: T, groupId: string, extra?: Extra<T>): EventOf<T> {
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
