import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileContentRules } from '../../../functions/rules/content-rules.js';
import { compilePattern } from '../../../functions/rules/pattern-cost.js';
import { patternGates } from '../../../functions/rules/pattern-gate.js';

/** Pieces of patterns whose meaning could leak into a neighbour's branch if the gate got its grouping wrong. */
const PIECES = [
  'a',
  'b',
  'ab',
  '\\d',
  '\\w+',
  '.',
  '[a-c]',
  '\\bab\\b',
  '^a',
  'b$',
  '(?i)A',
  '(?-i)A',
  '(?s)a.b',
  '\\Qa)\\E',
  '(?:a|b)',
  'x*',
  'a|b',
];
const pattern = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 3 }).map((pieces) => pieces.join(''));
const text = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', 'x', '1', ' ', '\n', ')'), maxLength: 12 });

describe('one test for all of a set’s patterns', () => {
  test('a shared gate opens exactly when one of its patterns matches (2,000 sets, 10 texts each)', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: 2, maxLength: 5 }),
        fc.array(text, { maxLength: 10 }),
        (sources, texts) => {
          const gates = patternGates(sources);
          const compiled = sources.map((source) => compilePattern(source));
          for (const sample of texts) {
            expect(gates[0]!(sample)).toBe(compiled.some((re) => re.test(sample)));
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  test('the patterns’ inline flags end with their own branch', () => {
    const [gate] = patternGates(['(?-i)A', 'B']);
    expect(gate!('a')).toBe(false);
    expect(gate!('b')).toBe(true);
    expect(gate!('A')).toBe(true);
  });

  test('anchors keep their meaning in a branch: ^ at the text’s start, $ at its end', () => {
    const [gate] = patternGates(['^a', 'b$']);
    expect(gate!('ba')).toBe(false);
    expect(gate!('ab')).toBe(true);
    expect(gate!('xa xb')).toBe(true);
    expect(gate!('xa bx')).toBe(false);
  });

  test('it answers for each text in turn, not for the one it read before', () => {
    const [gate] = patternGates(['casino', 'poker']);
    expect([gate!('casino'), gate!('clean'), gate!('clean'), gate!('poker'), gate!('clean')]).toEqual([
      true,
      false,
      false,
      true,
      false,
    ]);
  });

  test('an unterminated \\Q quote, which would swallow its branch’s end, is left out and tested alone', () => {
    const gates = patternGates(['a', '\\Qb)', 'c']);
    expect(gates[1]!('nothing here')).toBe(true);
    expect(gates[0]!('nothing here')).toBe(false);
    expect(gates[0]!('only c')).toBe(true);
  });

  test('with one pattern there is nothing to share: its gate is open', () => {
    expect(patternGates(['casino'])[0]!('clean')).toBe(true);
    expect(patternGates(['casino', '\\Qb)']).map((gate) => gate('clean'))).toEqual([true, true]);
  });
});

describe('pattern rules behind the gate', () => {
  const rules = compileContentRules([
    { name: 'links', pattern: 'https?://\\S+\\.xyz\\b', reject: true },
    { name: 'crypto', pattern: '(free|cheap)\\s+coins?', reject: false },
    { name: 'quoted', pattern: '\\Qa+b', reject: false },
  ]);

  test('each rule still answers for itself when the gate opens for another', () => {
    expect(rules.map((rule) => rule.test('get free coins now'))).toEqual([false, true, false]);
    expect(rules.map((rule) => rule.test('see https://spam.xyz and a+b'))).toEqual([true, false, true]);
    expect(rules.map((rule) => rule.test('a clean text'))).toEqual([false, false, false]);
  });
});
