import { describe, expect, test } from 'vitest';
import { textFingerprint, textKeyOf } from '../../../functions/rules/counting-rules.js';
import { normalizeText } from '../../../functions/rules/normalize-text.js';

const keyOf = (text: string) => textKeyOf(normalizeText(text));

describe('the repeat fingerprint', () => {
  const spam = 'Join our crypto pump group now';

  test.each([
    ['an invisible character inside', 'Join our cry\u200Bpto pump group now'],
    ['a control character inside', 'Join our cry\u0001pto pump group now'],
    ['a trailing exclamation mark', `${spam}!`],
    ['an emoji at either end', `🚀 ${spam} 🚀🚀`],
    ['a look-alike letter', 'Join our crypto pump grоup now'],
    ['other white space', 'Join  our\ncrypto pump group now '],
    ['case', spam.toUpperCase()],
    ['an accent', 'Join our crýpto pump group now'],
    ['small capitals', 'Join our ᴄʀʏᴘᴛᴏ pump group now'],
  ])('counts a copy with %s as the same text', (_case, copy) => {
    expect(keyOf(copy)).toBe(keyOf(spam));
  });

  test.each([
    ['another word', 'Join our crypto dump group now'],
    ['a word missing', 'Join crypto pump group now'],
    ['a digit changed', 'Join our crypto pump group now 2'],
    ['punctuation inside', 'Join our crypto-pump group now'],
  ])('counts a text with %s as another', (_case, other) => {
    expect(keyOf(other)).not.toBe(keyOf(spam));
  });

  test('a text without letters or digits is counted as it is', () => {
    expect(textFingerprint(normalizeText('!!!'))).toBe('!!!');
    expect(keyOf('!!!')).not.toBe(keyOf('???'));
    expect(keyOf('👍')).not.toBe(keyOf('👎'));
  });

  test('keeps what the letters and digits are, and where the words part only by their letters', () => {
    expect(textFingerprint(normalizeText('  «Hello, Wörld!» 🙂 '))).toBe('hello,world');
  });
});
