/**
 * What an event means: from the event, the facts about its group, the policy and the time, a
 * `Plan` (or an `Ask` for the facts it needs first). Pure: the interpreter gathers and runs.
 */
import { eventDigest, EventType, timedEventDigest, type ModerationEvent } from '../../events/index.js';
import { enableGroup, enforceBan, expireBan, imposeBan } from './bans.js';
import { EventIdConflictError } from './errors.js';
import { plan, type Decision, type DecisionContext, type Facts } from './plan.js';
import { muteGroup, recallMessage, sanctionMembers, unmuteGroup } from './sanctions.js';
import { violationReported } from './violation-reported.js';

/**
 * The decision for `event`. An event whose id was processed before is a duplicate, and plans
 * nothing (the interpreter writes no marker for it).
 * @throws {EventIdConflictError} when the event's id was processed for a different event.
 */
export function decide(context: DecisionContext, event: ModerationEvent, facts: Facts): Decision {
  const previous = facts.processed;
  if (previous) {
    // Markers written before digests were kept carry none, and those written before the time was
    // left out of the digest carry the timed one: both count as the same event.
    if (previous.digest !== undefined) {
      const digest = eventDigest(event);
      if (previous.digest !== digest && previous.digest !== timedEventDigest(event))
        throw new EventIdConflictError(event.id, previous, event, digest);
    }
    return plan(event.groupId, { kind: 'duplicate', previously: previous.outcome });
  }
  switch (event.type) {
    case EventType.ThresholdReached:
    case EventType.Disable:
      return imposeBan(context, event, facts, { duration: event.duration });
    case EventType.ViolationReported:
      return violationReported(context, event, facts);
    case EventType.Enable:
      return enableGroup(context, event, facts);
    case EventType.BanExpire:
      return expireBan(context, event, facts);
    case EventType.BanEnforce:
      return enforceBan(context, event, facts);
    case EventType.MemberMute:
    case EventType.MemberUnmute:
    case EventType.MemberRemove:
    case EventType.MemberBlock:
    case EventType.MemberUnblock:
      return sanctionMembers(context, event, facts);
    case EventType.GroupMuteAll:
      return muteGroup(context, event, facts);
    case EventType.GroupUnmuteAll:
      return unmuteGroup(context, event, facts);
    case EventType.MessageRecall:
      return recallMessage(context, event, facts);
  }
}
