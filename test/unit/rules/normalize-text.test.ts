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
  ])('%s', (_case, text, expected) => {
    expect(normalizeText(text)).toBe(expected);
  });

  test('is idempotent on any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => normalizeText(normalizeText(text)) === normalizeText(text)));
  });

  test('does not depend on letter case', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => normalizeText(text.toUpperCase()) === normalizeText(text.toLowerCase())));
  });

  test('reads full-width ASCII as ASCII', () => {
    const fullWidth = (text: string) => [...text].map((char) => (char >= '!' && char <= '~' ? String.fromCodePoint(char.codePointAt(0)! + 0xfee0) : char)).join('');
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => normalizeText(fullWidth(text)) === normalizeText(text)));
  });

  test('gives ASCII text, already normal or not, the form the full normalisation gives it', () => {
    const full = (text: string) => text.normalize('NFKC').replace(/\p{Default_Ignorable_Code_Point}/gu, '').toLowerCase().normalize('NFKC').replace(/\s+/gu, ' ').trim();
    const ascii = fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), '\t', '\n', '\u007F', '\u0000');
    fc.assert(fc.property(fc.string({ unit: ascii }), (text) => normalizeText(text) === full(text)));
    fc.assert(fc.property(fc.string({ unit: ascii }), (text) => normalizeText(full(text)) === full(text)));
  });
});
