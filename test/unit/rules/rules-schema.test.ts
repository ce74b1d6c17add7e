import { describe, expect, test } from 'vitest';
import { NO_RULES, parseRules, parseRulesJson, RULE_LIMITS } from '../../../functions/rules/rules-schema.js';

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

  test("takes a terms rule's matching options and allow list, leaves them out when not given, and names a wrong one", () => {
    const parsed = parseRules({
      rules: [
        {
          name: 'strict',
          terms: ['casino'],
          allow: ['casino royale'],
          separators: false,
          leet: false,
          particles: false,
        },
      ],
    });
    expect(parsed).toEqual({
      ok: true,
      rules: {
        dryRun: false,
        rules: [
          {
            name: 'strict',
            terms: ['casino'],
            allow: ['casino royale'],
            separators: false,
            leet: false,
            particles: false,
            reject: false,
          },
        ],
      },
    });
    expect(parseRules({ rules: [{ name: 'plain', terms: ['casino'] }] })).toEqual({
      ok: true,
      rules: { dryRun: false, rules: [{ name: 'plain', terms: ['casino'], reject: false }] },
    });
    const wrong = parseRules({ rules: [{ name: 'wrong', terms: ['casino'], leet: 'yes', allow: ['  '] }] });
    expect(wrong.ok).toBe(false);
    expect(wrong.ok ? [] : wrong.problems).toEqual([
      'rules[0].allow[0]: a term must keep at least one character after normalisation',
      expect.stringMatching(/^rules\[0\]\.leet: /),
    ]);
  });

  test('refuses two rules of one name', () => {
    const parsed = parseRules({
      rules: [
        { name: 'spam', terms: ['a'] },
        { name: 'spam', pattern: 'b' },
      ],
    });

    expect(parsed).toEqual({ ok: false, problems: ['rules[1].name: "spam" is already the name of rules[0]'] });
  });

  test('says when the text is not JSON', () => {
    expect(parseRulesJson('{"rules": [')).toEqual({ ok: false, problems: [expect.stringMatching(/^not JSON: /)] });
  });
});

/** A pattern of `length` characters that compiles to one instruction: a character class. */
const classOf = (length: number) => `[${'a'.repeat(length - 2)}]`;

describe('rules schema bounds', () => {
  const problemsOf = (value: unknown) => {
    const parsed = parseRules(value);
    return parsed.ok ? [] : parsed.problems;
  };
  const one = (rule: object) => ({ rules: [rule] });
  const terms = (count: number) => Array.from({ length: count }, (_, index) => `t${index}`);

  test.each([
    ['a flood at its bounds', { name: 'f', flood: { messages: 10_000, windowSeconds: 3_600 } }],
    ['a flood at its lower bounds', { name: 'f', flood: { messages: 2, windowSeconds: 1 } }],
    ['a repeat at its bounds', { name: 'r', repeat: { senders: 1_000, windowSeconds: 86_400 } }],
    ['a repeat at its lower bounds', { name: 'r', repeat: { senders: 2, windowSeconds: 1 } }],
    ['the longest pattern', { name: 'p', pattern: classOf(RULE_LIMITS.patternLength) }],
    ['a pattern at the bound of its program', { name: 'p', pattern: '(?:\\w+\\W*){49,}' }],
    ['a one-character pattern', { name: 'p', pattern: 'a' }],
    [
      'the most terms, the longest term',
      { name: 't', terms: [...terms(RULE_LIMITS.terms - 1), 'a'.repeat(RULE_LIMITS.termLength)] },
    ],
    ['the longest name, digits and separators', { name: `0${'a_-'.repeat(21)}`, terms: ['a'] }],
    [
      'a counting rule that says it does not reject',
      { name: 'f', reject: false, flood: { messages: 2, windowSeconds: 1 } },
    ],
  ])('takes %s', (_case, rule) => {
    expect(parseRules(one(rule))).toEqual({ ok: true, rules: { dryRun: false, rules: [{ reject: false, ...rule }] } });
  });

  test.each([
    [
      'a flood over its bounds',
      { name: 'f', flood: { messages: 10_001, windowSeconds: 3_601 } },
      ['rules[0].flood.messages: must be at most 10000', 'rules[0].flood.windowSeconds: must be at most 3600'],
    ],
    [
      'a flood under its bounds',
      { name: 'f', flood: { messages: 2.5, windowSeconds: 0 } },
      [
        'rules[0].flood.messages: expected a whole number, got a number',
        'rules[0].flood.windowSeconds: must be at least 1',
      ],
    ],
    [
      'a repeat over its bounds',
      { name: 'r', repeat: { senders: 1_001, windowSeconds: 86_401 } },
      ['rules[0].repeat.senders: must be at most 1000', 'rules[0].repeat.windowSeconds: must be at most 86400'],
    ],
    [
      'a repeat under its bounds, rejecting',
      { name: 'r', repeat: { senders: 1, windowSeconds: 0.5 }, reject: true },
      [
        'rules[0].reject: a repeat rule cannot reject: counting happens after delivery',
        'rules[0].repeat.senders: must be at least 2',
        'rules[0].repeat.windowSeconds: expected a whole number, got a number',
      ],
    ],
    ['a flood without its window', { name: 'f', flood: { messages: 2 } }, ['rules[0].flood.windowSeconds: required']],
    [
      'a flood with a field of its own',
      { name: 'f', flood: { messages: 2, windowSeconds: 1, burst: 3 } },
      ['rules[0].flood: unknown field(s) "burst"'],
    ],
    [
      'a repeat with a field of its own',
      { name: 'r', repeat: { senders: 2, windowSeconds: 1, texts: 3 } },
      ['rules[0].repeat: unknown field(s) "texts"'],
    ],
    ['an empty pattern', { name: 'p', pattern: '' }, ['rules[0].pattern: must have at least 1 characters']],
    [
      'a pattern too long',
      { name: 'p', pattern: classOf(RULE_LIMITS.patternLength + 1) },
      ['rules[0].pattern: must have at most 1000 characters'],
    ],
    [
      'a pattern whose program is over its bound',
      { name: 'p', pattern: '(?:\\w+\\W*){300,}' },
      [
        'rules[0].pattern: compiles to 1203 instructions, over the bound of 200 that keeps a verdict cheap (a counted repetition such as {300,} copies what it repeats: use a smaller count)',
      ],
    ],
    ['no terms', { name: 't', terms: [] }, ['rules[0].terms: must have at least 1 items']],
    [
      'a term too long',
      { name: 't', terms: ['a'.repeat(RULE_LIMITS.termLength + 1)] },
      ['rules[0].terms[0]: must have at most 200 characters'],
    ],
    [
      'too many terms',
      { name: 't', terms: terms(RULE_LIMITS.terms + 1) },
      ['rules[0].terms: must have at most 2000 items'],
    ],
    [
      'a term of invisible characters only',
      { name: 't', terms: ['\u200b\u00ad'] },
      ['rules[0].terms[0]: a term must keep at least one character after normalisation'],
    ],
    [
      'a name too long',
      { name: 'a'.repeat(65), terms: ['a'] },
      ['rules[0].name: expected 1 to 64 lower-case letters, digits, "-" or "_", starting with a letter or digit'],
    ],
    [
      'a name that starts with a separator',
      { name: '_a', terms: ['a'] },
      ['rules[0].name: expected 1 to 64 lower-case letters, digits, "-" or "_", starting with a letter or digit'],
    ],
    [
      'a name with a dot at its end',
      { name: 'a.', terms: ['a'] },
      ['rules[0].name: expected 1 to 64 lower-case letters, digits, "-" or "_", starting with a letter or digit'],
    ],
    [
      'an empty name',
      { name: '', terms: ['a'] },
      ['rules[0].name: expected 1 to 64 lower-case letters, digits, "-" or "_", starting with a letter or digit'],
    ],
    [
      'a reject that is not a boolean',
      { name: 't', terms: ['a'], reject: 'yes' },
      ['rules[0].reject: expected true or false, got a string'],
    ],
  ])('refuses %s', (_case, rule, problems) => {
    expect(problemsOf(one(rule))).toEqual(problems);
  });

  test('takes the most rules, refuses one more', () => {
    const rules = (count: number) => Array.from({ length: count }, (_, index) => ({ name: `r${index}`, terms: ['a'] }));
    expect(parseRules({ rules: rules(RULE_LIMITS.rules) }).ok).toBe(true);
    expect(problemsOf({ rules: rules(RULE_LIMITS.rules + 1) })).toEqual(['rules: must have at most 50 items']);
  });

  test('the limits are the documented ones', () => {
    expect(RULE_LIMITS).toEqual({ rules: 50, terms: 2_000, termLength: 200, patternLength: 1_000 });
  });

  test('a rule that is not an object, or has no kind, names the kinds', () => {
    expect(problemsOf({ rules: [null, 5, { name: 'x' }] })).toEqual([
      'rules[0]: a rule needs exactly one of "terms", "pattern", "flood", "repeat"',
      'rules[1]: a rule needs exactly one of "terms", "pattern", "flood", "repeat"',
      'rules[2]: a rule needs exactly one of "terms", "pattern", "flood", "repeat"',
    ]);
    expect(
      problemsOf({
        rules: [{ name: 'x', flood: { messages: 2, windowSeconds: 1 }, repeat: { senders: 2, windowSeconds: 1 } }],
      }),
    ).toEqual(['rules[0]: a rule needs exactly one of "terms", "pattern", "flood", "repeat"; it has flood and repeat']);
  });

  test('unique names are checked only among rules that have a name, and whatever else is wrong', () => {
    expect(
      problemsOf({
        rules: [
          { terms: ['a'] },
          { name: 'a', terms: ['a'] },
          { name: 5, terms: ['a'] },
          { name: 'a', pattern: '(' },
          { name: 5, terms: ['b'] },
          { pattern: 'b' },
        ],
      }),
    ).toEqual([
      'rules[0].name: required',
      'rules[2].name: expected a string, got a number',
      expect.stringMatching(/^rules\[3\]\.pattern: not a valid RE2 pattern: /),
      'rules[4].name: expected a string, got a number',
      'rules[5].name: required',
      'rules[3].name: "a" is already the name of rules[1]',
    ]);
    expect(
      problemsOf({
        rules: [
          { name: 'a', terms: ['a'] },
          { name: 'a', terms: ['b'] },
          { name: 'a', terms: ['c'] },
        ],
      }),
    ).toEqual([
      'rules[1].name: "a" is already the name of rules[0]',
      'rules[2].name: "a" is already the name of rules[0]',
    ]);
  });

  test('the rule set itself', () => {
    expect(problemsOf({ rules: 'x' })).toEqual(['rules: expected a list, got a string']);
    expect(problemsOf({})).toEqual(['rules: required']);
    expect(problemsOf([])).toEqual(['(rules): expected an object, got a list']);
    expect(problemsOf({ rules: [], dryRun: 1 })).toEqual(['dryRun: expected true or false, got a number']);
    expect(parseRules({ rules: [], dryRun: true })).toEqual({ ok: true, rules: { rules: [], dryRun: true } });
    expect(NO_RULES).toEqual({ rules: [], dryRun: false });
  });

  test('JSON text: parsed as the value it holds', () => {
    expect(parseRulesJson('{"rules": [], "dryRun": true}')).toEqual({ ok: true, rules: { rules: [], dryRun: true } });
    expect(parseRulesJson('{"rules": [{"name": "x"}]}')).toEqual({
      ok: false,
      problems: ['rules[0]: a rule needs exactly one of "terms", "pattern", "flood", "repeat"'],
    });
    expect(parseRulesJson('')).toEqual({ ok: false, problems: [expect.stringMatching(/^not JSON: ./)] });
  });
});

describe('the cost of a rule set', () => {
  test("refuses patterns that together compile past the set's bound, naming each with its size", () => {
    const pattern = (i: number) => ({ name: `p${i}`, pattern: `(?:\\w+\\W*){${44 + i},}` });
    const parsed = parseRules({
      rules: [...Array.from({ length: 5 }, (_, i) => pattern(i)), { name: 't', terms: ['a'] }, pattern(5)],
    });

    expect(parsed.ok ? [] : parsed.problems).toEqual([
      "rules: the patterns compile to 1134 instructions together (rules[0] 179, rules[1] 183, rules[2] 187, rules[3] 191, rules[4] 195, rules[6] 199), over the set's bound of 1000",
    ]);
  });

  test("takes a pattern of exactly its bound, and patterns of exactly the set's bound together; one more is refused", () => {
    // `x{198}` compiles to 200 instructions, the bound of one pattern; five make the set's bound of 1000.
    const atBound = (count: number) => ({
      rules: Array.from({ length: count }, (_, i) => ({ name: `p${i}`, pattern: 'x{198}' })),
    });
    expect(parseRules(atBound(1)).ok).toBe(true);
    expect(parseRules(atBound(5)).ok).toBe(true);
    const six = parseRules(atBound(6));
    expect(six.ok ? [] : six.problems).toEqual([
      "rules: the patterns compile to 1200 instructions together (rules[0] 200, rules[1] 200, rules[2] 200, rules[3] 200, rules[4] 200, rules[5] 200), over the set's bound of 1000",
    ]);
  });
});
