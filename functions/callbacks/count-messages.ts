/**
 * The counting rules over the shared message counters (see the rules module's counting-rules.ts
 * for what each kind reads and when a rule reports). Counting a message is one write and one
 * read a kind; a rule over its threshold then claims its report for its window, and only the
 * message that wins the claim becomes the violation. The same message retried claims again and
 * gives the same event.
 */
import type { MessageCounters } from '../ledger/index.js';
import type { Abortable } from '../aws/index.js';
import {
  countingRead,
  floodCandidates,
  repeatCandidates,
  textKeyOf,
  type CompiledRuleSet,
  type CountingCandidate,
  type RuleHit,
} from '../rules/index.js';
import { violationEventId } from './violations.js';

/** Counted items outlive their window by this much before TTL may delete them. */
const EXPIRY_MARGIN_SECONDS = 60;

export interface CountedMessage {
  groupId: string;
  messageKey: string;
  from: string;
  at: number;
}

const expiryAfter = (at: number, windowMs: number) => Math.ceil((at + windowMs) / 1000) + EXPIRY_MARGIN_SECONDS;

async function countFlood(
  counters: MessageCounters,
  rules: CompiledRuleSet,
  message: CountedMessage,
  call?: Abortable,
): Promise<CountingCandidate[]> {
  if (rules.flood.length === 0) return [];
  const { windowMs, threshold } = countingRead(rules.flood);
  const times = await counters.countGroupMessage(
    {
      groupId: message.groupId,
      messageKey: message.messageKey,
      at: message.at,
      expiresAt: expiryAfter(message.at, windowMs),
    },
    { since: message.at - windowMs, limit: threshold },
    call,
  );
  return floodCandidates(rules.flood, times, message.at);
}

async function countRepeat(
  counters: MessageCounters,
  rules: CompiledRuleSet,
  message: CountedMessage,
  normalizedText: string | undefined,
  call?: Abortable,
): Promise<CountingCandidate[]> {
  if (rules.repeat.length === 0 || !normalizedText) return [];
  const { windowMs, threshold } = countingRead(rules.repeat);
  const textKey = textKeyOf(normalizedText);
  const times = await counters.countTextSender(
    {
      groupId: message.groupId,
      textKey,
      sender: message.from,
      at: message.at,
      expiresAt: expiryAfter(message.at, windowMs),
    },
    { since: message.at - windowMs, enough: threshold },
    call,
  );
  return repeatCandidates(rules.repeat, times, message.at, textKey);
}

/** The counting rules this message makes report. Counts the message as a side effect. */
export async function countingHits(
  counters: MessageCounters,
  rules: CompiledRuleSet,
  message: CountedMessage,
  normalizedText: string | undefined,
  call?: Abortable,
): Promise<RuleHit[]> {
  const candidates = (
    await Promise.all([
      countFlood(counters, rules, message, call),
      countRepeat(counters, rules, message, normalizedText, call),
    ])
  ).flat();
  const claimed = await Promise.all(
    candidates.map((candidate) =>
      counters.claimReport(
        {
          groupId: message.groupId,
          scope: candidate.scope,
          claimant: violationEventId(candidate.rule.name, message.messageKey),
          at: message.at,
          until: message.at + candidate.windowMs,
          expiresAt: expiryAfter(message.at, candidate.windowMs),
        },
        call,
      ),
    ),
  );
  return candidates.filter((_, index) => claimed[index]).map(({ rule, why }) => ({ rule, why }));
}
