/**
 * `terms` and `pattern` rules, compiled once at init. Neither can be made slow by the text: each
 * costs at most a bound times the text's length, whatever the rule and the text are.
 *
 * - patterns on RE2JS, a linear-time engine (a JavaScript port of RE2): `aaaa…` against
 *   `(a+)+b` costs what any other text does;
 * - terms through a trie of their own (term-matcher.ts): RE2JS compiles an alternation of
 *   thousands of terms in seconds (the largest rule set the schema takes, about half a minute),
 *   the trie builds in time linear in the terms and matches in at most the text's length times
 *   the longest term.
 *
 * Rules run over the normalised text (see normalize-text.ts), patterns case-insensitively. A term
 * matches as a whole word: not preceded or followed by a letter, mark or digit. Terms of scripts
 * written without spaces (Han, kana, Thai, ...) have no word edges to check and match anywhere.
 */
import { RE2JS } from 're2js';
import { normalizeText } from './normalize-text.js';
import type { PatternRule, Rule, TermsRule } from './rules-schema.js';
import { termMatcher } from './term-matcher.js';

/** The longest piece of matched text an explanation quotes. */
const QUOTE_LIMIT = 80;

/** A rule that looks at the text of a message. */
export interface ContentRule {
  rule: TermsRule | PatternRule;
  /** Whether the normalised text matches: the verdict's path, no capture, no allocation per match. */
  test(text: string): boolean;
  /** Why the normalised text matches (the term, or the matched text), for reasons and reports. */
  explain(text: string): string | undefined;
}

function termsRule(rule: TermsRule): ContentRule {
  const matcher = termMatcher([...new Set(rule.terms.map(normalizeText))]);
  return {
    rule,
    test: (text) => matcher.test(text),
    explain: (text) => {
      const found = matcher.firstTerm(text);
      return found && `term "${found}"`;
    },
  };
}

function patternRule(rule: PatternRule): ContentRule {
  const re = RE2JS.compile(rule.pattern, RE2JS.CASE_INSENSITIVE);
  return {
    rule,
    test: (text) => re.test(text),
    explain: (text) => {
      const matcher = re.matcher(text);
      if (!matcher.find()) return undefined;
      const matched = matcher.group() ?? '';
      return `pattern matched "${matched.length > QUOTE_LIMIT ? `${matched.slice(0, QUOTE_LIMIT)}…` : matched}"`;
    },
  };
}

/** The content rules of a rule set, compiled once (at cold start), in the set's order. */
export function compileContentRules(rules: readonly Rule[]): ContentRule[] {
  return rules.flatMap((rule) => ('terms' in rule ? [termsRule(rule)] : 'pattern' in rule ? [patternRule(rule)] : []));
}
