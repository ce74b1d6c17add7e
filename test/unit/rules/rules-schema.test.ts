import { describe, expect, test } from 'vitest';
import { parseRules, parseRulesJson } from '../../../functions/rules/rules-schema.js';

const ISSUE_EXAMPLE = {
  rules: [
    { name: 'banned-terms', terms: ['casino', 'crypto pump'], reject: true },
    { name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' },
    { name: 'flood', flood: { messages: 30, windowSeconds: 10 } },
    { name: 'copypasta', repeat: { senders: 5, windowSeconds: 60 } },
  ],
  dryRun: false,
};

describe('rules schema', () => {
  test('takes the documented example as written, with defaults filled in', () => {
    const parsed = parseRules(ISSUE_EXAMPLE);

    expect(parsed).toEqual({
      ok: true,
      rules: {
        dryRun: false,
        rules: [
          { name: 'banned-terms', terms: ['casino', 'crypto pump'], reject: true },
          { name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b', reject: false },
          { name: 'flood', flood: { messages: 30, windowSeconds: 10 }, reject: false },
          { name: 'copypasta', repeat: { senders: 5, windowSeconds: 60 }, reject: false },
        ],
      },
    });
  });

  test('names every problem with its path', () => {
    const parsed = parseRules({
      rules: [
        { name: 'Banned Terms', terms: ['  '] },
        { name: 'links', pattern: '(a+' },
        { name: 'burst', flood: { messages: 1, windowSeconds: 10 }, reject: true },
        { name: 'both', terms: ['a'], pattern: 'b' },
        { name: 'links', terms: ['x'], colour: 'red' },
        { name: 'lookahead', pattern: 'a(?=b)' },
      ],
      dryrun: true,
    });

    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toEqual([
      'rules[0].name: expected 1 to 64 lower-case letters, digits, "-" or "_", starting with a letter or digit',
      'rules[0].terms[0]: a term must keep at least one character after normalisation',
      expect.stringMatching(/^rules\[1\]\.pattern: not a valid RE2 pattern: .*missing closing \)/),
      'rules[2].reject: a flood rule cannot reject: counting happens after delivery',
      'rules[2].flood.messages: must be at least 2',
      'rules[3]: a rule needs exactly one of "terms", "pattern", "flood", "repeat"; it has terms and pattern',
      'rules[4]: unknown field(s) "colour"',
      expect.stringMatching(/^rules\[5\]\.pattern: not a valid RE2 pattern/),
      'rules[4].name: "links" is already the name of rules[1]',
      '(rules): unknown field(s) "dryrun"',
    ]);
  });

  test('takes a terms rule\'s matching options and allow list, leaves them out when not given, and names a wrong one', () => {
    const parsed = parseRules({ rules: [{ name: 'strict', terms: ['casino'], allow: ['casino royale'], separators: false, leet: false, particles: false }] });
    expect(parsed).toEqual({
      ok: true,
      rules: { dryRun: false, rules: [{ name: 'strict', terms: ['casino'], allow: ['casino royale'], separators: false, leet: false, particles: false, reject: false }] },
    });
    expect(parseRules({ rules: [{ name: 'plain', terms: ['casino'] }] })).toEqual({ ok: true, rules: { dryRun: false, rules: [{ name: 'plain', terms: ['casino'], reject: false }] } });
    const wrong = parseRules({ rules: [{ name: 'wrong', terms: ['casino'], leet: 'yes', allow: ['  '] }] });
    expect(wrong.ok).toBe(false);
    expect(wrong.ok ? [] : wrong.problems).toEqual([
      'rules[0].allow[0]: a term must keep at least one character after normalisation',
      expect.stringMatching(/^rules\[0\]\.leet: /),
    ]);
  });

  test('refuses two rules of one name', () => {
    const parsed = parseRules({ rules: [{ name: 'spam', terms: ['a'] }, { name: 'spam', pattern: 'b' }] });

    expect(parsed).toEqual({ ok: false, problems: ['rules[1].name: "spam" is already the name of rules[0]'] });
  });

  test('says when the text is not JSON', () => {
    expect(parseRulesJson('{"rules": [')).toEqual({ ok: false, problems: [expect.stringMatching(/^not JSON: /)] });
  });
});
