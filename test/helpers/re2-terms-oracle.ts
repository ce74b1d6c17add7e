/**
 * The RE2 alternation `terms` rules compiled to before they had a matcher of their own, kept as
 * the reference the matcher is checked against (and timed against in bench/): every normalised
 * term quoted into one alternation, grouped by the word edges it needs, and the first term a text
 * holds found by testing halves of the list in turn.
 */
import { RE2JS } from 're2js';
import { normalizeText } from '../../functions/rules/index.js';

const WORD = '\\p{L}\\p{M}\\p{N}';
const BEFORE = `(?:^|[^${WORD}])`;
const AFTER = `(?:[^${WORD}]|$)`;
const HAS_WORD_EDGE = /[\p{L}\p{N}]/u;
const UNSPACED_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;

const needsEdge = (char: string | undefined) => char !== undefined && HAS_WORD_EDGE.test(char) && !UNSPACED_SCRIPT.test(char);

/** The RE2 source that finds any of the normalised `terms` as a whole word, each kind of edge written once. */
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

/** The first of `terms`, in their order, that `text` holds as a whole word, given that one does. */
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

export interface Re2TermsRule {
  test(text: string): boolean;
  /** The first term, in the rule's order, the text holds. */
  firstTerm(text: string): string | undefined;
}

/** A `terms` rule's raw terms compiled as they were: normalised, deduplicated, one RE2JS alternation. */
export function re2TermsRule(rawTerms: readonly string[]): Re2TermsRule {
  const terms = [...new Set(rawTerms.map(normalizeText))];
  const any = RE2JS.compile(termsSource(terms));
  const firstTerm = firstTermFinder(terms, any);
  return { test: (text) => any.test(text), firstTerm };
}
