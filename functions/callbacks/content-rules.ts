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

/**
 * The RE2 source that finds any of the normalised `terms` as a whole word. The terms are grouped
 * by the word edges they need, each group written once around its alternatives: RE2 compiles the
 * Unicode classes of an edge every time one appears, and per term they made a rule of 2,000
 * terms take seconds to compile at cold start; grouped, tens of milliseconds.
 */
export function termsSource(terms: readonly string[]): string {
  const groups = new Map<string, { before: boolean; after: boolean; quoted: string[] }>();
  for (const term of terms) {
    const chars = [...term];
    const before = needsEdge(chars[0]);
    const after = needsEdge(chars.at(-1));
    const key = `${before}${after}`;
    if (!groups.has(key)) groups.set(key, { before, after, quoted: [] });
    groups.get(key)!.quoted.push(RE2JS.quote(term));
  }
  return [...groups.values()].map(({ before, after, quoted }) => `${before ? BEFORE : ''}(?:${quoted.join('|')})${after ? AFTER : ''}`).join('|');
}

/**
 * The first of `terms`, in their order, that `text` holds as a whole word, given that one does:
 * halves of the list tested in turn, each compiled when first needed and kept, so that a rule's
 * first explanation compiles about as much as the rule itself and the next ones nothing.
 */
function firstTermFinder(terms: readonly string[], any: RE2JS): (text: string) => string | undefined {
  const compiled = new Map<string, RE2JS>([[`0:${terms.length}`, any]]);
  const matches = (from: number, to: number, text: string) => {
    const key = `${from}:${to}`;
    let re = compiled.get(key);
    if (!re) compiled.set(key, (re = RE2JS.compile(termsSource(terms.slice(from, to)))));
    return re.test(text);
  };
  return (text) => {
    let [from, to] = [0, terms.length];
    if (!matches(from, to, text)) return undefined;
    while (to - from > 1) {
      const middle = (from + to) >> 1;
      if (matches(from, middle, text)) to = middle;
      else from = middle;
    }
    return terms[from];
  };
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
  const any = RE2JS.compile(termsSource(terms));
  const firstTerm = firstTermFinder(terms, any);
  return {
    rule,
    test: (text) => any.test(text),
    explain: (text) => {
      const found = firstTerm(text);
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
