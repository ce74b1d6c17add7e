/**
 * Rule hits as `violation.reported` events of the queue contract. An event's id is derived from
 * the rule and the message (its id, or the callback id when it has none), so a retried callback,
 * the `chat` and `chat_offline` callbacks of one message, and the pre- and post-delivery
 * callbacks of one message all give the same event, which the queue and the ledger then count
 * once.
 */
import { createHash } from 'node:crypto';
import {
  EVENT_LIMITS,
  EVENT_VERSION,
  EventType,
  type ModerationEvent,
  type ViolationExplanation,
} from '../events/index.js';
import { describeExplanation, type RuleHit } from '../rules/index.js';

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

/**
 * The hit's explanation as the event carries it: every field within the contract's bounds (a
 * field past one is left out rather than lose the event). A counting rule's hit has the rule and
 * the rule set's version only.
 */
function explanationOf(hit: RuleHit, ruleSet: string): ViolationExplanation {
  const explanation: ViolationExplanation = {
    rule: hit.rule.name,
    ruleSet: ruleSet.slice(0, EVENT_LIMITS.ruleSetLength),
  };
  const content = hit.explanation;
  if (!content) return explanation;
  if (content.start !== undefined && content.end! <= EVENT_LIMITS.maxOffset) {
    explanation.start = content.start;
    explanation.end = content.end!;
    if (content.excerpt!.length <= EVENT_LIMITS.excerptLength) explanation.excerpt = content.excerpt!;
  }
  if (content.matched.length <= EVENT_LIMITS.excerptLength) explanation.matched = content.matched;
  explanation.transforms = content.transforms.slice(0, EVENT_LIMITS.maxTransforms);
  return explanation;
}

/** The event of a hit on a message, judged by the rule set of version `ruleSet`. */
export function violationEvent(hit: RuleHit, message: ReportedMessage, ruleSet: string): ModerationEvent {
  const which = message.messageId ? `message ${message.messageId}` : `callback ${message.callId}`;
  const how = hit.explanation ? `: ${describeExplanation(hit.explanation)}` : '';
  return {
    version: EVENT_VERSION,
    type: EventType.ViolationReported,
    id: violationEventId(hit.rule.name, message.messageKey),
    groupId: message.groupId,
    category: hit.rule.name,
    reason: `rule ${hit.rule.name} (${hit.why}) on ${which} from ${message.from}${how}; rule set ${ruleSet}`.slice(
      0,
      EVENT_LIMITS.reasonLength,
    ),
    source: CALLBACK_SOURCE,
    time: new Date(message.at).toISOString(),
    // Within the contract's bounds only: a field it would refuse is left out rather than lose the event.
    ...(message.from.length <= EVENT_LIMITS.senderLength && { sender: message.from }),
    ...(message.messageId &&
      message.messageId.length <= EVENT_LIMITS.messageIdLength && { messageId: message.messageId }),
    explanation: explanationOf(hit, ruleSet),
  };
}
