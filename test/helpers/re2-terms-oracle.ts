/**
 * What a `terms` rule matches, written as RE2 alternations, kept as the reference the matcher is
 * checked against (and timed against in bench/). Each term, in its match form (text-folds.ts),
 * becomes one expression: its left edge, each word whole or spaced (a separator run of 1 to 3
 * between every two code points), leet letters as classes (not for a word's first code point),
 * separator runs of 1 to 8 between words, neither starting with a clause mark and a space (between
 * words, only after a word written whole), Korean particles, its right edge. The first term a
 * text holds is found by testing halves of the list in turn.
 */
import { RE2JS } from 're2js';
import { normalizeText } from '../../functions/rules/index.js';
import { hasMarks, markedForm, unmarkedForm } from '../../functions/rules/text-folds.js';
import {
  CLAUSE_MARKS,
  LEET,
  LETTER_GAP,
  PARTICLES,
  SEPARATORS,
  UNSPACED_SCRIPT,
  WORD_GAP,
  type TermSearchOptions,
} from '../../functions/rules/term-search.js';

const UNSPACED = '\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Thai}\\p{Lao}\\p{Khmer}\\p{Myanmar}';
/** What may stand next to a term's edge: for a Hangul edge, and for any other letter or digit of a script written with spaces. */
const FREE_OF_HANGUL = `[^\\p{L}\\p{M}\\p{N}]|[^\\p{Hangul}\\p{M}\\p{N}]|[${UNSPACED}]`;
const FREE_OF_SPACED = `[^\\p{L}\\p{M}\\p{N}]|[${UNSPACED}\\p{Hangul}]`;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const HANGUL = /^\p{sc=Hangul}$/u;

const classChar = (char: string) => (/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(char) ? `\\${char}` : char);
const SEPARATOR = `[${[...SEPARATORS].map(classChar).join('')}]`;
const classOf = (chars: Iterable<string>) => [...chars].map(classChar).join('');
/** A separator run of 1 to `longest` that does not start with some of `marks` and a space. */
const runOf = (longest: number, marks: string) => {
  const others = classOf([...SEPARATORS].filter((char) => !marks.includes(char)));
  const neither = classOf([...SEPARATORS].filter((char) => char !== ' ' && !marks.includes(char)));
  const mark = `[${classOf(marks)}]`;
  // Marks alone, or k marks and then a separator that is neither a mark nor a space, and anything after it.
  const afterMarks = Array.from(
    { length: longest - 1 },
    (_, k) => `${mark}{${k + 1}}[${neither}]${SEPARATOR}{0,${longest - k - 2}}`,
  );
  return `(?:[${others}]${SEPARATOR}{0,${longest - 1}}|${mark}{1,${longest}}|${afterMarks.join('|')})`;
};
const LETTER_RUN = runOf(LETTER_GAP, CLAUSE_MARKS.betweenLetters);
/** Between words: after one written whole, no run that starts as prose's punctuation; after a spaced one, any. */
const WORD_RUN_AFTER_WHOLE = runOf(WORD_GAP, CLAUSE_MARKS.betweenWords);
const WORD_RUN_AFTER_SPACED = `${SEPARATOR}{1,${WORD_GAP}}`;
type Edge = 'none' | 'spaced' | 'hangul';
const edgeOf = (char: string | undefined): Edge =>
  char === undefined || !LETTER_OR_DIGIT.test(char) || UNSPACED_SCRIPT.test(char)
    ? 'none'
    : HANGUL.test(char)
      ? 'hangul'
      : 'spaced';
const free = (edge: Edge) => (edge === 'hangul' ? FREE_OF_HANGUL : FREE_OF_SPACED);

/** The RE2 source that finds one term (in match form) as a whole word, under `options`. */
export function termSource(term: string, options: TermSearchOptions): string {
  const chars = [...term];
  const words: string[][] = [[]];
  for (const char of chars) {
    if (char === ' ') words.push([]);
    else words.at(-1)!.push(char);
  }
  const letter = (char: string, first: boolean) => {
    const sources = Object.keys(LEET).filter((digit) => LEET[digit]!.includes(char));
    return first || !options.leet || sources.length === 0
      ? RE2JS.quote(char)
      : `(?:${RE2JS.quote(char)}|[${sources.map(classChar).join('')}])`;
  };
  const before = edgeOf(chars[0]);
  const after = edgeOf(chars.at(-1));
  const particles = options.particles && after === 'hangul' ? `(?:${PARTICLES.join('|')})?` : '';
  const edge = after === 'none' ? '' : `(?:${free(after)}|$)`;
  /** A word, whole or spaced, with what follows it: the run to the next word (which depends on how it was written), or the edge. */
  const word = (letters: string[], last: boolean) => {
    const parts = letters.map((char, index) => letter(char, index === 0));
    const tail = (run: string) => (last ? `${particles}${edge}` : options.separators ? run : ' ');
    if (!options.separators || parts.length === 1) return `${parts.join('')}${tail(WORD_RUN_AFTER_WHOLE)}`;
    return `(?:${parts.join('')}${tail(WORD_RUN_AFTER_WHOLE)}|${parts.join(LETTER_RUN)}${tail(WORD_RUN_AFTER_SPACED)})`;
  };
  const body = words.map((letters, index) => word(letters, index === words.length - 1)).join('');
  return `${before === 'none' ? '' : `(?:^|${free(before)})`}${body}`;
}

export const termsSource = (terms: readonly string[], options: TermSearchOptions): string =>
  terms.map((term) => termSource(term, options)).join('|');

/** The first of `terms`, in their order, that `text` holds, or -1. */
function firstTermFinder(terms: readonly string[], options: TermSearchOptions): (text: string) => number {
  const compiled = new Map<string, RE2JS>();
  const matches = (from: number, to: number, text: string) => {
    const key = `${from}:${to}`;
    let re = compiled.get(key);
    if (!re) compiled.set(key, (re = RE2JS.compile(termsSource(terms.slice(from, to), options))));
    return re.test(text);
  };
  return (text) => {
    let [from, to] = [0, terms.length];
    if (!matches(from, to, text)) return -1;
    while (to - from > 1) {
      const middle = (from + to) >> 1;
      if (matches(from, middle, text)) to = middle;
      else from = middle;
    }
    return from;
  };
}

export interface Re2TermsRule {
  test(text: string): boolean;
  /** The first term, in the rule's order and normalised, the normalised text holds. */
  firstTerm(text: string): string | undefined;
}

export const DEFAULT_OPTIONS: TermSearchOptions = { separators: true, leet: true, particles: true };

/** A `terms` rule's raw terms as RE2 alternations: normalised, grouped by match form, deduplicated in each. */
export function re2TermsRule(rawTerms: readonly string[], options: TermSearchOptions = DEFAULT_OPTIONS): Re2TermsRule {
  const shown = rawTerms.map(normalizeText);
  const forms = [false, true].flatMap((marked) => {
    const form = marked ? markedForm : unmarkedForm;
    const seen = new Set<string>();
    const terms: string[] = [];
    const indices: number[] = [];
    shown.forEach((term, index) => {
      if (hasMarks(term) !== marked || seen.has(form(term))) return;
      seen.add(form(term));
      terms.push(form(term));
      indices.push(index);
    });
    return terms.length === 0 ? [] : [{ form, indices, first: firstTermFinder(terms, options) }];
  });
  const firstTerm = (text: string) => {
    const found = Math.min(...forms.map(({ form, indices, first }) => indices[first(form(text))] ?? Infinity));
    return found === Infinity ? undefined : shown[found];
  };
  return { test: (text) => firstTerm(text) !== undefined, firstTerm };
}
