import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileContentRules } from '../../../functions/rules/content-rules.js';
import { normalizeText } from '../../../functions/rules/normalize-text.js';
import { termMatcher } from '../../../functions/rules/term-matcher.js';
import { re2TermsRule } from '../../helpers/re2-terms-oracle.js';

/**
 * Latin letters (one that composes with a mark under NFKC), digits, punctuation, white space,
 * combining marks, Han, Hangul, Thai with its vowel sign, emoji (surrogate pairs, one with a
 * variation selector), letters and digits beyond the BMP (a Han ideograph, a styled letter and
 * digit: word characters in surrogate pairs), and the halves of a pair on their own, which
 * random strings join into pairs or leave alone: every kind of word edge there is, in few
 * enough characters that random terms and texts meet.
 */
const ALPHABET = [
  ...['a', 'b', 'e', 'A', '1', '2', '.', '-', '$', ' ', '\n', '\u0301', '\u0308', '赌', '场', '한', '글', 'ก', '\u0E31', '😀', '👍', '\uFE0F', '\u200B'],
  ...['\u{20000}', '\u{1D41A}', '\u{1D7CF}', '\uD83D', '\uDE00'],
];
const piece = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 4 });
const termsArbitrary = fc.uniqueArray(piece, { minLength: 1, maxLength: 8 }).filter((terms) => terms.every((term) => normalizeText(term).length > 0));
/** Texts made of random pieces and of the terms themselves, so that matches are frequent. */
const textFor = (terms: string[]) =>
  fc.array(fc.oneof(piece, fc.nat().map((n) => terms[n % terms.length]!), fc.constantFrom(...ALPHABET)), { maxLength: 12 }).map((parts) => parts.join(''));

const termsRule = (terms: string[]) => compileContentRules([{ name: 'terms', reject: true, terms }])[0]!;

describe('the terms matcher agrees with the RE2 alternation it replaces', () => {
  test('test and explain, on raw and normalised text, for random terms and texts', () => {
    fc.assert(
      fc.property(
        termsArbitrary.chain((terms) => fc.tuple(fc.constant(terms), fc.array(textFor(terms), { minLength: 1, maxLength: 5 }))),
        ([terms, texts]) => {
          const rule = termsRule(terms);
          const oracle = re2TermsRule(terms);
          for (const text of texts.flatMap((raw) => [raw, normalizeText(raw)])) {
            expect(rule.test(text), JSON.stringify({ terms, text })).toBe(oracle.test(text));
            const first = oracle.firstTerm(text);
            expect(rule.explain(text), JSON.stringify({ terms, text })).toBe(first === undefined ? undefined : `term "${first}"`);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  test.each([
    ['a letter right after an emoji (a surrogate pair) starts a word', ['ab'], '😀ab', true],
    ['a letter right before an emoji ends a word', ['ab'], 'ab😀', true],
    ['an emoji term matches inside a word', ['😀'], 'a😀b', true],
    ['a combining mark after the term joins it to a longer word', ['ab'], 'ab\u0301', false],
    ['a term ending in a mark needs no edge after it', ['e\u0308'], 'xe\u0308x', false],
    ['a term starting with a mark needs no edge before it', ['\u0308e'], 'x\u0308e', true],
    ['a Han term inside Han text', ['赌场'], '来赌场玩', true],
    ['a Latin term glued to Han text', ['ab'], '赌ab', false],
    ['a Hangul term glued to letters', ['한글'], 'x한글x', true],
    ['half of a surrogate pair is no term', ['\uD83D'], '😀', false],
    // Beyond the BMP, at each end of the surrogate ranges: a Linear B syllable (D800 DC00), a monospace digit nine (D835 DFFF).
    ['a letter right after a letter of the first pair (D800 DC00) is inside a word', ['b'], '\u{10000}b', false],
    ['a letter right after a digit of a pair ending in DFFF is inside a word', ['b'], '\u{1D7FF}b', false],
    ['a letter beyond the BMP needs a word edge after it', ['\u{10428}'], '\u{10428}b', false],
    ['a letter beyond the BMP matches between edges', ['\u{10428}'], 'a \u{10428}.', true],
    ['the high half of the first pair is no term', ['\uD800'], '\u{10000}', false],
    ['the low half of the first pair is no term', ['\uDC00'], '\u{10000}', false],
    ['the high half of the last pair is no term', ['\uDBFF'], '\u{10FFFD}', false],
    ['a low half ending in DFFF is no term', ['\uDFFF'], '\u{1D7FF}', false],
    ['a term right after a lone high surrogate', ['$'], '\uD83D$', true],
    ['a term above the surrogates right after a lone high surrogate', ['\uFA0E'], '\uD83D\uFA0E', true],
  ])('%s', (_case, terms, text, expected) => {
    const rule = termsRule(terms);
    expect(rule.test(text)).toBe(expected);
    expect(re2TermsRule(terms).test(text)).toBe(expected);
  });

  test('explain names the first term in the rule\'s order, not the first in the text, nor the longest', () => {
    const terms = ['ab cd', 'cd', 'ab', 'ab cd ef'];
    const rule = termsRule(terms);
    expect(rule.explain('ab cd ef')).toBe('term "ab cd"');
    expect(rule.explain('cd ab')).toBe('term "cd"');
    expect(rule.explain('ab cdx')).toBe('term "ab"');
    expect(rule.explain('abcd')).toBeUndefined();
  });
});

describe('the trie', () => {
  test('terms that share prefixes at several depths are each found as themselves, and nothing between them', () => {
    // Inserting the third splits an edge below the first branching point: its shared part must be compared where it is.
    const terms = ['axaz', 'ab', 'axbc', 'axa', 'b'];
    const matcher = termMatcher(terms);
    for (const term of terms) expect(matcher.firstTerm(`- ${term} -`), term).toBe(term);
    for (const text of ['axac', 'axb', 'ax', 'a', 'axazz', 'axbcd']) expect(matcher.test(text), text).toBe(false);
    expect(matcher.firstTerm('axbc axaz')).toBe('axaz');
  });

  test('the empty term is found in every text, as the comment says (the schema never lets one through)', () => {
    expect(termMatcher(['']).test('anything')).toBe(true);
    expect(termMatcher(['']).firstTerm('')).toBe('');
    expect(termMatcher(['x', '']).firstTerm('x')).toBe('x');
    expect(termMatcher(['y', '']).firstTerm('x')).toBe('');
  });

  test('no terms, no match', () => {
    expect(termMatcher([]).test('anything')).toBe(false);
    expect(termMatcher([]).firstTerm('anything')).toBeUndefined();
  });
});
