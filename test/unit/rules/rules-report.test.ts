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
    expect(checkRulesText('{"rules":[{"name":"a"}]}')).toEqual({ valid: false, problems: [expect.stringMatching(/^rules\[0\]: a rule needs exactly one of/)] });
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
});
