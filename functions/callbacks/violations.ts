/**
 * Rule hits as `violation.reported` events of the queue contract. An event's id is derived from
 * the rule and the message (its id, or the callback id when it has none), so a retried callback,
 * the `chat` and `chat_offline` callbacks of one message, and the pre- and post-delivery
 * callbacks of one message all give the same event, which the queue and the ledger then count
 * once.
 */
import { createHash } from 'node:crypto';
import { EVENT_LIMITS, EVENT_VERSION, EventType, type ModerationEvent } from '../events/index.js';
import type { RuleHit } from '../rules/index.js';

export const CALLBACK_SOURCE = 'agora-callback';

/** `cb-<rule>-<40 hex digits of SHA-256 of the message key>`: within the contract's 128 characters. */
export function violationEventId(ruleName: string, messageKey: string): string {
  return `cb-${ruleName}-${createHash('sha256').update(messageKey, 'utf8').digest('hex').slice(0, 40)}`;
}

export interface ReportedMessage {
  groupId: string;
  messageKey: string;
  messageId?: string;
  callId: string;
  from: string;
  at: number;
}

export function violationEvent(hit: RuleHit, message: ReportedMessage): ModerationEvent {
  const which = message.messageId ? `message ${message.messageId}` : `callback ${message.callId}`;
  return {
    version: EVENT_VERSION,
    type: EventType.ViolationReported,
    id: violationEventId(hit.rule.name, message.messageKey),
    groupId: message.groupId,
    category: hit.rule.name,
    reason: `rule ${hit.rule.name} (${hit.why}) on ${which} from ${message.from}`.slice(0, 1000),
    source: CALLBACK_SOURCE,
    time: new Date(message.at).toISOString(),
    // Within the contract's bounds only: a field it would refuse is left out rather than lose the event.
    ...(message.from.length <= EVENT_LIMITS.senderLength && { sender: message.from }),
    ...(message.messageId &&
      message.messageId.length <= EVENT_LIMITS.messageIdLength && { messageId: message.messageId }),
  };
}
