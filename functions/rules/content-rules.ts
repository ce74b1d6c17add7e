/**
 * `terms` and `pattern` rules, compiled once at init. Neither can be made slow by the text: each
 * costs at most a bound times the text's length, whatever the rule and the text are.
 *
 * - patterns on RE2JS, a linear-time engine (a JavaScript port of RE2): `aaaa…` against
 *   `(a+)+b` costs what any other text does;
 * - terms through a trie of their own (term-search.ts): RE2JS compiles an alternation of
 *   thousands of terms in seconds (the largest rule set the schema takes, about half a minute),
 *   the trie builds in time linear in the terms and matches in at most the text's length times
 *   the longest term.
 *
 * Rules run over the normalised text (see normalize-text.ts), patterns case-insensitively. Terms
 * run over its match forms (text-folds.ts: look-alikes, marks unless the term has some, Han and
 * kana folded), as whole words by the edges of their own script, with separators, leet and Korean
 * particles unless the rule turns them off (term-search.ts); a hit inside one of the rule's
 * `allow` texts is none.
 */
import { normalizeText } from './normalize-text.js';
import { TRANSFORM_BITS, type MatchForm } from './original-span.js';
import { compilePattern, firstMatchingSpan } from './pattern-cost.js';
import type { PatternRule, Rule, TermsRule } from './rules-schema.js';
import { hasMarks, markedForm, matchFormOf, unmarkedForm } from './text-folds.js';
import { READ_LEET, READ_SEPARATOR, termSearch, type TermHit, type TermSearch } from './term-search.js';

/** The longest piece of matched text an explanation quotes. */
const QUOTE_LIMIT = 80;
/** How much text from a match's start RE2's own search reads for the quote (its cost grows with the text). */
const SPAN_WINDOW = 1_024;

/** Where a content rule matched a normalised text: in which form, which stretch of it, and what the matcher read there. */
export interface ContentMatch {
  /** `term "casino"`, `pattern matched "http://x.xyz"`. */
  why: string;
  /** The form the rule read (`normalized` for patterns), and that form of the text. */
  form: MatchForm;
  formText: string;
  /** The code units [start, end) of `formText` that matched. */
  start: number;
  end: number;
  /** What the matcher itself read besides the term's letters: the `separator` and `leet` bits of TRANSFORM_BITS. */
  read: number;
}

/** A rule that looks at the text of a message. */
export interface ContentRule {
  rule: TermsRule | PatternRule;
  /** Whether the normalised text matches: the verdict's path, no capture, no allocation per match. */
  test(text: string): boolean;
  /** Where and how the normalised text matches: only for a text that does (`test`), for reasons and reports. */
  locate(text: string): ContentMatch | undefined;
  /** Why the normalised text matches (the term, or the matched text). */
  explain(text: string): string | undefined;
}

/** The terms of one match form: their search, their indices in the rule, the rule's `allow` texts in that form. */
interface FormSearch {
  marked: boolean;
  search: TermSearch;
  indices: number[];
  allow: string[] | undefined;
}

/** Whether the hit [start, end) lies inside an occurrence of one of `allow` in `text`. */
function allowedIn(
  text: string,
  allow: readonly string[] | undefined,
): ((start: number, end: number) => boolean) | undefined {
  if (!allow?.length) return undefined;
  let spans: [number, number][] | undefined;
  return (start, end) => {
    if (!spans) {
      spans = [];
      for (const entry of allow)
        for (let at = text.indexOf(entry); at >= 0; at = text.indexOf(entry, at + 1))
          spans.push([at, at + entry.length]);
    }
    return spans.some(([from, to]) => from <= start && end <= to);
  };
}

function termsRule(rule: TermsRule): ContentRule {
  const options = { separators: rule.separators ?? true, leet: rule.leet ?? true, particles: rule.particles ?? true };
  const shown = rule.terms.map(normalizeText);
  const allow = rule.allow?.map(normalizeText);
  const forms: FormSearch[] = [];
  for (const marked of [false, true]) {
    const form = marked ? markedForm : unmarkedForm;
    const seen = new Set<string>();
    const terms: string[] = [];
    const indices: number[] = [];
    shown.forEach((term, index) => {
      if (hasMarks(term) !== marked) return;
      const folded = form(term);
      if (seen.has(folded)) return;
      seen.add(folded);
      terms.push(folded);
      indices.push(index);
    });
    if (terms.length > 0) forms.push({ marked, search: termSearch(terms, options), indices, allow: allow?.map(form) });
  }
  const locate = (text: string): ContentMatch | undefined => {
    let first: { index: number; hit: TermHit; marked: boolean; formText: string } | undefined;
    for (const { marked, search, indices, allow } of forms) {
      const formText = matchFormOf(text, marked);
      const hit = search.first(formText, allowedIn(formText, allow));
      if (hit && (!first || indices[hit.term]! < first.index))
        first = { index: indices[hit.term]!, hit, marked, formText };
    }
    if (!first) return undefined;
    const { hit } = first;
    return {
      why: `term "${shown[first.index]}"`,
      form: first.marked ? 'marked' : 'unmarked',
      formText: first.formText,
      start: hit.start,
      end: hit.end,
      read:
        (hit.read & READ_SEPARATOR ? TRANSFORM_BITS.separator : 0) | (hit.read & READ_LEET ? TRANSFORM_BITS.leet : 0),
    };
  };
  return {
    rule,
    test: (text) =>
      forms.some(({ marked, search, allow }) => {
        const form = matchFormOf(text, marked);
        return search.test(form, allowedIn(form, allow));
      }),
    locate,
    explain: (text) => locate(text)?.why,
  };
}

/** A piece of matched text as an explanation quotes it: at most `limit` code units, never half a code point. */
export function quoted(text: string, limit = QUOTE_LIMIT): string {
  if (text.length <= limit) return text;
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(limit - 1)) ? limit - 1 : limit;
  return `${text.slice(0, cut)}…`;
}

function patternRule(rule: PatternRule): ContentRule {
  const re = compilePattern(rule.pattern);
  const locate = (text: string): ContentMatch | undefined => {
    const span = firstMatchingSpan(re, text);
    if (!span) return undefined;
    // Where the match starts is known: what RE2 itself matches from there, within a bounded window.
    const window = re.matcher(text.slice(span.start, span.start + SPAN_WINDOW));
    const matched = window.find() && window.start() === 0 ? (window.group() ?? '') : text.slice(span.start, span.end);
    return {
      why: `pattern matched "${quoted(matched)}"`,
      form: 'normalized',
      formText: text,
      start: span.start,
      end: span.start + matched.length,
      read: 0,
    };
  };
  return { rule, test: (text) => re.test(text), locate, explain: (text) => locate(text)?.why };
}

/** The content rules of a rule set, compiled once (at cold start), in the set's order. */
export function compileContentRules(rules: readonly Rule[]): ContentRule[] {
  return rules.flatMap((rule) => ('terms' in rule ? [termsRule(rule)] : 'pattern' in rule ? [patternRule(rule)] : []));
}
