import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileContentRules } from '../../../functions/rules/content-rules.js';
import { normalizeText } from '../../../functions/rules/normalize-text.js';
import {
  CLAUSE_MARKS,
  LEET,
  LETTER_GAP,
  PARTICLES,
  READ_LEET,
  READ_SEPARATOR,
  SEPARATORS,
  WORD_GAP,
  termSearch,
  type TermHit,
  type TermSearchOptions,
} from '../../../functions/rules/term-search.js';
import { re2TermsRule } from '../../helpers/re2-terms-oracle.js';

/**
 * Latin letters (one that composes with a mark under NFKC), digits, punctuation, white space,
 * combining marks, Han, Hangul, Thai with its vowel sign, emoji (surrogate pairs, one with a
 * variation selector), letters and digits beyond the BMP (a Han ideograph, a styled letter and
 * digit: word characters in surrogate pairs), and the halves of a pair on their own, which
 * random strings join into pairs or leave alone: every kind of word edge there is, in few
 * enough characters that random terms and texts meet. Besides: leet digits and symbols for the
 * letters (`4`, `@`, `3`, `8`), separators (`_`, `·`, `.`, `-`, `,`, space), a Korean particle, a
 * traditional Han character and a katakana one (folded), a look-alike (Cyrillic `а`).
 */
const ALPHABET = [
  ...[
    'a',
    'b',
    'e',
    'A',
    '1',
    '2',
    '.',
    '-',
    '$',
    ' ',
    '\n',
    '\u0301',
    '\u0308',
    '赌',
    '场',
    '한',
    '글',
    'ก',
    '\u0E31',
    '😀',
    '👍',
    '\uFE0F',
    '\u200B',
  ],
  ...['\u{20000}', '\u{1D41A}', '\u{1D7CF}', '\uD83D', '\uDE00'],
  ...['4', '@', '3', '8', '_', '·', ',', '은', '이', '場', 'カ', 'か', '\u0430'],
];
const piece = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 4 });
const termsArbitrary = fc
  .uniqueArray(piece, { minLength: 1, maxLength: 8 })
  .filter((terms) => terms.every((term) => normalizeText(term).length > 0));
/** Texts made of random pieces and of the terms themselves, so that matches are frequent. */
const textFor = (terms: string[]) =>
  fc
    .array(
      fc.oneof(
        piece,
        fc.nat().map((n) => terms[n % terms.length]!),
        fc.constantFrom(...ALPHABET),
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join(''));

const termsRule = (terms: string[], options: Partial<TermSearchOptions> = {}) =>
  compileContentRules([{ name: 'terms', reject: true, terms, ...options }])[0]!;
const optionsArbitrary = fc.record({ separators: fc.boolean(), leet: fc.boolean(), particles: fc.boolean() });

describe('the terms matcher agrees with the RE2 alternations of what a terms rule matches', () => {
  test('test and explain, on raw and normalised text, for random terms, texts and options', () => {
    fc.assert(
      fc.property(
        termsArbitrary.chain((terms) =>
          fc.tuple(fc.constant(terms), fc.array(textFor(terms), { minLength: 1, maxLength: 5 }), optionsArbitrary),
        ),
        ([terms, texts, options]) => {
          const rule = termsRule(terms, options);
          const oracle = re2TermsRule(terms, options);
          for (const text of texts.flatMap((raw) => [raw, normalizeText(raw)])) {
            expect(rule.test(text), JSON.stringify({ terms, text, options })).toBe(oracle.test(text));
            const first = oracle.firstTerm(text);
            expect(rule.explain(text), JSON.stringify({ terms, text, options })).toBe(
              first === undefined ? undefined : `term "${first}"`,
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  test('and when the terms branch many ways after a shared start (more than a few branches at a node)', () => {
    const branching = fc
      .tuple(piece, fc.uniqueArray(piece, { minLength: 5, maxLength: 12 }))
      .map(([start, ends]) => ends.map((end) => `${start}${end}`))
      .filter((terms) => new Set(terms).size === terms.length && terms.every((term) => normalizeText(term).length > 0));
    fc.assert(
      fc.property(
        branching.chain((terms) =>
          fc.tuple(fc.constant(terms), fc.array(textFor(terms), { minLength: 1, maxLength: 5 }), optionsArbitrary),
        ),
        ([terms, texts, options]) => {
          const rule = termsRule(terms, options);
          const oracle = re2TermsRule(terms, options);
          for (const text of texts.flatMap((raw) => [raw, normalizeText(raw)])) {
            expect(rule.test(text), JSON.stringify({ terms, text, options })).toBe(oracle.test(text));
            const first = oracle.firstTerm(text);
            expect(rule.explain(text), JSON.stringify({ terms, text, options })).toBe(
              first === undefined ? undefined : `term "${first}"`,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test.each([
    ['a letter right after an emoji (a surrogate pair) starts a word', ['ab'], '😀ab', true],
    ['a letter right before an emoji ends a word', ['ab'], 'ab😀', true],
    ['an emoji term matches inside a word', ['😀'], 'a😀b', true],
    ['a combining mark after a term without marks is removed', ['ab'], 'ab\u0301', true],
    ['a combining mark after a term with marks joins it to a longer word', ['\u00e4b'], '\u00e4b\u0301', false],
    ['a term ending in a mark needs no edge after it', ['e\u0308'], 'xe\u0308x', false],
    ['a term starting with a mark needs no edge before it', ['\u0308e'], 'x\u0308e', true],
    ['a Han term inside Han text', ['赌场'], '来赌场玩', true],
    ['a Latin term glued to Han text', ['ab'], '赌ab场', true],
    ['a Latin term glued to Hangul', ['ab'], 'ab에서', true],
    ['a Hangul term inside a Hangul word', ['시발'], '우리의 시발점은', false],
    ['a Hangul term with a particle', ['시발'], '시발아', true],
    ['a Hangul term glued to Latin letters', ['한글'], 'x한글x', true],
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

  test("explain names the first term in the rule's order, not the first in the text, nor the longest", () => {
    const terms = ['ab cd', 'cd', 'ab', 'ab cd ef'];
    const rule = termsRule(terms);
    expect(rule.explain('ab cd ef')).toBe('term "ab cd"');
    expect(rule.explain('cd ab')).toBe('term "cd"');
    expect(rule.explain('ab cdx')).toBe('term "ab"');
    expect(rule.explain('abcd')).toBeUndefined();
  });
});

describe('the trie', () => {
  test('past a lone high surrogate, a node of many branches reads leet as a node of few does', () => {
    const terms = ['\ud83d@', '\ud83da', '\ud83d이', '\ud83d場', '\ud83d4カ'];
    const options = { separators: false, leet: true, particles: false };
    expect(termsRule(terms, options).explain('\ud83d4カ')).toBe('term "\ud83da"');
    expect(termsRule(terms.slice(0, 2), options).explain('\ud83d4カ')).toBe('term "\ud83da"');
  });

  const plain: TermSearchOptions = { separators: false, leet: false, particles: false };
  const found = (terms: string[], text: string) => {
    const hit = termSearch(terms, plain).first(text);
    return hit && terms[hit.term];
  };

  test('terms that share prefixes at several depths are each found as themselves, and nothing between them', () => {
    // Inserting the third splits an edge below the first branching point: its shared part must be compared where it is.
    const terms = ['axaz', 'ab', 'axbc', 'axa', 'b'];
    for (const term of terms) expect(found(terms, `- ${term} -`), term).toBe(term);
    for (const text of ['axac', 'axb', 'ax', 'a', 'axazz', 'axbcd'])
      expect(termSearch(terms, plain).test(text), text).toBe(false);
    expect(found(terms, 'axbc axaz')).toBe('axaz');
  });

  test('no terms, no match', () => {
    expect(termSearch([], plain).test('anything')).toBe(false);
    expect(found([], 'anything')).toBeUndefined();
  });
});

describe('the spellings a terms rule reads, one by one', () => {
  // What the rules page promises: each digit or symbol for the letter it stands for, past a word's first letter.
  const LEET_SPELLINGS = [
    ['4', 'a'],
    ['@', 'a'],
    ['8', 'b'],
    ['3', 'e'],
    ['6', 'g'],
    ['9', 'g'],
    ['1', 'i'],
    ['!', 'i'],
    ['|', 'i'],
    ['1', 'l'],
    ['|', 'l'],
    ['0', 'o'],
    ['5', 's'],
    ['$', 's'],
    ['7', 't'],
    ['+', 't'],
    ['2', 'z'],
  ] as const;
  const search = (terms: string[], options: Partial<TermSearchOptions> = {}) =>
    termSearch(terms, { separators: true, leet: true, particles: true, ...options });

  test.each(LEET_SPELLINGS)('"%s" reads as "%s" inside a word, not with leet off', (symbol, letter) => {
    const term = `xx${letter}xx`;
    expect(search([term]).test(`say xx${symbol}xx now`)).toBe(true);
    expect(search([term], { leet: false }).test(`say xx${symbol}xx now`)).toBe(false);
  });

  test('a digit or symbol reads only as its own letters', () => {
    for (const [symbol] of LEET_SPELLINGS) {
      const others = 'abegilostz'
        .split('')
        .filter((letter) => !LEET_SPELLINGS.some(([s, l]) => s === symbol && l === letter));
      for (const letter of others)
        expect(search([`xx${letter}xx`]).test(`xx${symbol}xx`), `${symbol} ${letter}`).toBe(false);
    }
  });

  // Korean particles a Hangul term may carry; nothing else may follow it.
  const PARTICLES = [
    ...['에게서', '한테서', '으로서', '으로써', '에서', '에게', '한테', '으로', '이랑', '까지', '부터', '처럼', '보다'],
    ...['은', '는', '이', '가', '을', '를', '의', '에', '도', '만', '로', '와', '과', '랑', '야', '아', '께'],
  ];
  test.each(PARTICLES)('a Hangul term followed by the particle %s matches, not with particles off', (particle) => {
    expect(search(['시발']).test(`${'시발'}${particle} 뭐야`)).toBe(true);
    expect(search(['시발'], { particles: false }).test(`${'시발'}${particle} 뭐야`)).toBe(false);
  });

  test.each([
    ['size: s, e, x and xl', false],
    ['grades a, b, c, s, e, x', false],
    ['rows s; e; x', false],
    ['s,e,x', true],
    ['s , e , x', true],
    ['s - e - x', true],
  ])('letters listed the way prose lists them are no spaced word: %j %s', (text, holds) => {
    expect(search(['sex']).test(text)).toBe(holds);
  });

  test.each([
    ['it was free, spins cost a pound', false],
    ['entry is free; spins are two euros', false],
    ['it is free. spins are extra', false],
    ['free: spins', false],
    ['free,spins', true],
    ['free . spins', true],
    ['free - spins', true],
    ['free...spins', true],
    ['it was free... spins cost extra', false],
  ])('words a clause mark and a space part are not joined into a term: %j %s', (text, holds) => {
    expect(search(['free spins']).test(text)).toBe(holds);
  });

  test('an ellipsis, which the normal form writes as three dots, parts words as prose does', () => {
    expect(search(['free spins']).test(normalizeText('it was free… spins cost extra'))).toBe(false);
    expect(search(['free spins']).test(normalizeText('free…spins'))).toBe(true);
  });

  test.each([
    ['s e x y o u', true],
    ['s.e.x. i said', true],
    ['s e x, i said', true],
    ['s-e-x-t-a-n-t', true],
  ])(
    'a spaced term matches whatever is spelled out after it (evaders spell on, `f u c k y o u`): %j %s',
    (text, holds) => {
      expect(search(['sex']).test(text)).toBe(holds);
    },
  );

  test.each([
    ['f. r. e. e. s. p. i. n. s.', true],
    ['f;r;e;e; s;p;i;n;s', true],
    ['f.r.e.e. s.p.i.n.s', true],
    ['free. s p i n s', false],
  ])('after a word spelled spaced, the gap to the next word is one more letter gap: %j %s', (text, holds) => {
    expect(search(['free spins']).test(text)).toBe(holds);
  });
});

/**
 * A plain reference for what `first` reports, over terms of a few Latin letters (and Hangul ones,
 * for the particles) in one to three words: for each term in the rule's order, each start where
 * its left edge holds, a regular expression for the term's spellings read at that very start,
 * then its right edge, past a Korean particle if need be. Those terms spell each start one way
 * only (separators are never letters), so the hit's end and what it read are those of the match.
 */
describe('first() agrees with a plain reference on the term, the start, the end and what was read', () => {
  const SEPARATOR_CLASS = `[${[...SEPARATORS].map((char) => `\\u{${char.codePointAt(0)!.toString(16)}}`).join('')}]`;
  const escape = (char: string) => `\\u{${char.codePointAt(0)!.toString(16)}}`;
  const letterSource = (char: string, leet: boolean) => {
    const symbols = leet ? Object.keys(LEET).filter((symbol) => LEET[symbol]!.includes(char)) : [];
    return symbols.length === 0 ? escape(char) : `[${[char, ...symbols].map(escape).join('')}]`;
  };
  /** A run that does not start with some of `marks` and a space (prose's punctuation joins nothing). */
  const runSource = (marks: string, most: number) =>
    `(?![${[...marks].map(escape).join('')}]+ )${SEPARATOR_CLASS}{1,${most}}`;
  const referenceSource = (term: string, options: TermSearchOptions) =>
    term
      .split(' ')
      .map((word, at, words) => {
        const letters = [...word];
        const parts = letters.map((char, index) => (index === 0 ? escape(char) : letterSource(char, options.leet)));
        const whole = parts.join('');
        if (!options.separators) return at === words.length - 1 ? whole : `${whole} `;
        // The run to the next word: after a word written whole, not one that starts as prose's punctuation.
        const [afterWhole, afterSpaced] =
          at === words.length - 1
            ? ['', '']
            : [runSource(CLAUSE_MARKS.betweenWords, WORD_GAP), `${SEPARATOR_CLASS}{1,${WORD_GAP}}`];
        return parts.length > 1
          ? `(?:${whole}${afterWhole}|${parts.join(runSource(CLAUSE_MARKS.betweenLetters, LETTER_GAP))}${afterSpaced})`
          : `${whole}${afterWhole}`;
      })
      .join('');
  const HANGUL_CHAR = /\p{sc=Hangul}/u;
  const blocksLatin = (char: string | undefined) =>
    char !== undefined && /[\p{L}\p{M}\p{N}]/u.test(char) && !HANGUL_CHAR.test(char);
  const blocksHangul = (char: string | undefined) =>
    char !== undefined && (HANGUL_CHAR.test(char) || /[\p{M}\p{N}]/u.test(char));
  const blocker = (char: string) => (HANGUL_CHAR.test(char) ? blocksHangul : blocksLatin);

  const referenceFirst = (
    terms: string[],
    text: string,
    options: TermSearchOptions,
    allowed: (start: number, end: number) => boolean,
  ): TermHit | undefined => {
    for (const [index, term] of terms.entries()) {
      const body = new RegExp(referenceSource(term, options), 'uy');
      const before = blocker(term[0]!);
      const after = blocker(term.at(-1)!);
      for (let start = 0; start < text.length; start++) {
        if (start > 0 && before(text[start - 1])) continue;
        body.lastIndex = start;
        const match = body.exec(text);
        if (!match) continue;
        const end = start + match[0].length;
        const tails = ['', ...(options.particles && after === blocksHangul ? PARTICLES : [])];
        const tail = tails.find((particle) => text.startsWith(particle, end) && !after(text[end + particle.length]));
        if (tail === undefined || allowed(start, end + tail.length)) continue;
        const isSeparator = (char: string) => SEPARATORS.includes(char);
        const spelled = [...match[0]];
        const joinedOtherwise =
          spelled.filter(isSeparator).join('') !== [...term].filter(isSeparator).join('') ? READ_SEPARATOR : 0;
        const termLetters = [...term].filter((char) => !isSeparator(char));
        const leetRead = spelled.filter((char) => !isSeparator(char)).some((char, at) => char !== termLetters[at]);
        return { term: index, start, end, read: joinedOtherwise | (leetRead ? READ_LEET : 0) };
      }
    }
    return undefined;
  };

  const LETTERS = ['a', 'b', 'i', 'l', 's', 'e', '시', '발'];
  const word = fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 3 });
  const term = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
  const separatorRun = (most: number) =>
    fc.string({ unit: fc.constantFrom(' ', ' ', ' ', '.', '·', '~'), minLength: 1, maxLength: most });
  /** A spelling of `term` as an evader may write it (or nearly: one separator too many, a symbol for the wrong letter). */
  const spelling = (term: string) =>
    fc
      .tuple(
        fc.tuple(
          ...term.split(' ').map((text) =>
            fc
              .tuple(
                fc.boolean(),
                fc.array(fc.tuple(separatorRun(LETTER_GAP + 1), fc.nat(3)), {
                  minLength: [...text].length,
                  maxLength: [...text].length,
                }),
              )
              .map(([spaced, choices]) =>
                [...text]
                  .map((char, at) => {
                    const [gap, pick] = choices[at]!;
                    const symbols = Object.keys(LEET).filter((symbol) => LEET[symbol]!.includes(char));
                    const spelled =
                      at > 0 && pick < symbols.length ? symbols[pick]! : pick === 3 && at > 0 ? '4' : char;
                    return at > 0 && spaced ? `${gap}${spelled}` : spelled;
                  })
                  .join(''),
              ),
          ),
        ),
        fc.array(separatorRun(WORD_GAP + 1), { minLength: 3, maxLength: 3 }),
      )
      .map(([words, gaps]) => words.map((text, at) => (at === 0 ? text : `${gaps[at - 1]}${text}`)).join(''));
  const surroundings = fc.constantFrom('', ' ', 'x', '4', '.', '시', '아', '에서', '이', '\u0301', 'é');
  const textFor = (terms: string[]) =>
    fc
      .array(
        fc.oneof(
          surroundings,
          fc.nat().chain((n) => spelling(terms[n % terms.length]!)),
          fc.nat().map((n) => terms[n % terms.length]!),
        ),
        { maxLength: 6 },
      )
      .map((parts) => parts.join(''));
  const allowedArbitrary = fc.option(
    fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 4 })).map(
      ([weight, modulus]) =>
        (start: number, end: number) =>
          (start * weight + end) % modulus === 0,
    ),
    { nil: undefined },
  );

  test('for random terms, spellings of them, options and exceptions', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(term, { minLength: 1, maxLength: 12 })
          .chain((terms) =>
            fc.tuple(
              fc.constant(terms),
              fc.array(textFor(terms), { minLength: 1, maxLength: 4 }),
              optionsArbitrary,
              allowedArbitrary,
            ),
          ),
        ([terms, texts, options, allowed]) => {
          const search = termSearch(terms, options);
          for (const text of texts) {
            const expected = referenceFirst(terms, text, options, allowed ?? (() => false));
            const context = JSON.stringify({ terms, text, options, allowed: allowed !== undefined });
            expect(search.first(text, allowed), context).toEqual(expected);
            expect(search.test(text, allowed), context).toBe(expected !== undefined);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('the empty term, half code points, and where test() stops', () => {
  const all: TermSearchOptions = { separators: true, leet: true, particles: true };

  test('the empty term is found at the start of every text, as itself, unless that hit is allowed', () => {
    expect(termSearch([''], all).test('')).toBe(true);
    expect(termSearch(['', 'ab'], all).first('x ab')).toEqual({ term: 0, start: 0, end: 0, read: 0 });
    expect(termSearch(['ab', ''], all).first('x ab')).toEqual({ term: 0, start: 2, end: 4, read: 0 });
    expect(termSearch(['ab', ''], all).first('x')).toEqual({ term: 1, start: 0, end: 0, read: 0 });
    const asked: [number, number][] = [];
    const allowed = (start: number, end: number) => (asked.push([start, end]), end === 0);
    expect(termSearch(['', 'ab'], all).first('x ab', allowed)).toEqual({ term: 1, start: 2, end: 4, read: 0 });
    expect(asked).toEqual([
      [0, 0],
      [2, 4],
    ]);
    expect(termSearch([''], all).test('x', () => true)).toBe(false);
  });

  test("the second half of a term's code point is read right after the first, never across a separator", () => {
    // A lone high half then a separator then the low half spells no emoji, inside a word or at its start.
    expect(termSearch(['a😀b'], all).test('a😀b')).toBe(true);
    expect(termSearch(['a😀b'], all).test('a.😀.b')).toBe(true);
    expect(termSearch(['a😀b'], all).test('a.\uD83D.\uDE00.b')).toBe(false);
    expect(termSearch(['😀b'], all).test('\uD83D.\uDE00.b')).toBe(false);
    // A word spaced before the code point stays spaced after it, and a whole one whole.
    expect(termSearch(['a😀b'], all).test('a.😀b')).toBe(false);
    expect(termSearch(['a😀b'], all).test('a😀.b')).toBe(false);
  });

  test('half code points in a term are letters like the others: spaced apart from the letters around them', () => {
    expect(termSearch(['a\uDE00'], all).test('a.\uDE00')).toBe(true);
    expect(termSearch(['\uD83Da'], all).test('\uD83D.a')).toBe(true);
  });

  test('test() asks whether a hit is allowed no further once it finds one that is not', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('ab', 'a b', 'ba', 'b', 'abe', 'ai', 'al', 'as', 'ae', 'a.b'), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(fc.constantFrom('ab', 'a b', 'a.b', 'ba', 'b', 'a8', 'a.8', 'abe', 'ai', 'al', 'as', 'ae', ' ', 'x'), {
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 3 }),
        (terms, parts, allowedCount) => {
          const text = parts.join(' ');
          const answers: boolean[] = [];
          const allowed = () => {
            const answer = answers.length < allowedCount;
            answers.push(answer);
            return answer;
          };
          const found = termSearch(terms, all).test(text, allowed);
          expect(found).toBe(answers.includes(false));
          expect(answers.indexOf(false) === -1 || answers.indexOf(false) === answers.length - 1).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

test('past a few branches, the letter after the longest letter gap is still looked up, and its leet letters', () => {
  const branching = termSearch(['xa', 'xb', 'xe', 'xi', 'xl', 'xs'], { separators: true, leet: true, particles: true });
  expect(branching.first('x . s')).toEqual({ term: 5, start: 0, end: 5, read: READ_SEPARATOR });
  expect(branching.first('x - 5')).toEqual({ term: 5, start: 0, end: 5, read: READ_SEPARATOR | READ_LEET });
  expect(branching.test('x .  s')).toBe(false);
});

test('past a few branches, a separator other than a space is still read as a word gap', () => {
  const branching = termSearch(['xa', 'xb', 'xe', 'xi', 'xl', 'x s'], {
    separators: true,
    leet: true,
    particles: true,
  });
  expect(branching.first('x-s')).toEqual({ term: 5, start: 0, end: 3, read: READ_SEPARATOR });
});
