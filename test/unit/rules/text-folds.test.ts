import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { normalizeText } from '../../../functions/rules/normalize-text.js';
import {
  foldHan,
  foldKana,
  foldLookAlikes,
  hasMarks,
  markedForm,
  stripMarks,
  unmarkedForm,
} from '../../../functions/rules/text-folds.js';

describe('each fold on its own', () => {
  test.each([
    ['a combining acute', 'cas\u0301ino', 'casino'],
    ['precomposed accents', 'çàsïnö', 'casino'],
    ['the dot a lower-cased Turkish İ leaves', 'casi\u0307no', 'casino'],
    ['Hangul stays composed', '시발점', '시발점'],
    ['ASCII as it is', 'casino 42!', 'casino 42!'],
    // Marks beyond the BMP, in surrogate pairs from the first high half (D800) on; other pairs stay.
    ['marks beyond the BMP', 'cas\u{101FD}ino\u{1D167} ok\u{E0100}', 'casino ok'],
    ['letters and emoji beyond the BMP', '\u{1D41A}\u{1F600}\u{10000}', '\u{1D41A}\u{1F600}\u{10000}'],
  ])('stripMarks: %s', (_case, text, expected) => {
    expect(stripMarks(text)).toBe(expected);
  });

  test.each([
    ['a Cyrillic а', 'c\u0430sino', 'casino'],
    ['Greek ο and ι', 'casιnο', 'casino'],
    ['the dotless ı', 'casıno', 'casino'],
    ['small capitals', 'ᴄᴀsɪɴᴏ', 'casino'],
    ['negative circled and squared letters', '🅒🅐🆂ino', 'casino'],
    ['regional indicators', '🇨🇦🇸🇮🇳🇴', 'casino'],
    ['a whole-script Cyrillic look-alike', 'сазіпо'.replace('з', 's'), 'casino'.replace('n', 'п')],
    ['ASCII is never remapped (m is not rn, 0 is not o)', 'm0l1', 'm0l1'],
    ['letters without look-alikes stay (ш, м)', 'шум', 'шyм'],
    ['a look-alike right after U+FFFF, the last code point of one code unit', '\uffff\u0430', '\uffffa'],
  ])('foldLookAlikes: %s', (_case, text, expected) => {
    expect(foldLookAlikes(text)).toBe(expected);
  });

  test.each([
    ['traditional to simplified', '賭場', '赌场'],
    ['simplified as it is', '赌场', '赌场'],
    ['a word of several', '來賭場贏錢', '来赌场赢钱'],
    ['non-Han text untouched', 'casino カジノ', 'casino カジノ'],
    ['the first pair of the table, whose code point takes three digits to write', '\u346f', '\u3454'],
  ])('foldHan: %s', (_case, text, expected) => {
    expect(foldHan(text)).toBe(expected);
  });

  test.each([
    ['katakana to hiragana', 'カジノ', 'かじの'],
    ['hiragana as it is', 'かじの', 'かじの'],
    ['the long vowel mark stays', 'カー', 'かー'],
  ])('foldKana: %s', (_case, text, expected) => {
    expect(foldKana(text)).toBe(expected);
  });

  test('hasMarks looks at the decomposed form', () => {
    expect(hasMarks('café')).toBe(true);
    expect(hasMarks('cafe')).toBe(false);
    expect(hasMarks('시발')).toBe(false);
  });
});

describe('the match forms', () => {
  const unit = fc.constantFrom(
    'a',
    'C',
    '4',
    ' ',
    '.',
    '\u0301',
    '\u0430',
    'ᴀ',
    'İ',
    'ı',
    '賭',
    '场',
    'カ',
    'か',
    '시',
    '😀',
    '\u0001',
    '\uFFF9',
  );
  test('are idempotent, and fold the normalised text only', () => {
    fc.assert(
      fc.property(fc.string({ unit }), (raw) => {
        const text = normalizeText(raw);
        expect(unmarkedForm(unmarkedForm(text))).toBe(unmarkedForm(text));
        expect(markedForm(markedForm(text))).toBe(markedForm(text));
      }),
    );
  });

  test("an evader's spelling and the plain word share a form", () => {
    expect(unmarkedForm(normalizeText('CАSİNO'))).toBe('casino');
    expect(unmarkedForm(normalizeText('ᴄᴀs\u0001ɪɴᴏ'))).toBe('casino');
    expect(markedForm(normalizeText('CAFÉ'))).toBe('café');
  });
});
