/**
 * `flood` and `repeat` rules over the shared message counters. Each kind costs one count (see the
 * adapter for its writes) and one read per message whatever the number of its rules: the read
 * covers the widest window and the largest threshold of the kind, and each rule counts its own
 * window in what came back.
 *
 * A rule over its threshold reports once per window: the first message to claim the report
 * (`claimReport`) becomes the violation; the rest of the window's messages do not, and the same
 * message retried claims again and gives the same event.
 */
import { createHash } from 'node:crypto';
import type { MessageCounters } from '../ledger/index.js';
import type { Abortable } from '../aws/index.js';
import type { FloodRule, RepeatRule } from './rules-schema.js';
import type { CompiledRuleSet, RuleHit } from './rule-set.js';
import { violationEventId } from './violations.js';

/** Counted items outlive their window by this much before TTL may delete them. */
const EXPIRY_MARGIN_SECONDS = 60;

export interface CountedMessage {
  groupId: string;
  messageKey: string;
  from: string;
  at: number;
}

const widest = (rules: (FloodRule | RepeatRule)[]) => Math.max(...rules.map((rule) => ('flood' in rule ? rule.flood.windowSeconds : rule.repeat.windowSeconds))) * 1000;
const expiryAfter = (at: number, windowMs: number) => Math.ceil((at + windowMs) / 1000) + EXPIRY_MARGIN_SECONDS;
const countSince = (times: number[], since: number) => times.filter((time) => time > since).length;

/** The digest a text is counted under for `repeat`: equal normalised texts, equal keys. */
export function textKeyOf(normalizedText: string): string {
  return createHash('sha256').update(normalizedText, 'utf8').digest('hex').slice(0, 32);
}

async function floodCandidates(counters: MessageCounters, rules: FloodRule[], message: CountedMessage, call?: Abortable) {
  if (rules.length === 0) return [];
  const windowMs = widest(rules);
  const times = await counters.countGroupMessage(
    { groupId: message.groupId, messageKey: message.messageKey, at: message.at, expiresAt: expiryAfter(message.at, windowMs) },
    { since: message.at - windowMs, limit: Math.max(...rules.map((rule) => rule.flood.messages)) },
    call,
  );
  return rules.flatMap((rule) => {
    const count = countSince(times, message.at - rule.flood.windowSeconds * 1000);
    return count >= rule.flood.messages ? [{ rule, scope: rule.name, windowMs: rule.flood.windowSeconds * 1000, why: `${count} messages in the group within ${rule.flood.windowSeconds} s` }] : [];
  });
}

async function repeatCandidates(counters: MessageCounters, rules: RepeatRule[], message: CountedMessage, normalizedText: string | undefined, call?: Abortable) {
  if (rules.length === 0 || !normalizedText) return [];
  const windowMs = widest(rules);
  const textKey = textKeyOf(normalizedText);
  const times = await counters.countTextSender(
    { groupId: message.groupId, textKey, sender: message.from, at: message.at, expiresAt: expiryAfter(message.at, windowMs) },
    { since: message.at - windowMs, enough: Math.max(...rules.map((rule) => rule.repeat.senders)) },
    call,
  );
  return rules.flatMap((rule) => {
    const count = countSince(times, message.at - rule.repeat.windowSeconds * 1000);
    return count >= rule.repeat.senders
      ? [{ rule, scope: `${rule.name}#${textKey}`, windowMs: rule.repeat.windowSeconds * 1000, why: `the same text from ${count} senders within ${rule.repeat.windowSeconds} s` }]
      : [];
  });
}

/** The counting rules this message makes report. Counts the message as a side effect. */
export async function countingHits(counters: MessageCounters, rules: CompiledRuleSet, message: CountedMessage, normalizedText: string | undefined, call?: Abortable): Promise<RuleHit[]> {
  const candidates = (await Promise.all([floodCandidates(counters, rules.flood, message, call), repeatCandidates(counters, rules.repeat, message, normalizedText, call)])).flat();
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
