import { describe, expect, test } from 'vitest';
import { handlePreDelivery } from '../../../functions/callbacks/pre-delivery.js';
import { compileRuleSet, type CompiledRuleSet } from '../../../functions/callbacks/rule-set.js';
import { parseRules } from '../../../functions/callbacks/rules-schema.js';
import { callbackDependencies, GROUP, messageCallback, post } from '../../helpers/callbacks.js';

const parsed = parseRules({
  rules: [
    { name: 'banned-terms', terms: ['casino', 'crypto pump'], reject: true },
    { name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' },
    { name: 'bait', pattern: '(a+)+b', reject: true },
    ...Array.from({ length: 10 }, (_, i) => ({ name: `filler-${i}`, terms: Array.from({ length: 10 }, (_, j) => `word${i}x${j}`) })),
  ],
});
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const RULES = compileRuleSet(parsed.rules);

const judge = (body: unknown, overrides: Parameters<typeof callbackDependencies>[0] = {}) => {
  const deps = callbackDependencies({ rules: RULES, ...overrides });
  return { deps, response: handlePreDelivery(deps, post(body)) };
};

describe('pre-delivery verdicts', () => {
  test('a reject rule: valid false with the rule as code, and the message reported once by its id', async () => {
    const { deps, response } = judge(messageCallback({ text: 'Best ＣＡＳＩＮＯ in town', msgId: '901' }));

    expect(await response).toEqual({ status: 200, body: { valid: false, code: 'banned-terms' } });
    expect(deps.sqs.events).toEqual([expect.objectContaining({ type: 'violation.reported', groupId: GROUP, category: 'banned-terms', reason: expect.stringContaining('message 901') })]);
  });

  test('a match of a rule without reject passes, and reports nothing (post-delivery will)', async () => {
    const { deps, response } = judge(messageCallback({ text: 'see http://x.ru' }));
    expect(await response).toEqual({ status: 200, body: { valid: true } });
    expect(deps.sqs.batches).toEqual([]);
  });

  test('a rejected message reports every rule it matched, since no post-delivery callback follows', async () => {
    const { deps, response } = judge(messageCallback({ text: 'casino at http://x.ru' }));
    expect((await response).body).toEqual({ valid: false, code: 'banned-terms' });
    expect(deps.sqs.events.map((event) => event.category)).toEqual(['banned-terms', 'scam-links']);
  });

  test('hostile text, 50 KB of "a" against (a+)+b, gets its verdict', async () => {
    expect((await judge(messageCallback({ text: 'a'.repeat(50_000) })).response).body).toEqual({ valid: true });
    expect((await judge(messageCallback({ text: `${'a'.repeat(50_000)}b` })).response).body).toEqual({ valid: false, code: 'bait' });
  });

  test('a verdict is answered even when the report does not reach the queue in time', async () => {
    const hanging = { send: () => new Promise(() => {}) };
    const deps = callbackDependencies({ rules: RULES, reportTimeoutMs: 20, queue: { sqs: hanging as never, queueUrl: 'http://127.0.0.1:1/q.fifo' } });
    expect(await handlePreDelivery(deps, post(messageCallback({ text: 'casino' })))).toEqual({ status: 200, body: { valid: false, code: 'banned-terms' } });
  });

  const broken: CompiledRuleSet = {
    ...RULES,
    content: [{ rule: RULES.content[0]!.rule, test: () => { throw new Error('engine failure'); }, explain: () => undefined }],
  };

  test('an internal error passes the message by default', async () => {
    expect((await judge(messageCallback({ text: 'casino' }), { rules: broken }).response).body).toEqual({ valid: true });
  });

  test('an internal error rejects when configured so', async () => {
    expect((await judge(messageCallback({ text: 'casino' }), { rules: broken, onError: 'reject' }).response).body).toEqual({ valid: false, code: 'internal-error' });
  });

  test('a dry run never rejects', async () => {
    const { deps, response } = judge(messageCallback({ text: 'casino' }), { rules: { ...RULES, dryRun: true } });
    expect((await response).body).toEqual({ valid: true });
    expect(deps.sqs.batches).toEqual([]);
  });

  test('a bad signature is a 401, for Agora to apply its fallback', async () => {
    const { deps, response } = judge({ ...messageCallback({ text: 'casino' }), security: 'a'.repeat(32) });
    expect((await response).status).toBe(401);
    expect(deps.sqs.batches).toEqual([]);
  });
});
