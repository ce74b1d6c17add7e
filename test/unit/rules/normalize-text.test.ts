import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { normalizeText } from '../../../functions/rules/normalize-text.js';

describe('normalizeText', () => {
  test.each([
    ['full-width letters', 'ＣＡＳＩＮＯ', 'casino'],
    ['mathematical bold letters', '𝐜𝐚𝐬𝐢𝐧𝐨', 'casino'],
    ['circled letters', 'Ⓒⓐⓢⓘⓝⓞ', 'casino'],
    ['a zero-width space inside a word', 'cas\u200Bino', 'casino'],
    ['a soft hyphen inside a word', 'cas\u00ADino', 'casino'],
    ['runs of white space and line breaks', '  crypto \t\n  pump ', 'crypto pump'],
    ['upper and mixed case', 'CrYpTo PUMP', 'crypto pump'],
    ['a ligature', 'ﬁnance', 'finance'],
    // NFKC has no capital J with a caron; the lower-case pair composes into one code point (U+01F0).
    ['a capital and a mark that only its lower case composes with', 'J\u030C', '\u01F0'],
    ['a control character that is not Default_Ignorable', 'cas\u0001ino', 'casino'],
    ['an interlinear annotation anchor (Cf)', 'cas\uFFF9ino', 'casino'],
    ['an Arabic number sign (Cf)', 'cas\u0600ino', 'casino'],
    ['a line break between words stays a space', 'crypto\r\npump', 'crypto pump'],
    ['the Turkish dotted capital I', 'CASİNO', 'casino'],
  ])('%s', (_case, text, expected) => {
    expect(normalizeText(text)).toBe(expected);
  });

  test('removes every control and format character but white space', () => {
    const removed: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint === 0xd800) codePoint = 0xe000;
      const char = String.fromCodePoint(codePoint);
      if (/[\p{Cc}\p{Cf}]/u.test(char) && !/\s/u.test(char)) removed.push(char);
    }
    // Among them the 92 that are not Default_Ignorable, which removing invisible characters alone left in.
    expect(removed.filter((char) => !/\p{Default_Ignorable_Code_Point}/u.test(char))).toHaveLength(92);
    for (const char of removed) expect(normalizeText(`a${char}b`), `U+${char.codePointAt(0)!.toString(16)}`).toBe('ab');
  });

  test('is idempotent on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => normalizeText(normalizeText(text)) === normalizeText(text)),
    );
  });

  test('does not depend on letter case', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii' }),
        (text) => normalizeText(text.toUpperCase()) === normalizeText(text.toLowerCase()),
      ),
    );
  });

  test('reads full-width ASCII as ASCII', () => {
    const fullWidth = (text: string) =>
      [...text]
        .map((char) => (char >= '!' && char <= '~' ? String.fromCodePoint(char.codePointAt(0)! + 0xfee0) : char))
        .join('');
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii' }),
        (text) => normalizeText(fullWidth(text)) === normalizeText(text),
      ),
    );
  });

  test('gives ASCII text, already normal or not, the form the full normalisation gives it', () => {
    const full = (text: string) =>
      text
        .normalize('NFKC')
        .replace(/[\p{Default_Ignorable_Code_Point}\p{Cf}]|[^\P{Cc}\s]/gu, '')
        .toLowerCase()
        .normalize('NFKC')
        .replace(/\s+/gu, ' ')
        .trim();
    const ascii = fc.constantFrom(
      ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
      '\t',
      '\n',
      '\u007F',
      '\u0000',
    );
    fc.assert(fc.property(fc.string({ unit: ascii }), (text) => normalizeText(text) === full(text)));
    fc.assert(fc.property(fc.string({ unit: ascii }), (text) => normalizeText(full(text)) === full(text)));
  });
});
