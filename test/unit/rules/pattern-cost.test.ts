import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compilePattern,
  firstMatchingSpan,
  PATTERN_PROGRAM_LIMITS,
  programSize,
} from '../../../functions/rules/pattern-cost.js';

/** A compiled pattern that counts its tests and the characters they read. */
function counted(source: string) {
  const re = compilePattern(source);
  const spent = { tests: 0, characters: 0 };
  return {
    spent,
    re: { test: (text: string) => ((spent.tests += 1), (spent.characters += text.length), re.test(text)) },
  };
}

describe('the first matching span, by tests alone', () => {
  test.each([
    ['x+', 'aaa xxx', 'x'],
    ['casino', 'best casino in town', 'casino'],
    ['\\d{3}', 'call 555 0100', '555'],
    ['a|b', 'b', 'b'],
  ])('%s in %j', (source, text, matched) => {
    const span = firstMatchingSpan(compilePattern(source), text)!;
    expect(text.slice(span.start, span.end)).toBe(matched);
  });

  test('no match, no span', () => {
    expect(firstMatchingSpan(compilePattern('casino'), 'a clean text')).toBeUndefined();
  });

  test('a match at the end of 64 KB is found in about 2 log2(n) tests reading a few times the text', () => {
    const text = `${'a '.repeat(32_700)}casino`;
    const { re, spent } = counted('casino');

    const span = firstMatchingSpan(re, text)!;

    expect(text.slice(span.start, span.end)).toBe('casino');
    expect(spent.tests).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(text.length)) + 10);
    expect(spent.characters).toBeLessThanOrEqual(40 * text.length);
  });

  test('whatever the text, the span is one the pattern matches, and none ends before it', () => {
    const sources = ['ab+', 'b.a', '(?:ab|ba)+', 'a{2}b?'];
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.string({ unit: fc.constantFrom('a', 'b', ' '), maxLength: 600 }),
        (source, text) => {
          const re = compilePattern(source);
          const span = firstMatchingSpan(re, text);
          expect(span === undefined).toBe(!re.test(text));
          if (!span) return;
          expect(re.test(text.slice(span.start, span.end))).toBe(true);
          expect(re.test(text.slice(0, span.end - 1))).toBe(false);
        },
      ),
    );
  });
});

describe('program sizes', () => {
  test('a counted repetition copies its body: the size that bounds a pattern', () => {
    expect(programSize('(?:\\w+\\W*){49,}')).toBeLessThanOrEqual(PATTERN_PROGRAM_LIMITS.pattern);
    expect(programSize('(?:\\w+\\W*){50,}')).toBeGreaterThan(PATTERN_PROGRAM_LIMITS.pattern);
    expect(programSize('(')).toBeUndefined();
  });
});
