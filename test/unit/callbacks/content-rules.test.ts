import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileContentRules, termsSource } from '../../../functions/callbacks/content-rules.js';
import { normalizeText } from '../../../functions/callbacks/normalize-text.js';

const [terms, links] = compileContentRules([
  { name: 'banned-terms', reject: true, terms: ['casino', 'Crypto Pump', '赌场', '$$$'] },
  { name: 'scam-links', reject: false, pattern: 'https?://\\S+\\.(ru|xyz)\\b' },
]);
const matches = (rule: typeof terms, text: string) => rule!.test(normalizeText(text));

describe('terms', () => {
  test.each([
    ['the word alone', 'casino', true],
    ['in a sentence, any case', 'Visit the CASINO tonight', true],
    ['next to punctuation', 'casino!!! now', true],
    ['full-width', 'ＣＡＳＩＮＯ', true],
    ['styled letters', '𝐜𝐚𝐬𝐢𝐧𝐨', true],
    ['a phrase across odd white space', 'crypto\n\n  PUMP', true],
    ['split by a zero-width space', 'cas\u200Bino', true],
    ['inside a longer word', 'casinos', false],
    ['at the end of a longer word', 'megacasino', false],
    ['a phrase glued together', 'cryptopump', false],
    ['an accented neighbour letter', 'casinoé', false],
    ['a Han term inside Han text', '欢迎来赌场玩', true],
    ['a symbol term', 'win $$$ now', true],
  ])('%s', (_case, text, expected) => {
    expect(matches(terms, text)).toBe(expected);
  });

  test('explains which term matched', () => {
    expect(terms!.explain(normalizeText('a CRYPTO pump here'))).toBe('term "crypto pump"');
    expect(terms!.explain(normalizeText('nothing here'))).toBeUndefined();
  });

  test('a term between separators always matches, glued to letters never', () => {
    const separator = fc.constantFrom(' ', '.', ',', '!', '\n', '(', ')', '-', '"');
    const letters = fc.string({ unit: fc.constantFrom('a', 'b', 'z', 'é', 'x'), minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), separator, separator, fc.string({ unit: 'grapheme-ascii' }), (before, left, right, after) =>
        matches(terms, `${before}${left}casino${right}${after}`),
      ),
    );
    fc.assert(fc.property(letters, letters, (before, after) => !matches(terms, `${before}casino${after}`)));
  });
});

describe('patterns', () => {
  test('match case-insensitively over the normalised text, and say what they matched', () => {
    const text = normalizeText('Cheap coins at HTTP://coins.example.XYZ/buy');
    expect(links!.test(text)).toBe(true);
    expect(links!.explain(text)).toBe('pattern matched "http://coins.example.xyz"');
    expect(matches(links, 'see https://example.com/ok')).toBe(false);
  });

  test('a pattern built to backtrack answers on hostile text', () => {
    const [bait] = compileContentRules([{ name: 'bait', reject: true, pattern: '(a+)+b' }]);
    expect(bait!.test('a'.repeat(50_000))).toBe(false);
    expect(bait!.test(`${'a'.repeat(50_000)}b`)).toBe(true);
  });
});

describe('large terms rules', () => {
  // 2,000 terms, every kind of edge: letters at both ends, a symbol at one end or both.
  const many = Array.from({ length: 2_000 }, (_, i) => [`word${i}`, `$${i}x`, `x${i}$`, `$${i}$`][i % 4]!);

  test('the word edges are written once per kind of edge, not once per term', () => {
    const source = termsSource(many);
    // Before and after: one class each, for each of the four kinds of terms, whatever their number.
    expect(source.split('\\p{L}').length - 1).toBe(4);
    for (const term of many) expect(source).toContain(term.replace(/\$/g, '\\$'));
  });

  test('the explanation names the first term, in the rule\'s order, the text holds', () => {
    const [rule] = compileContentRules([{ name: 'many', reject: true, terms: many }]);
    expect(rule!.explain(normalizeText('so word1216 and $1213x and word8'))).toBe('term "word8"');
    expect(rule!.explain(normalizeText('only x1998$ here'))).toBe('term "x1998$"');
    expect(rule!.explain(normalizeText('word12160 is not word1216x'))).toBeUndefined();
    expect(rule!.test(normalizeText('word1999'))).toBe(false);
    expect(rule!.test(normalizeText('say word1996!'))).toBe(true);
  });
});
