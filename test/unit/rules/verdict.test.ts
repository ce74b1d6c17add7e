import { describe, expect, test } from 'vitest';
import { compileRuleSet, contentHits } from '../../../functions/rules/rule-set.js';
import type { Rule } from '../../../functions/rules/rules-schema.js';
import { judge, PASS } from '../../../functions/rules/verdict.js';

const watch: Rule = { name: 'watch', reject: false, terms: ['coins'] };
const casino: Rule = { name: 'casino', reject: true, terms: ['casino'] };
const links: Rule = { name: 'links', reject: true, pattern: 'https?://\\S+' };
const burst: Rule = { name: 'burst', reject: false, flood: { messages: 3, windowSeconds: 10 } };
const copies: Rule = { name: 'copies', reject: false, repeat: { senders: 3, windowSeconds: 60 } };
const set = (rules: Rule[], dryRun = false) => compileRuleSet({ rules, dryRun });
/** A content hit, explained (the explanation itself is tested in hit-explanation.test.ts). */
const hit = (rule: Rule, why: string) => ({ rule, why, explanation: expect.objectContaining({ rule: rule.name }) });

describe('a compiled rule set', () => {
  test('keeps the content rules in order and groups the counting rules by kind', () => {
    const compiled = set([burst, watch, copies, links], true);
    expect(compiled.content.map((content) => content.rule)).toEqual([watch, links]);
    expect(compiled.flood).toEqual([burst]);
    expect(compiled.repeat).toEqual([copies]);
    expect(compiled.dryRun).toBe(true);
    expect(set([]).dryRun).toBe(false);
  });

  test('content hits: every content rule the normalised text matches, in the set order, and why', () => {
    expect(contentHits(set([links, watch, casino]), 'casino coins at http://a.ru')).toEqual([
      hit(links, 'pattern matched "http://a.ru"'),
      hit(watch, 'term "coins"'),
      hit(casino, 'term "casino"'),
    ]);
    expect(contentHits(set([links, watch]), 'nothing here')).toEqual([]);
  });
});

describe('the verdict', () => {
  test('passes a callback without text, with no hits', () => {
    expect(judge(set([casino]), undefined)).toEqual({ verdict: PASS, hits: [] });
    expect(PASS).toEqual({ valid: true });
  });

  test('passes a text that matches only rules that do not reject, with their hits', () => {
    expect(judge(set([watch, casino]), 'buy COINS')).toEqual({
      verdict: { valid: true },
      hits: [hit(watch, 'term "coins"')],
    });
  });

  test('rejects with the first rejecting rule the normalised text matches, with every hit', () => {
    const judgement = judge(set([watch, links, casino]), 'ＣＡＳＩＮＯ coins http://a.ru');
    expect(judgement).toEqual({
      verdict: { valid: false, code: 'links' },
      hits: [hit(watch, 'term "coins"'), hit(links, 'pattern matched "http://a.ru"'), hit(casino, 'term "casino"')],
      rejectedBy: 'links',
    });
    // Each hit says where it lies in the text as sent, and through what.
    expect(judgement.hits.map((found) => found.explanation)).toEqual([
      expect.objectContaining({ start: 7, end: 12, excerpt: 'coins', matched: 'coins', transforms: [] }),
      expect.objectContaining({ start: 13, end: 24, excerpt: 'http://a.ru', transforms: [] }),
      expect.objectContaining({ start: 0, end: 6, excerpt: 'ＣＡＳＩＮＯ', transforms: ['compatibility', 'case'] }),
    ]);
  });

  test('a dry run passes what it would reject, and says which rule would have', () => {
    expect(judge(set([casino], true), 'casino')).toEqual({
      verdict: { valid: true },
      hits: [hit(casino, 'term "casino"')],
      rejectedBy: 'casino',
    });
  });

  test('passes a text that matches nothing', () => {
    expect(judge(set([casino, links]), 'hello')).toEqual({ verdict: { valid: true }, hits: [] });
  });
});
