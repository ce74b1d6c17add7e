import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileContentRules } from '../../../functions/rules/content-rules.js';
import { normalizeText } from '../../../functions/rules/normalize-text.js';
import { RULE_LIMITS } from '../../../functions/rules/rules-schema.js';

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
      fc.property(
        fc.string({ unit: 'grapheme-ascii' }),
        separator,
        separator,
        fc.string({ unit: 'grapheme-ascii' }),
        (before, left, right, after) => matches(terms, `${before}${left}casino${right}${after}`),
      ),
    );
    fc.assert(fc.property(letters, letters, (before, after) => !matches(terms, `${before}casino${after}`)));
  });
});

describe('terms rule options', () => {
  const rule = (options: object) =>
    compileContentRules([{ name: 'r', reject: true, terms: ['casino', 'crypto pump', '시발'], ...options }])[0]!;
  const hits = (options: object, text: string) => rule(options).test(normalizeText(text));

  test.each([
    ['spaced letters', { separators: false }, 'c a s i n o'],
    ['dotted letters', { separators: false }, 'c.a.s.i.n.o'],
    ['a hyphen-joined phrase', { separators: false }, 'crypto-pump'],
    ['leet', { leet: false }, 'c4s1n0'],
    ['a dollar for s', { leet: false }, 'ca$ino'],
    ['a Korean particle', { particles: false }, '시발아'],
  ])('%s match by default, not once turned off', (_case, off, text) => {
    expect(hits({}, text)).toBe(true);
    expect(hits(off, text)).toBe(false);
  });

  test('an allowed text is no hit, in any spelling the terms would match, and other hits still count', () => {
    const allowing = rule({ allow: ['casino royale'] });
    expect(allowing.test(normalizeText('we watched Casino Royale'))).toBe(false);
    expect(allowing.test(normalizeText('we watched CАSINO  ROYALE'))).toBe(false);
    expect(allowing.test(normalizeText('casino royale, then the casino'))).toBe(true);
    expect(allowing.explain(normalizeText('casino royale and crypto pump'))).toBe('term "crypto pump"');
    expect(rule({}).test(normalizeText('we watched Casino Royale'))).toBe(true);
  });
});

describe('allowed texts', () => {
  const allowing = (allow: string[]) =>
    compileContentRules([{ name: 'r', reject: true, terms: ['casino'], allow }])[0]!;
  const hits = (allow: string[], text: string) => allowing(allow).test(normalizeText(text));

  test('a hit inside any one of several allowed texts is none', () => {
    expect(hits(['casino royale', 'monte casino'], 'casino royale, then monte casino')).toBe(false);
  });

  test('a hit that ends where an allowed text ends is inside it', () => {
    expect(hits(['monte casino'], 'we drove to monte casino')).toBe(false);
  });

  test('a hit before an allowed text, or overlapping its start, still counts', () => {
    expect(hits(['royale casino'], 'casino, then royale casino')).toBe(true);
    expect(hits(['sino royale'], 'casino royale')).toBe(true);
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

  test("the explanation names the first term, in the rule's order, the text holds", () => {
    const [rule] = compileContentRules([{ name: 'many', reject: true, terms: many }]);
    expect(rule!.explain(normalizeText('so word1216 and $1213x and word8'))).toBe('term "word8"');
    expect(rule!.explain(normalizeText('only x1998$ here'))).toBe('term "x1998$"');
    expect(rule!.explain(normalizeText('word12160 is not word1216x'))).toBeUndefined();
    expect(rule!.test(normalizeText('word1999'))).toBe(false);
    expect(rule!.test(normalizeText('say word1996!'))).toBe(true);
  });

  test('the largest rule set the schema takes builds, and a 64 KB message against it is answered', () => {
    // 50 rules of 2,000 terms of 200 characters, 20 million characters, as in the stack's test of
    // that size; every term shares its first characters with others and ends in a long common run.
    const term = (rule: number, index: number) =>
      `${String.fromCharCode(97 + (rule % 26))}${rule}t${index}`.padEnd(RULE_LIMITS.termLength, 'x');
    const rules = Array.from({ length: RULE_LIMITS.rules }, (_, rule) => ({
      name: `rule-${rule}`,
      reject: true,
      terms: Array.from({ length: RULE_LIMITS.terms }, (_, index) => term(rule, index)),
    }));
    const compiled = compileContentRules(rules);
    expect(compiled).toHaveLength(RULE_LIMITS.rules);

    const last = compiled.at(-1)!;
    const text = normalizeText(`hi ${term(49, 1_999)}, ${term(49, 7)}! ${term(49, 12)}x ${term(48, 3)}`);
    expect(last.test(text)).toBe(true);
    expect(last.explain(text)).toBe(`term "${term(49, 7)}"`);
    expect(compiled.at(-2)!.explain(text)).toBe(`term "${term(48, 3)}"`);
    expect(compiled[0]!.test(text)).toBe(false);

    // Hostile: 64 KB of the terms' shared beginnings, each a near miss as long as a whole term.
    const nearMiss = `${term(49, 5).slice(0, -1)}y `;
    const hostile = nearMiss.repeat(Math.ceil(65_536 / nearMiss.length)).slice(0, 65_536);
    expect(compiled.filter((rule) => rule.test(hostile)).map((rule) => rule.rule.name)).toEqual([]);
    expect(last.explain(`${hostile} ${term(49, 5)}`)).toBe(`term "${term(49, 5)}"`);
  });
});

describe('explanations', () => {
  const [quoting] = compileContentRules([{ name: 'long', reject: false, pattern: 'x+' }]);

  test('quote at most 80 characters of what a pattern matched, marking the cut', () => {
    expect(quoting!.explain('x'.repeat(80))).toBe(`pattern matched "${'x'.repeat(80)}"`);
    expect(quoting!.explain(`a ${'x'.repeat(81)} b`)).toBe(`pattern matched "${'x'.repeat(80)}…"`);
    expect(quoting!.explain('abc')).toBeUndefined();
  });

  test('never cut a code point in half: the cut moves before an emoji that would straddle it, and only then', () => {
    const [emoji] = compileContentRules([{ name: 'emoji', reject: false, pattern: '[x😀]+' }]);
    expect(emoji!.explain(`${'x'.repeat(79)}😀x`)).toBe(`pattern matched "${'x'.repeat(79)}…"`);
    expect(emoji!.explain(`😀${'x'.repeat(80)}`)).toBe(`pattern matched "😀${'x'.repeat(78)}…"`);
    expect(emoji!.explain(`${'x'.repeat(80)}😀`)).toBe(`pattern matched "${'x'.repeat(80)}…"`);
  });

  test('a pattern that needs the text before its match (a non-boundary) is quoted by the shortest text that matches alone', () => {
    // `\Bb+` matches `bb` inside `abb`, but on its own only a text from `a`: RE2 reads no context before a slice.
    const [inside] = compileContentRules([{ name: 'inside', reject: false, pattern: '\\Bb+' }]);
    expect(inside!.locate('xx abb c')).toMatchObject({ why: 'pattern matched "ab"', start: 3, end: 5 });
  });

  test('a terms rule without allowed texts, and one with none listed, hold no exception', () => {
    for (const allow of [undefined, []]) {
      const [rule] = compileContentRules([{ name: 'words', reject: false, terms: ['coin'], ...(allow && { allow }) }]);
      expect(rule!.explain('gold coin here')).toBe('term "coin"');
    }
  });

  test('a pattern that matches the empty text quotes nothing', () => {
    const [empty] = compileContentRules([{ name: 'empty', reject: false, pattern: 'y*' }]);
    expect(empty!.test('abc')).toBe(true);
    expect(empty!.explain('abc')).toBe('pattern matched ""');
  });

  test('terms repeated in a rule, or equal once normalised, are one term', () => {
    const [twice] = compileContentRules([
      { name: 'twice', reject: false, terms: ['Coin', 'coin', 'ＣＯＩＮ', 'gold'] },
    ]);
    expect(twice!.explain('gold coin')).toBe('term "coin"');
    expect(twice!.explain('gold')).toBe('term "gold"');
  });

  test('counting rules are not content rules', () => {
    expect(
      compileContentRules([
        { name: 'f', reject: false, flood: { messages: 2, windowSeconds: 1 } },
        { name: 'r', reject: false, repeat: { senders: 2, windowSeconds: 1 } },
        { name: 'p', reject: false, pattern: 'a' },
      ]).map((content) => content.rule.name),
    ).toEqual(['p']);
  });
});
