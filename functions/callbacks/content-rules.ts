/**
 * `terms` and `pattern` rules compiled for RE2JS, a linear-time engine (a JavaScript port of
 * RE2): a pattern runs in time proportional to the text whatever the pattern and the text are,
 * so hostile text (`aaaa…` against `(a+)+b`) cannot stall a verdict. Rules run over the
 * normalised text (see normalize-text.ts), patterns case-insensitively.
 *
 * A term matches as a whole word: not preceded or followed by a letter, mark or digit. Terms of
 * scripts written without spaces (Han, kana, Thai, ...) have no word edges to check and match
 * anywhere.
 */
import { RE2JS } from 're2js';
import { normalizeText } from './normalize-text.js';
import type { PatternRule, Rule, TermsRule } from './rules-schema.js';

const WORD = '\\p{L}\\p{M}\\p{N}';
const BEFORE = `(?:^|[^${WORD}])`;
const AFTER = `(?:[^${WORD}]|$)`;
const HAS_WORD_EDGE = /[\p{L}\p{N}]/u;
const UNSPACED_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
/** The longest piece of matched text an explanation quotes. */
const QUOTE_LIMIT = 80;

const needsEdge = (char: string | undefined) => char !== undefined && HAS_WORD_EDGE.test(char) && !UNSPACED_SCRIPT.test(char);

/** The RE2 source that finds a normalised term as a whole word. */
export function termSource(term: string): string {
  const chars = [...term];
  return `${needsEdge(chars[0]) ? BEFORE : ''}${RE2JS.quote(term)}${needsEdge(chars.at(-1)) ? AFTER : ''}`;
}

/** A rule that looks at the text of a message. */
export interface ContentRule {
  rule: TermsRule | PatternRule;
  /** Whether the normalised text matches: the verdict's path, no capture, no allocation per match. */
  test(text: string): boolean;
  /** Why the normalised text matches (the term, or the matched text), for reasons and reports. */
  explain(text: string): string | undefined;
}

function termsRule(rule: TermsRule): ContentRule {
  const terms = [...new Set(rule.terms.map(normalizeText))];
  const any = RE2JS.compile(terms.map(termSource).join('|'));
  const each = terms.map((term) => ({ term, re: RE2JS.compile(termSource(term)) }));
  return {
    rule,
    test: (text) => any.test(text),
    explain: (text) => {
      const found = each.find(({ re }) => re.test(text));
      return found && `term "${found.term}"`;
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
