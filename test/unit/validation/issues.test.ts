import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueLines } from '../../../functions/validation/index.js';

const schema = z.strictObject({
  list: z.array(z.string()).min(2).max(3).optional(),
  count: z.number().int().min(2).max(5).optional(),
  positive: z.number().gt(0).optional(),
  name: z.string().min(3).max(4).optional(),
  mode: z.enum(['pass', 'reject']).optional(),
  kind: z.literal('rule').optional(),
  needed: z.string(),
  own: z.string().min(1, 'must not be empty').optional(),
});

const linesOf = (input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return issueLines(result.error, { whole: '(input)' });
};

describe('issueLines', () => {
  it.each([
    [{ list: 'a' }, 'list: expected a list, got a string'],
    [{ list: ['a'] }, 'list: must have at least 2 items'],
    [{ list: ['a', 'b', 'c', 'd'] }, 'list: must have at most 3 items'],
    [{ count: 1.5 }, 'count: expected a whole number, got a number'],
    [{ count: 1 }, 'count: must be at least 2'],
    [{ count: 6 }, 'count: must be at most 5'],
    [{ positive: 0 }, 'positive: must be more than 0'],
    [{ name: 'ab' }, 'name: must have at least 3 characters'],
    [{ mode: 'drop' }, 'mode: must be one of "pass", "reject"'],
    [{ kind: 'rules' }, 'kind: must be "rule"'],
    [{ own: '' }, 'own: must not be empty'],
    [{ extra: 1 }, '(input): unknown field(s) "extra"'],
  ])('%j reads %j', (input, line) => {
    expect(linesOf({ needed: 'x', ...input })).toEqual([line]);
  });

  it('says a missing field is required', () => {
    expect(linesOf({})).toEqual(['needed: required']);
  });

  it('names where the problem is under the root given', () => {
    const result = z.object({ threshold: z.object({ count: z.number() }) }).safeParse({ threshold: { count: 'five' } });
    expect(issueLines(result.error!, { root: 'MODERATION_POLICY' })).toEqual([
      'MODERATION_POLICY.threshold.count: expected a number, got a string',
    ]);
  });
});
