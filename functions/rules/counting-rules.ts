/**
 * `flood` and `repeat` rules: what each kind must count, and which rules the counts make report.
 * Each kind costs one count and one read per message whatever the number of its rules: the read
 * covers the widest window and the largest threshold of the kind, and each rule counts its own
 * window in what came back.
 *
 * A rule over its threshold reports once per window: the first message to claim the report in
 * its scope (the rule, and for `repeat` the text) becomes the violation; the rest of the window's
 * messages do not. The counting and the claim are the caller's (the callbacks ingress, over the
 * shared counters); this file only says what to read and what the times read back mean.
 */
import { createHash } from 'node:crypto';
import type { FloodRule, RepeatRule } from './rules-schema.js';
import { matchFormOf } from './text-folds.js';
import type { RuleHit } from './rule-set.js';

/** What one kind of counting rules needs read back: the times within `windowMs` before a message, up to `threshold` of them. */
export interface CountingRead {
  windowMs: number;
  threshold: number;
}

/** A counting rule over its threshold: it reports if it wins the claim of its `scope` for `windowMs`. */
export interface CountingCandidate extends RuleHit {
  rule: FloodRule | RepeatRule;
  scope: string;
  windowMs: number;
}

const windowOf = (rule: FloodRule | RepeatRule) =>
  ('flood' in rule ? rule.flood.windowSeconds : rule.repeat.windowSeconds) * 1000;
const countSince = (times: number[], since: number) => times.filter((time) => time > since).length;

/** The widest window and the largest threshold of the rules (of one kind; at least one rule). */
export function countingRead(rules: FloodRule[] | RepeatRule[]): CountingRead {
  return {
    windowMs: Math.max(...rules.map(windowOf)),
    threshold: Math.max(...rules.map((rule) => ('flood' in rule ? rule.flood.messages : rule.repeat.senders))),
  };
}

const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const WHITE_SPACE = /\s/gu;

/**
 * What `repeat` counts a normalised text as: its match form for terms without marks (look-alike
 * letters and digits as their skeleton, marks removed, Han and kana folded), without white space
 * and without what stands before its first letter or digit and after its last (punctuation,
 * emoji, symbols). Invisible characters, control characters and case are gone already. A text
 * with no letter or digit is counted as it is.
 */
export function textFingerprint(normalizedText: string): string {
  const fingerprint = matchFormOf(normalizedText, false).replace(EDGES, '').replace(WHITE_SPACE, '');
  return fingerprint.length > 0 ? fingerprint : normalizedText;
}

/** The digest a text is counted under for `repeat`: equal fingerprints, equal keys. */
export function textKeyOf(normalizedText: string): string {
  return createHash('sha256').update(textFingerprint(normalizedText), 'utf8').digest('hex').slice(0, 32);
}

/** The flood rules over their threshold at `at`, given the times of the group's messages read back. */
export function floodCandidates(rules: FloodRule[], times: number[], at: number): CountingCandidate[] {
  return rules.flatMap((rule) => {
    const count = countSince(times, at - rule.flood.windowSeconds * 1000);
    return count >= rule.flood.messages
      ? [
          {
            rule,
            scope: rule.name,
            windowMs: rule.flood.windowSeconds * 1000,
            why: `${count} messages in the group within ${rule.flood.windowSeconds} s`,
          },
        ]
      : [];
  });
}

/** The repeat rules over their threshold at `at`, given the times of the text's distinct senders read back. */
export function repeatCandidates(
  rules: RepeatRule[],
  times: number[],
  at: number,
  textKey: string,
): CountingCandidate[] {
  return rules.flatMap((rule) => {
    const count = countSince(times, at - rule.repeat.windowSeconds * 1000);
    return count >= rule.repeat.senders
      ? [
          {
            rule,
            scope: `${rule.name}#${textKey}`,
            windowMs: rule.repeat.windowSeconds * 1000,
            why: `the same text from ${count} senders within ${rule.repeat.windowSeconds} s`,
          },
        ]
      : [];
  });
}
