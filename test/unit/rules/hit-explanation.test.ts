import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { normalizeText } from '../../../functions/rules/normalize-text.js';
import { compileRuleSet, contentHits } from '../../../functions/rules/rule-set.js';
import type { Rule } from '../../../functions/rules/rules-schema.js';
import { describeExplanation, quotedText, type HitExplanation } from '../../../functions/rules/hit-explanation.js';

const TERMS: Rule = {
  name: 'banned-terms',
  reject: true,
  terms: ['casino', 'crypto pump', '赌场', 'カジノ', 'café', '시발'],
};
const LINKS: Rule = { name: 'scam-links', reject: false, pattern: 'https?://\\S+\\.xyz\\b' };
const RULES = compileRuleSet({ rules: [TERMS, LINKS], dryRun: false });

/** The explanation of the first hit on `text` as sent. */
function explain(text: string): HitExplanation {
  const [hit] = contentHits(RULES, normalizeText(text), text);
  expect(hit, text).toBeDefined();
  return hit!.explanation!;
}

describe('a hit names the transforms the text went through', () => {
  test.each([
    ['written as the term', 'go to the casino now', [], 'casino'],
    ['a Cyrillic look-alike', 'go to the c\u0430sino now', ['confusable'], 'c\u0430sino'],
    ['Greek look-alikes', 'cas\u03b9n\u03bf', ['confusable'], 'cas\u03b9n\u03bf'],
    ['small capitals', '\u1d04\u1d00s\u026a\u0274\u1d0f', ['confusable'], '\u1d04\u1d00s\u026a\u0274\u1d0f'],
    ['dotted letters', 'win at c.a.s.i.n.o today', ['separator'], 'c.a.s.i.n.o'],
    ['spaced letters', 'c a s i n o', ['separator'], 'c a s i n o'],
    ['words joined by a hyphen', 'a crypto-pump here', ['separator'], 'crypto-pump'],
    ['leet', 'play c4s1n0 games', ['leet'], 'c4s1n0'],
    ['a symbol for a letter', 'ca$ino', ['leet'], 'ca$ino'],
    ['leet and separators', 'c.4.s.1.n.0', ['separator', 'leet'], 'c.4.s.1.n.0'],
    ['traditional Han for a simplified term', '欢迎来賭場玩', ['script-fold'], '賭場'],
    ['katakana in the text, read as hiragana', 'カジノへ', ['script-fold'], 'カジノ'],
    // The term is folded, not the text: the text went through nothing.
    ['hiragana in the text for a katakana term', 'かじのへ', [], 'かじの'],
    ['a combining mark', 'cas\u0301ino', ['mark'], 'cas\u0301ino'],
    ['a precomposed accent', 'c\u00e1sino', ['mark'], 'c\u00e1sino'],
    ['upper case', 'CASINO', ['case'], 'CASINO'],
    ['the Turkish dotted capital I', 'CAS\u0130NO', ['case'], 'CAS\u0130NO'],
    [
      'full-width letters',
      '\uff23\uff41\uff53\uff49\uff4e\uff4f',
      ['compatibility', 'case'],
      '\uff23\uff41\uff53\uff49\uff4e\uff4f',
    ],
    ['a zero-width space inside', 'cas\u200bino', ['invisible'], 'cas\u200bino'],
    ['a control character inside', 'cas\u0001ino', ['invisible'], 'cas\u0001ino'],
    ['a run of white space', 'crypto \n  pump', ['whitespace'], 'crypto \n  pump'],
    ['a term with marks, in upper case', 'CAFÉ', ['case'], 'CAFÉ'],
    // Runs of text that no step changes are mapped offset by offset: what is said is what lies in the span.
    ['upper case elsewhere in the text only', 'HELLO THERE, casino now', [], 'casino'],
    ['upper case in the span only', 'hello there, CAsino now', ['case'], 'CAsino'],
    ['a mark on the last letter, after plain text', 'hello there casino\u0301 now', ['mark'], 'casino\u0301'],
    ['a mark on the first letter, after plain text', 'hello there c\u0301asino now', ['mark'], 'c\u0301asino'],
    ['a term after Han text', '欢迎来到这里玩 casino', [], 'casino'],
  ])('%s', (_case, text, transforms, excerpt) => {
    const explanation = explain(text);
    expect(explanation.transforms).toEqual(transforms);
    expect(explanation.excerpt).toBe(excerpt);
    expect(text.slice(explanation.start, explanation.end)).toBe(excerpt);
  });

  test('the matched form is what the rule read there; the rule and the rule set are named', () => {
    expect(explain('go to the c\u0430sino now')).toEqual({
      rule: 'banned-terms',
      ruleSet: RULES.version,
      start: 10,
      end: 16,
      excerpt: 'c\u0430sino',
      matched: 'casino',
      transforms: ['confusable'],
    });
    expect(explain('play c4s1n0 games').matched).toBe('c4s1n0');
    expect(explain('欢迎来賭場玩').matched).toBe('赌场');
    expect(RULES.version).toMatch(/^rs-[0-9a-f]{16}$/);
  });

  test('a pattern hit quotes the text it matched, where it lies in the message', () => {
    const text = 'Ｆｒｅｅ coins at HTTP://win.example.xyz today';
    const [hit] = contentHits(compileRuleSet({ rules: [LINKS], dryRun: false }), normalizeText(text), text);
    expect(hit!.explanation).toMatchObject({
      excerpt: 'HTTP://win.example.xyz',
      matched: 'http://win.example.xyz',
      transforms: ['case'],
    });
    expect(text.slice(hit!.explanation!.start, hit!.explanation!.end)).toBe('HTTP://win.example.xyz');
  });

  test('a Korean particle after a term is left out of its span', () => {
    const explanation = explain('우리 시발아 왜');
    expect(explanation.excerpt).toBe('시발');
    expect(explanation.start).toBe(3);
  });

  test('an explanation reads as one line', () => {
    expect(describeExplanation(explain('play c4s1n0 games'))).toBe(
      '"c4s1n0" at 5–11 of the text, read as "c4s1n0" through leet',
    );
    expect(describeExplanation(explain('casino'))).toBe('"casino" at 0–6 of the text, read as "casino" as written');
  });

  test('an explanation without a place in the text says what was read and through what, each transform named', () => {
    const explanation: HitExplanation = {
      rule: 'words',
      ruleSet: 'rs-0000000000000000',
      matched: 'casino',
      transforms: ['case', 'leet'],
    };
    expect(describeExplanation(explanation)).toBe('read as "casino" through case, leet');
  });

  test('what the sender typed cannot reorder or break the line: controls, bidi overrides, separators escaped', () => {
    // A right-to-left override and an isolate inside the word, a line separator and a tag character after it.
    const text = 'cas\u202eino\u2066 \u2028\u{e0041}';
    const line = describeExplanation(explain(text));
    expect(line).toMatch(/^"cas\\u202eino" at 0–7 of the text, read as "casino" through invisible$/);
    expect(quotedText(text)).toBe('"cas\\u202eino\\u2066 \\u2028\\udb40\\udc41"');
    expect(quotedText('a\u0001b"c')).toBe('"a\\u0001b\\"c"');
    // JSON leaves these as they are: escaped here with four hexadecimal digits, as JSON writes its own.
    expect(quotedText('a\u00adb\u0085c')).toBe('"a\\u00adb\\u0085c"');
    expect(JSON.parse(quotedText(text))).toBe(text);
    for (const char of ['\u202e', '\u2066', '\u2028', '\u2029', '\u200b', '\u0085']) {
      expect(quotedText(`x${char}y`)).not.toContain(char);
    }
  });

  test('the excerpt and the matched form are bounded', () => {
    const long = compileRuleSet({ rules: [{ name: 'long', reject: false, pattern: 'x+' }], dryRun: false });
    const text = `${'X'.repeat(500)}`;
    const [hit] = contentHits(long, normalizeText(text), text);
    expect(hit!.explanation).toMatchObject({
      start: 0,
      end: 500,
      excerpt: `${'X'.repeat(80)}…`,
      matched: `${'x'.repeat(80)}…`,
    });
  });
});

describe('the span maps back to the text as sent, whatever the folds do to its length', () => {
  test.each([
    ['combining marks before it', 'e\u0301e\u0301 casino', 5, 11],
    ['an NFKC expansion before it', '\ufb03 casino', 2, 8],
    ['an NFKC expansion inside another word', 'o\ufb03ce casino', 5, 11],
    ['astral characters before it', '\u{1f600}\u{1f600} casino', 5, 11],
    ['astral letters as the term', '\u{1d41c}\u{1d41a}\u{1d42c}\u{1d422}\u{1d427}\u{1d428}', 0, 12],
    ['invisible characters before it', '\u200b\u200b\u0001 hello\u00ad casino', 11, 17],
    ['white space collapsed and trimmed before it', '  \n hello   \t casino', 14, 20],
    ['look-alikes that read as two letters before it', '\u00e6\u00e6 casino', 3, 9],
    ['half-width katakana with voiced marks before it', '\uff76\uff9e\uff76\uff9e casino', 5, 11],
    ['a mark after an invisible character before it', 'e\u0001\u0301 casino', 4, 10],
    ['upper-case Greek with a final sigma before it', 'ΟΔΟΣ casino', 5, 11],
    // Terms with marks and patterns read the text with its marks: a mark must stay with the letter it composes with.
    ['combining marks before a term with marks', 'e\u0301e\u0301 cafe\u0301', 5, 10],
    ['half-width voiced katakana before a pattern', '\uff76\uff9e\uff76\uff9e http://a.xyz', 5, 17],
    ['a mark after a control character before a pattern', 'e\u0001\u0301 http://a.xyz', 4, 16],
  ])('%s', (_case, text, start, end) => {
    const explanation = explain(text);
    expect([explanation.start, explanation.end]).toEqual([start, end]);
  });

  test.each([
    ['full-width words', '\uff48\uff45\uff4c\uff4c\uff4f '],
    ['letters with marks', 'e\u0301a\u0300 '],
    ['zero-width spaces', 'h\u200be\u200bl '],
    ['white space only', ' \t \n '],
    ['upper-case Greek with final sigmas', 'ΟΔΟΣ '],
    ['half-width katakana with voiced marks', '\uff76\uff9e '],
    ['plain words', 'hello there '],
  ])('far into a long text of %s (the text is cut into chunks, each mapped apart)', (_case, unit) => {
    const before = unit.repeat(Math.ceil(5_000 / unit.length));
    for (const spelled of ['c\u0430sino', 'CASINO', 'c.a.s.i.n.o']) {
      const text = `${before}${spelled} and more ${unit.repeat(50)}`;
      const explanation = explain(text);
      expect([explanation.start, explanation.end]).toEqual([before.length, before.length + spelled.length]);
    }
  });

  /** Spellings of "casino" an evader might send, each made of pieces the term still reads through. */
  const evasion = fc
    .array(
      fc.record({
        letter: fc.constantFrom(...'casino'),
        style: fc.constantFrom('plain', 'upper', 'mark', 'invisible', 'full-width', 'bold', 'look-alike'),
      }),
      { minLength: 6, maxLength: 6 },
    )
    .map((letters) =>
      letters
        .map(({ style }, index) => {
          const letter = 'casino'[index]!;
          switch (style) {
            case 'upper':
              return letter.toUpperCase();
            case 'mark':
              return `${letter}\u0301`;
            case 'invisible':
              return `${letter}\u200b`;
            case 'full-width':
              return String.fromCodePoint(letter.codePointAt(0)! - 0x61 + 0xff41);
            case 'bold':
              return String.fromCodePoint(letter.codePointAt(0)! - 0x61 + 0x1d41a);
            case 'look-alike':
              return (
                { c: '\u0441', a: '\u0430', s: '\u0455', i: '\u0456', n: 'n', o: '\u043e' } as Record<string, string>
              )[letter]!;
            default:
              return letter;
          }
        })
        .join(''),
    );
  const words = fc.string({ unit: 'grapheme', maxLength: 30 });

  test('the span, normalised again, holds the term (any text around it, any spelling)', () => {
    fc.assert(
      fc.property(words, evasion, words, (before, spelled, after) => {
        const text = `${before} ${spelled} ${after}`;
        const hits = contentHits(RULES, normalizeText(text), text);
        const hit = hits.find((found) => found.rule.name === 'banned-terms');
        // The words around may hold another term, or join the spelling to a longer word: any hit must still be found in its span.
        if (!hit) return;
        const { start, end } = hit.explanation!;
        expect(start).toBeDefined();
        const span = text.slice(start, end);
        expect(contentHits(RULES, normalizeText(span), span).some((found) => found.rule.name === 'banned-terms')).toBe(
          true,
        );
      }),
      { numRuns: 500 },
    );
  });

  test('a spelling between spaces is always found, and its span is exactly that spelling', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'bdfhjk xyz.!'), maxLength: 20 });
    fc.assert(
      fc.property(ascii, evasion, ascii, (before, spelled, after) => {
        const text = `${before} ${spelled} ${after}`;
        const explanation = explain(text);
        // A zero-width space after the last letter is removed with it, after the term: outside the span.
        expect(text.slice(explanation.start, explanation.end)).toBe(spelled.replace(/\u200b$/, ''));
      }),
      { numRuns: 300 },
    );
  });
});
