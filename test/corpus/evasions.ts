/**
 * Evasions of the corpus terms, generated: each class of evasion on its own on every term it
 * applies to, and pairs of them combined, each inside a few carrier sentences. Every one must be
 * caught by the rule of the corpus terms.
 */
import { CJK_TERMS, LATIN_TERMS } from './terms.js';

export interface Evasion {
  /** The classes of evasion applied, in order. */
  classes: string[];
  term: string;
  text: string;
}

type Transform = (term: string) => string;

const perLetter =
  (table: Record<string, string>, every = false): Transform =>
  (term) => {
    let done = false;
    return [...term]
      .map((char) => {
        const to = table[char];
        if (to === undefined || (done && !every)) return char;
        done = true;
        return to;
      })
      .join('');
  };
const everyLetter =
  (map: (char: string) => string): Transform =>
  (term) =>
    [...term].map((char) => (char === ' ' ? char : map(char))).join('');
const insideWords =
  (insert: string): Transform =>
  (term) =>
    term
      .split(' ')
      .map((word) => `${word.slice(0, 2)}${insert}${word.slice(2)}`)
      .join(' ');
const letterJoin =
  (separator: string): Transform =>
  (term) =>
    term
      .split(' ')
      .map((word) => [...word].join(separator))
      .join(' ');

const CYRILLIC: Record<string, string> = { a: 'а', c: 'с', e: 'е', o: 'о', p: 'р', x: 'х', y: 'у', i: 'і', s: 'ѕ' };
const GREEK: Record<string, string> = { o: 'ο', i: 'ι', a: 'α', v: 'ν', p: 'ρ', t: 'τ', n: 'η' };
const SMALL_CAPITALS: Record<string, string> = {
  a: 'ᴀ',
  b: 'ʙ',
  c: 'ᴄ',
  e: 'ᴇ',
  g: 'ɢ',
  h: 'ʜ',
  i: 'ɪ',
  n: 'ɴ',
  o: 'ᴏ',
  p: 'ᴘ',
  r: 'ʀ',
  s: 'ꜱ',
  t: 'ᴛ',
  u: 'ᴜ',
  w: 'ᴡ',
  v: 'ᴠ',
  m: 'ᴍ',
  f: 'ꜰ',
  l: 'ʟ',
  x: 'x',
  k: 'ᴋ',
  y: 'ʏ',
  z: 'ᴢ',
};
const LEET_DIGITS: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
const LEET_SYMBOLS: Record<string, string> = { a: '@', s: '$', i: '!' };
const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', c: 'ç', n: 'ñ', s: 'š' };
const offsetLetter = (base: number) => (char: string) =>
  char >= 'a' && char <= 'z' ? String.fromCodePoint(base + char.charCodeAt(0) - 97) : char;

/** The classes of evasion of a Latin term, each a transform of the term. */
export const LATIN_CLASSES: Record<string, Transform> = {
  'cyrillic look-alike': perLetter(CYRILLIC),
  'cyrillic look-alikes throughout': perLetter(CYRILLIC, true),
  'greek look-alike': perLetter(GREEK),
  'small capitals': everyLetter((char) => SMALL_CAPITALS[char] ?? char),
  'negative circled letters': everyLetter(offsetLetter(0x1f150)),
  'negative squared letters': everyLetter(offsetLetter(0x1f170)),
  'regional indicators': (term) =>
    [...term]
      .map((char) => (char === ' ' ? '  ' : `${offsetLetter(0x1f1e6)(char)} `))
      .join('')
      .trim(),
  'circled letters (NFKC)': everyLetter(offsetLetter(0x24d0)),
  'full-width letters (NFKC)': everyLetter(offsetLetter(0xff41)),
  'mathematical bold (NFKC)': everyLetter(offsetLetter(0x1d41a)),
  'combining marks': everyLetter((char) => `${char}\u0301`),
  'precomposed accents': perLetter(ACCENTED, true),
  'turkish dotted capital I': (term) => term.toUpperCase().replaceAll('I', 'İ'),
  'turkish dotless i': (term) => term.replaceAll('i', 'ı'),
  'upper and mixed case': (term) => [...term].map((char, i) => (i % 2 ? char.toUpperCase() : char)).join(''),
  'control character inside (U+0001)': insideWords('\u0001'),
  'format character inside (U+FFF9)': insideWords('\uFFF9'),
  'format character inside (U+0600)': insideWords('\u0600'),
  'zero-width space inside': insideWords('\u200B'),
  'word joiner inside': insideWords('\u2060'),
  'spaced letters': letterJoin(' '),
  'dotted letters': letterJoin('.'),
  'hyphenated letters': letterJoin('-'),
  'underscored letters': letterJoin('_'),
  'spaced with runs': letterJoin(' . '),
  'leet digits': (term) =>
    term
      .split(' ')
      .map((word) => word[0] + perLetter(LEET_DIGITS, true)(word.slice(1)))
      .join(' '),
  'leet symbols': (term) =>
    term
      .split(' ')
      .map((word) => word[0] + perLetter(LEET_SYMBOLS, true)(word.slice(1)))
      .join(' '),
};

/** The classes that apply only to a term of several words. */
export const PHRASE_CLASSES: Record<string, Transform> = {
  'hyphen-joined words': (term) => term.replaceAll(' ', '-'),
  'underscore-joined words': (term) => term.replaceAll(' ', '_'),
  'dot-joined words': (term) => term.replaceAll(' ', '.'),
  'words across a run of separators': (term) => term.replaceAll(' ', ' -- '),
  'words across a line break': (term) => term.replaceAll(' ', '\n\n'),
};

/** Carrier sentences; `{}` is the evasion. */
const LATIN_CARRIERS = [
  '{}',
  'Visit the {} tonight',
  'best {}!!! join now',
  '来{}赢钱',
  '请加{}群',
  '{}에서 만나요',
  'パチンコ好き？{}で遊ぼう',
];

/** Evasions of the CJK and Hangul terms, each with its class. */
const CJK_EVASIONS: [string, string, string][] = [
  ['traditional for simplified', CJK_TERMS.simplified, '欢迎来賭場玩'],
  ['traditional, spaced', CJK_TERMS.simplified, '賭 場 开业'],
  ['simplified inside text', CJK_TERMS.simplified, '我们去赌场吧'],
  ['hiragana for katakana', CJK_TERMS.katakana, 'かじので遊ぼう'],
  ['half-width katakana (NFKC)', CJK_TERMS.katakana, 'ｶｼﾞﾉで遊ぼう'],
  ['katakana with a format character', CJK_TERMS.katakana, 'カジ\uFFF9ノで遊ぼう'],
  ['hangul at the start of a word', CJK_TERMS.hangul, '이 시발 진짜'],
  ['hangul with a particle', CJK_TERMS.hangul, '시발아 뭐해'],
  ['hangul with a particle of two syllables', CJK_TERMS.hangul, '시발에서 그만'],
  ['hangul spaced', CJK_TERMS.hangul, '시 발 진짜'],
  ['hangul with a control character', CJK_TERMS.hangul, '시\u0001발'],
  ['hangul next to Latin', CJK_TERMS.hangulCasino, 'best카지노site'],
  ['hangul with the topic particle', CJK_TERMS.hangulCasino, '카지노는 여기'],
];

function* generate(): Generator<Evasion> {
  const latin = Object.entries(LATIN_CLASSES);
  for (const term of LATIN_TERMS) {
    const classes = term.includes(' ') ? [...latin, ...Object.entries(PHRASE_CLASSES)] : latin;
    for (const [name, transform] of classes) {
      const evasion = transform(term);
      if (evasion === term) continue;
      for (const carrier of LATIN_CARRIERS) yield { classes: [name], term, text: carrier.replace('{}', evasion) };
    }
    // Pairs: every look-alike, mark, case or invisible class after every spacing or leet class.
    const spellings = latin.filter(
      ([name]) => /letters|leet/.test(name) && !/NFKC|capitals|circled|squared|indicators/.test(name),
    );
    const disguises = latin.filter(([name]) => /look-alike|marks|accents|turkish|case|inside|capitals/.test(name));
    for (const [first, spell] of spellings) {
      for (const [second, disguise] of disguises) {
        const evasion = disguise(spell(term));
        if (evasion !== term) yield { classes: [first, second], term, text: `Visit the ${evasion} tonight` };
      }
    }
  }
  for (const [name, term, text] of CJK_EVASIONS) yield { classes: [name], term, text };
}

export const EVASIONS: Evasion[] = [...generate()];
