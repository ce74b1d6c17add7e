import { describe, expect, test, vi } from 'vitest';
import { handlePreDelivery } from '../../../functions/callbacks/pre-delivery.js';
import { compileRuleSet, parseRules, type CompiledRuleSet } from '../../../functions/rules/index.js';
import { MemoryCallbackClaims } from '../../../functions/ledger/index.js';
import { callbackDependencies, GROUP, messageCallback, post } from '../../helpers/callbacks.js';

const parsed = parseRules({
  rules: [
    { name: 'banned-terms', terms: ['casino', 'crypto pump'], reject: true },
    { name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' },
    { name: 'bait', pattern: '(a+)+b', reject: true },
    ...Array.from({ length: 10 }, (_, i) => ({
      name: `filler-${i}`,
      terms: Array.from({ length: 10 }, (_, j) => `word${i}x${j}`),
    })),
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
    expect(deps.sqs.events).toEqual([
      expect.objectContaining({
        type: 'violation.reported',
        groupId: GROUP,
        category: 'banned-terms',
        reason: expect.stringContaining('message 901'),
      }),
    ]);
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
    expect((await judge(messageCallback({ text: `${'a'.repeat(50_000)}b` })).response).body).toEqual({
      valid: false,
      code: 'bait',
    });
  });

  test('a verdict is answered even when the report does not reach the queue in time', async () => {
    const hanging = { send: () => new Promise(() => {}) };
    const deps = callbackDependencies({
      rules: RULES,
      reportTimeoutMs: 20,
      queue: { sqs: hanging as never, queueUrl: 'http://127.0.0.1:1/q.fifo' },
    });
    expect(await handlePreDelivery(deps, post(messageCallback({ text: 'casino' })))).toEqual({
      status: 200,
      body: { valid: false, code: 'banned-terms' },
    });
  });

  const broken: CompiledRuleSet = {
    ...RULES,
    content: [
      {
        rule: RULES.content[0]!.rule,
        test: () => {
          throw new Error('engine failure');
        },
        locate: () => undefined,
        explain: () => undefined,
      },
    ],
  };

  test('an internal error passes the message by default', async () => {
    expect((await judge(messageCallback({ text: 'casino' }), { rules: broken }).response).body).toEqual({
      valid: true,
    });
  });

  test('an internal error rejects when configured so', async () => {
    expect(
      (await judge(messageCallback({ text: 'casino' }), { rules: broken, onError: 'reject' }).response).body,
    ).toEqual({ valid: false, code: 'internal-error' });
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

describe('pre-delivery replays: each callId with one content', () => {
  function setup(overrides: Parameters<typeof callbackDependencies>[0] = {}) {
    const claims = new MemoryCallbackClaims();
    const deps = callbackDependencies({ rules: RULES, claims, ...overrides });
    const metrics = vi.spyOn(deps.metrics, 'addMetric');
    const counted = (name: string) =>
      metrics.mock.calls.filter(([metric]) => metric === name).reduce((sum, [, , value]) => sum + (value ?? 0), 0);
    return { deps, claims, counted, send: (body: unknown) => handlePreDelivery(deps, post(body)) };
  }
  const withText = (body: Record<string, unknown>, text: string) => ({
    ...body,
    payload: { ext: {}, bodies: [{ type: 'txt', msg: text }] },
  });

  test('a passing callback holds its callId: its signature replayed with rejecting text, or as another sender, is refused 409 and reports nothing', async () => {
    // Prepare: a benign message, passed.
    const { deps, counted, send } = setup();
    const benign = messageCallback({ text: 'hello', from: 'alice' });
    expect(await send(benign)).toEqual({ status: 200, body: { valid: true } });

    // Act: the same callId, timestamp and signature, with other content.
    const answers = await Promise.all([
      send(withText(benign, 'casino')),
      send({ ...withText(benign, 'casino'), from: 'bob' }),
      send({ ...benign, group_id: '200000000000000001', to: '200000000000000001' }),
    ]);

    // Assess
    for (const answer of answers)
      expect(answer).toEqual({ status: 409, body: { error: 'this callId was already received with other content' } });
    expect(deps.sqs.batches).toEqual([]);
    expect(counted('ReplaysRefused')).toBe(3);
    expect(counted('MessagesRejected')).toBe(0);
    expect(counted('SignatureFailures')).toBe(0);
  });

  test('a rejected callback replayed with other text is refused 409; its own repeat gets the same verdict and the same report', async () => {
    const { deps, send } = setup();
    const rejected = messageCallback({ text: 'casino', msgId: '901' });
    expect((await send(rejected)).body).toEqual({ valid: false, code: 'banned-terms' });

    expect((await send(withText(rejected, 'crypto pump'))).status).toBe(409);
    expect(await send(rejected)).toEqual({ status: 200, body: { valid: false, code: 'banned-terms' } });

    const ids = deps.sqs.events.map((event) => event.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
  });

  test('a claim not confirmed within the report budget: the verdict goes out, unreported, and the failure is counted', async () => {
    const { deps, counted, send } = setup({
      reportTimeoutMs: 20,
      claims: { claimCallback: () => new Promise(() => {}) },
    });

    expect(await send(messageCallback({ text: 'casino' }))).toEqual({
      status: 200,
      body: { valid: false, code: 'banned-terms' },
    });
    expect(await send(messageCallback({ text: 'hello' }))).toEqual({ status: 200, body: { valid: true } });
    expect(deps.sqs.batches).toEqual([]);
    expect(counted('ClaimFailures')).toBe(2);
  });

  test('the claim of a failing ledger: the verdict goes out, unreported', async () => {
    const { deps, counted, send } = setup({
      claims: { claimCallback: () => Promise.reject(new Error('table unavailable')) },
    });
    expect(await send(messageCallback({ text: 'casino' }))).toEqual({
      status: 200,
      body: { valid: false, code: 'banned-terms' },
    });
    expect(deps.sqs.batches).toEqual([]);
    expect(counted('ClaimFailures')).toBe(1);
  });

  test('rules that cannot reject still claim before delivery: the signature of a pass cannot be replayed with other content', async () => {
    const passive = parseRules({ rules: [{ name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' }] });
    if (!passive.ok) throw new Error(passive.problems.join('\n'));
    const { claims, send } = setup({ rules: compileRuleSet(passive.rules) });
    const genuine = messageCallback({ text: 'hello' });
    expect(await send(genuine)).toEqual({ status: 200, body: { valid: true } });
    expect(claims.claims.size).toBe(1);
    expect(await send({ ...genuine, payload: { bodies: [{ type: 'txt', msg: 'see http://x.ru' }] } })).toMatchObject({
      status: 409,
    });
  });

  test('no rules: nothing can be recorded, so nothing is claimed', async () => {
    const { claims, send } = setup({ rules: compileRuleSet({ rules: [], dryRun: false }) });
    expect(await send(messageCallback({ text: 'casino' }))).toEqual({ status: 200, body: { valid: true } });
    expect(claims.claims.size).toBe(0);
  });
});

describe('any callback gets an answer', () => {
  const broken = () => {
    throw new Error('clock unreadable');
  };

  test('a body nested 10,000 levels deep gets a 400', async () => {
    // Written as text: JSON.stringify itself overflows the stack at this depth.
    const ext = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const response = await judge(
      JSON.stringify(messageCallback({ bodies: [{ type: 'custom', ext: 'EXT' }] })).replace('"EXT"', ext),
    ).response;
    expect(response.status).toBe(400);
  });

  test.each([
    ['reject', { valid: false, code: 'internal-error' }],
    ['pass', { valid: true }],
  ] as const)(
    'a failure outside the verdict answers the fallback of onError %s, counted and logged with the callId',
    async (onError, verdict) => {
      const deps = callbackDependencies({ rules: RULES, onError, clock: broken });
      const metrics = vi.spyOn(deps.metrics, 'addMetric');
      const errors = vi.spyOn(deps.logger, 'error');
      const body = messageCallback({ text: 'hello' });

      expect(await handlePreDelivery(deps, post(body))).toEqual({ status: 200, body: verdict });
      expect(metrics.mock.calls.map(([name]) => name)).toContain('VerdictErrors');
      expect(errors).toHaveBeenCalledWith(
        expect.stringContaining('fallback'),
        expect.objectContaining({ callId: body.callId }),
      );
    },
  );
});
