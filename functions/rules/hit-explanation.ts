/**
 * What a content rule's hit says about itself: the rule, the version of the rule set, the span of
 * the message as it was sent (offsets in UTF-16 code units, as JavaScript and JSON count them,
 * and the excerpt), what the rule read there, and the transforms that made the one into the
 * other. Built only for a hit, never for a text no rule matches.
 */
import { quoted, type ContentMatch } from './content-rules.js';
import { originalSpan, transformNames, type Transform } from './original-span.js';

export interface HitExplanation {
  rule: string;
  /** The rule set's version (rule-set-version.ts). */
  ruleSet: string;
  /** The code units [start, end) of the message's text that matched. Absent when they cannot be told (see original-span.ts). */
  start?: number;
  end?: number;
  /** That stretch of the text as sent, at most 80 code units and an ellipsis. */
  excerpt?: string;
  /** What the rule read there, in the form it reads (normalised, and for terms folded), at most 80 code units and an ellipsis. */
  matched: string;
  /** What the text went through to read so, in the order the transforms apply. */
  transforms: Transform[];
}

export function explainHit(rule: string, ruleSet: string, original: string, match: ContentMatch): HitExplanation {
  const matched = quoted(match.formText.slice(match.start, match.end));
  const span = originalSpan(original, match.form, match.formText, match.start, match.end);
  if (!span) return { rule, ruleSet, matched, transforms: transformNames(match.read) };
  return {
    rule,
    ruleSet,
    start: span.start,
    end: span.end,
    excerpt: quoted(original.slice(span.start, span.end)),
    matched,
    transforms: transformNames(span.changed | match.read),
  };
}

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * A text of the message quoted for a log line, a reason or a terminal: a JSON string with every
 * control, format (bidi overrides, zero-width characters) and line or paragraph separator escaped,
 * so that what a sender typed can neither reorder nor break the line it is shown in.
 */
export function quotedText(text: string): string {
  return JSON.stringify(text).replace(INVISIBLE, (char) =>
    [...Array(char.length).keys()].map((i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

/** The explanation in a few words, for a violation's reason: `"cаsino" at 5–11 of the text, read as "casino" through confusable`. */
export function describeExplanation(explanation: HitExplanation): string {
  const where =
    explanation.start === undefined
      ? ''
      : `${quotedText(explanation.excerpt!)} at ${explanation.start}–${explanation.end} of the text, `;
  const how = explanation.transforms.length > 0 ? `through ${explanation.transforms.join(', ')}` : 'as written';
  return `${where}read as ${quotedText(explanation.matched)} ${how}`;
}
