import { describe, expect, test } from 'vitest';
import { checkRulesText, formatRulesTest, testRules } from '../../../functions/rules/rules-report.js';
import { compileRuleSet } from '../../../functions/rules/rule-set.js';
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

  test('test shows the normalised text, its skeleton, the rule set, the verdict, each match, why, where and how, and what one text cannot show', () => {
    const parsed = parseRulesJson(FILE);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const ruleSet = compileRuleSet(parsed.rules).version;
    expect(testRules(parsed.rules, 'ＣＡＳＩＮＯ at http://a.ru, c\u0430sino')).toEqual({
      normalized: 'casino at http://a.ru, c\u0430sino',
      skeleton: 'casino at http://a.ru, casino',
      ruleSet,
      verdict: { valid: false, code: 'banned-terms' },
      matches: [
        {
          rule: 'banned-terms',
          kind: 'terms',
          reject: true,
          why: 'term "casino"',
          explanation: {
            rule: 'banned-terms',
            ruleSet,
            start: 0,
            end: 6,
            excerpt: 'ＣＡＳＩＮＯ',
            matched: 'casino',
            transforms: ['compatibility', 'case'],
          },
        },
        {
          rule: 'scam-links',
          kind: 'pattern',
          reject: false,
          why: 'pattern matched "http://a.ru"',
          explanation: expect.objectContaining({ start: 10, end: 21, excerpt: 'http://a.ru', transforms: [] }),
        },
      ],
      notTested: [{ rule: 'flood', kind: 'flood' }],
    });
  });

  test('the text report says the same, a line per fact', () => {
    const parsed = parseRulesJson(FILE);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const report = testRules(parsed.rules, 'play c4s1n0');
    expect(formatRulesTest(report)).toBe(
      [
        'verdict: reject (code banned-terms)',
        'normalized: "play c4s1n0"',
        'skeleton: "play c4s1n0"',
        `rule set: ${report.ruleSet}`,
        'match: banned-terms (terms, rejects): term "casino"',
        '  text [5, 11): "c4s1n0"',
        '  read as: "c4s1n0"',
        '  through: leet',
        'not tested (they count over time): flood (flood)',
        '',
      ].join('\n'),
    );
    expect(formatRulesTest(testRules(parsed.rules, 'hello'))).toContain('\nmatches: none\n');
  });

  test('a delivered message that a rule reports says so in its verdict, not a bare pass', () => {
    const parsed = parseRulesJson(FILE);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const lines = formatRulesTest(testRules(parsed.rules, 'see http://a.ru')).split('\n');
    expect(lines[0]).toBe('verdict: pass (delivered; reported after delivery: scam-links)');
    expect(formatRulesTest(testRules(parsed.rules, 'hello')).split('\n')[0]).toBe('verdict: pass');
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
      skeleton: 'spam',
      ruleSet: compileRuleSet(parsed.rules).version,
      verdict: { valid: true },
      matches: [{ rule: 'words', kind: 'terms', reject: true, why: 'term "spam"', explanation: expect.anything() }],
      notTested: [
        { rule: 'copies', kind: 'repeat' },
        { rule: 'burst', kind: 'flood' },
      ],
    });
    expect(testRules(parsed.rules, 'hello')).toEqual({
      normalized: 'hello',
      skeleton: 'hello',
      ruleSet: expect.any(String),
      verdict: { valid: true },
      matches: [],
      notTested: expect.any(Array),
    });
  });

  test('the text report of several reporting matches, as written, over rules that all judge one text', () => {
    const parsed = parseRulesJson(
      JSON.stringify({
        rules: [
          { name: 'words', terms: ['café'] },
          { name: 'links', pattern: 'x\\.ru' },
        ],
      }),
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const report = testRules(parsed.rules, 'café x.ru');
    expect(report.skeleton).toBe('cafe x.ru');
    expect(formatRulesTest(report)).toBe(
      [
        'verdict: pass (delivered; reported after delivery: words, links)',
        'normalized: "café x.ru"',
        'skeleton: "cafe x.ru"',
        `rule set: ${report.ruleSet}`,
        'match: words (terms): term "café"',
        '  text [0, 4): "café"',
        '  read as: "café"',
        '  through: nothing (as written)',
        'match: links (pattern): pattern matched "x.ru"',
        '  text [5, 9): "x.ru"',
        '  read as: "x.ru"',
        '  through: nothing (as written)',
        '',
      ].join('\n'),
    );
  });

  test('a match whose place in the text is unknown is shown by what was read alone', () => {
    const report = {
      normalized: 'casino',
      skeleton: 'casino',
      ruleSet: 'rs-0000000000000000',
      verdict: { valid: true as const },
      matches: [
        {
          rule: 'words',
          kind: 'terms',
          reject: false,
          why: 'term "casino"',
          explanation: {
            rule: 'words',
            ruleSet: 'rs-0000000000000000',
            matched: 'casino',
            transforms: ['case' as const, 'leet' as const],
          },
        },
        { rule: 'other', kind: 'terms', reject: false, why: 'term "casino"' },
      ],
      notTested: [
        { rule: 'burst', kind: 'flood' },
        { rule: 'copies', kind: 'repeat' },
      ],
    };
    expect(formatRulesTest(report).split('\n').slice(4)).toEqual([
      'match: words (terms): term "casino"',
      '  read as: "casino"',
      '  through: case, leet',
      'match: other (terms): term "casino"',
      'not tested (they count over time): burst (flood), copies (repeat)',
      '',
    ]);
  });
});
