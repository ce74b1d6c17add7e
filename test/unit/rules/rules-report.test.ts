import { describe, expect, test } from 'vitest';
import { checkRulesText, testRules } from '../../../functions/rules/rules-report.js';
import { parseRulesJson } from '../../../functions/rules/rules-schema.js';

const FILE = JSON.stringify({
  rules: [
    { name: 'banned-terms', terms: ['casino', 'crypto pump'], reject: true },
    { name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' },
    { name: 'flood', flood: { messages: 30, windowSeconds: 10 } },
  ],
});

describe('rules reports', () => {
  test('check lists the rules of a valid file', () => {
    expect(checkRulesText(FILE)).toEqual({
      valid: true,
      dryRun: false,
      rules: [
        { name: 'banned-terms', kind: 'terms', reject: true },
        { name: 'scam-links', kind: 'pattern', reject: false },
        { name: 'flood', kind: 'flood', reject: false },
      ],
    });
    expect(checkRulesText('{"rules":[{"name":"a"}]}')).toEqual({
      valid: false,
      problems: [expect.stringMatching(/^rules\[0\]: a rule needs exactly one of/)],
    });
  });

  test('test shows the normalised text, the verdict, each match and why, and what one text cannot show', () => {
    const parsed = parseRulesJson(FILE);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(testRules(parsed.rules, 'ＣＡＳＩＮＯ at http://a.ru')).toEqual({
      normalized: 'casino at http://a.ru',
      verdict: { valid: false, code: 'banned-terms' },
      matches: [
        { rule: 'banned-terms', kind: 'terms', reject: true, why: 'term "casino"' },
        { rule: 'scam-links', kind: 'pattern', reject: false, why: 'pattern matched "http://a.ru"' },
      ],
      notTested: [{ rule: 'flood', kind: 'flood' }],
    });
  });

  test('check names each kind, and a dry run', () => {
    const text = JSON.stringify({
      dryRun: true,
      rules: [
        { name: 'copies', repeat: { senders: 3, windowSeconds: 60 } },
        { name: 'burst', flood: { messages: 3, windowSeconds: 10 } },
        { name: 'links', pattern: 'http', reject: true },
        { name: 'words', terms: ['a'] },
      ],
    });
    expect(checkRulesText(text)).toEqual({
      valid: true,
      dryRun: true,
      rules: [
        { name: 'copies', kind: 'repeat', reject: false },
        { name: 'burst', kind: 'flood', reject: false },
        { name: 'links', kind: 'pattern', reject: true },
        { name: 'words', kind: 'terms', reject: false },
      ],
    });
    expect(checkRulesText('not json')).toEqual({ valid: false, problems: [expect.stringMatching(/^not JSON: /)] });
  });

  test('test lists every counting rule as not tested, and gives the verdict of the set as it is (a dry run passes)', () => {
    const parsed = parseRulesJson(
      JSON.stringify({
        dryRun: true,
        rules: [
          { name: 'copies', repeat: { senders: 3, windowSeconds: 60 } },
          { name: 'words', terms: ['spam'], reject: true },
          { name: 'burst', flood: { messages: 3, windowSeconds: 10 } },
        ],
      }),
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(testRules(parsed.rules, '  SPAM  ')).toEqual({
      normalized: 'spam',
      verdict: { valid: true },
      matches: [{ rule: 'words', kind: 'terms', reject: true, why: 'term "spam"' }],
      notTested: [
        { rule: 'copies', kind: 'repeat' },
        { rule: 'burst', kind: 'flood' },
      ],
    });
    expect(testRules(parsed.rules, 'hello')).toEqual({
      normalized: 'hello',
      verdict: { valid: true },
      matches: [],
      notTested: expect.any(Array),
    });
  });
});
