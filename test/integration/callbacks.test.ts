/**
 * The callbacks ingress on the local stack, on real wire protocols: the emulator posts signed
 * callbacks over HTTP to both endpoints, violations go through fauxqs (SQS FIFO) to the
 * moderation handler, counters and the ledger live in dynalite.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { violationEventId } from '../../functions/callbacks/violations.js';
import { compileRuleSet, parseRules } from '../../functions/rules/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { waitFor } from '../../local/wait-for.js';
import { messageCallback } from '../helpers/callbacks.js';

let stack: LocalStack;
const RULES = {
  rules: [
    { name: 'banned-terms', terms: ['casino', 'crypto pump'], reject: true },
    { name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' },
    { name: 'flood', flood: { messages: 6, windowSeconds: 10 } },
    { name: 'copypasta', repeat: { senders: 3, windowSeconds: 60 } },
  ],
};

beforeAll(async () => {
  stack = await startLocalStack({
    client: { rateLimits: false },
    // The tests' senders are made up, not members of the seeded groups: the emulator delivers their messages.
    emulator: { chat: { nonMembers: 'deliver' } },
    policy: { threshold: { count: 3, windowSeconds: 3600 } },
    logLevel: 'SILENT',
    // Chat and chat_offline callbacks for every message; a generous pre-delivery timeout for a shared CI machine.
    callbacks: { rules: RULES, emulator: { preDelivery: { timeoutMs: 2_000 }, postDelivery: { offline: true } } },
  });
});
afterAll(() => stack?.close());

const emulator = () => stack.emulator!;
const newGroup = () => emulator().store.seed({ count: 1 }).first!;
const say = (groupId: string, from: string, text: string) => emulator().chat.send({ groupId, from, text });
const queueDrained = () => {
  const { messages } = stack.inspect().queue;
  return messages.ready.length + messages.inflight.length + messages.delayed.length === 0;
};

describe('pre-delivery', () => {
  test('a banned term is rejected with the rule as code; the rejection is counted as a violation once', async () => {
    const group = newGroup();

    const outcome = await say(group, 'mallory', 'Best ＣＡＳＩＮＯ bonus');

    expect(outcome).toMatchObject({ status: 'rejected', preDelivery: 'rejected', code: 'banned-terms' });
    expect(emulator().chat.messages(group)).toEqual([]);
    const eventId = violationEventId('banned-terms', (outcome as { msgId: string }).msgId);
    const processed = await waitFor('the violation to be counted', () => stack.ledger.getProcessed(eventId));
    expect(processed.outcome).toBe('counted: 1 of 3 violations in the window');
    await emulator().callbacks.settled();
    expect(
      emulator()
        .callbacks.attempts.filter((a) => a.msgId === (outcome as { msgId: string }).msgId)
        .map((a) => a.kind),
    ).toEqual(['pre-delivery']);
  });

  test("a rejection's violation names the rule, the rule set's version and the span of the text, in the event and in the ledger", async () => {
    const group = newGroup();
    const parsed = parseRules(RULES);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const version = compileRuleSet(parsed.rules).version;

    const outcome = await say(group, 'mallory', 'Play c\u0430s1n0 now');

    expect(outcome).toMatchObject({ status: 'rejected', code: 'banned-terms' });
    const eventId = violationEventId('banned-terms', (outcome as { msgId: string }).msgId);
    await waitFor('the violation to be counted', () => stack.ledger.getProcessed(eventId));
    const [violation] = await stack.ledger.listViolations(group);
    expect(violation).toMatchObject({
      eventId,
      category: 'banned-terms',
      reason: `rule banned-terms (term "casino") on message ${(outcome as { msgId: string }).msgId} from mallory: "c\u0430s1n0" at 5–11 of the text, read as "cas1n0" through confusable, leet; rule set ${version}`,
      explanation: {
        rule: 'banned-terms',
        ruleSet: version,
        start: 5,
        end: 11,
        excerpt: 'c\u0430s1n0',
        matched: 'cas1n0',
        transforms: ['confusable', 'leet'],
      },
    });
  });

  test('an ordinary message passes and is delivered', async () => {
    const group = newGroup();
    expect(await say(group, 'alice', 'good morning')).toMatchObject({ status: 'delivered', preDelivery: 'valid' });
    expect(emulator().chat.messages(group)).toHaveLength(1);
  });
});

describe('post-delivery', () => {
  test('a spam wave: members post one scam link within seconds; the group is disabled with no event sent by hand', async () => {
    const group = newGroup();

    for (const member of ['user1', 'user2', 'user3'])
      expect(await say(group, member, 'Cheap coins: http://coins.example.xyz/buy')).toMatchObject({
        status: 'delivered',
      });

    await waitFor('the group to be disabled', () => emulator().store.get(group)!.disabled, 20_000);
    // The ban is written pending before the group is disabled and active once the state names it: wait for that.
    const ban = await waitFor('the ban in force in the ledger', async () =>
      (await stack.ledger.listBans(group)).find((candidate) => candidate.status === 'active'),
    );
    expect(ban).toMatchObject({ status: 'active', eventType: 'violation.reported', source: 'agora-callback' });
    expect(await say(group, 'user4', 'anyone here?')).toEqual({ status: 'refused', reason: 'group disabled' });
  });

  test('the chat and chat_offline callbacks of one message count once', async () => {
    const group = newGroup();

    const sent = await say(group, 'bob', 'see http://a.ru');
    await emulator().callbacks.settled();

    const msgId = (sent as { msgId: string }).msgId;
    const callbacks = emulator().callbacks.attempts.filter((a) => a.msgId === msgId && a.kind === 'post-delivery');
    expect(callbacks.map((a) => [a.eventType, a.result])).toEqual(
      expect.arrayContaining([
        ['chat', 200],
        ['chat_offline', 200],
      ]),
    );
    const processed = await waitFor('the violation', () =>
      stack.ledger.getProcessed(violationEventId('scam-links', msgId)),
    );
    expect(processed.outcome).toBe('counted: 1 of 3 violations in the window');
    await waitFor('the queue to drain', queueDrained);
    expect(
      await stack.ledger.violationTimes(group, '1970-01-01T00:00:00.000Z', new Date(Date.now() + 60_000).toISOString()),
    ).toHaveLength(1);
  });

  test('flood: six messages within 10 s report once, images included', async () => {
    const group = newGroup();
    const violations = async () =>
      (
        await stack.ledger.violationTimes(
          group,
          '1970-01-01T00:00:00.000Z',
          new Date(Date.now() + 60_000).toISOString(),
        )
      ).length;
    for (let i = 0; i < 7; i++)
      await emulator().chat.send({
        groupId: group,
        from: `u${i}`,
        bodies: [{ type: 'img', url: `https://img.example/${i}.png` }],
      });
    await emulator().callbacks.settled();

    // Callbacks of successive messages overlap, so which message reports depends on arrival: wait for one.
    await waitFor('the flood violation', async () => (await violations()) > 0);
    await waitFor('the queue to drain', queueDrained);
    expect(await violations()).toBe(1);
    const reported = await stack.ledger.listBans(group);
    expect(reported).toEqual([]);
  });
});

describe('bad input over HTTP gets a clear status and records nothing', () => {
  const postTo = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(
      async (response) => ({ status: response.status, body: await response.text() }),
    );

  test.each([
    [
      'a bad signature',
      () =>
        JSON.stringify({ ...messageCallback({ text: 'casino' }, stack.callbacks.secret), security: 'e'.repeat(32) }),
      401,
    ],
    [
      'a stale timestamp',
      () =>
        JSON.stringify(messageCallback({ text: 'casino', timestamp: Date.now() - 3_600_000 }, stack.callbacks.secret)),
      401,
    ],
    [
      'an oversized body',
      () => JSON.stringify(messageCallback({ text: 'casino '.repeat(20_000) }, stack.callbacks.secret)),
      413,
    ],
    ['a body that is not JSON', () => 'casino', 400],
    [
      'wrong types',
      () => JSON.stringify({ ...messageCallback({ text: 'casino' }, stack.callbacks.secret), payload: { bodies: 7 } }),
      400,
    ],
  ])('%s', async (_case, body, status) => {
    const before = stack.inspect().queue.messages.ready.length;
    for (const url of [stack.callbacks.postDeliveryUrl, stack.callbacks.preDeliveryUrl]) {
      const response = await postTo(url, body());
      expect(response.status).toBe(status);
      expect(JSON.parse(response.body)).toEqual({ error: expect.any(String) });
      expect(response.body).not.toContain(stack.callbacks.secret);
    }
    expect(stack.inspect().queue.messages.ready.length).toBe(before);
  });

  test('a signed callback sent again with other content gets 409 from both endpoints, its claim in the ledger table; the same body again is accepted', async () => {
    const group = newGroup();
    const benign = messageCallback({ groupId: group, text: 'good morning' }, stack.callbacks.secret);
    const spam = JSON.stringify({
      ...benign,
      from: 'bob',
      payload: { ext: {}, bodies: [{ type: 'txt', msg: 'casino at http://x.ru' }] },
    });
    const before = stack.inspect().queue.messages.ready.length;

    expect(await postTo(stack.callbacks.postDeliveryUrl, JSON.stringify(benign))).toEqual({
      status: 200,
      body: '{"ok":true,"violations":0}',
    });
    expect(await postTo(stack.callbacks.postDeliveryUrl, JSON.stringify(benign))).toEqual({
      status: 200,
      body: '{"ok":true,"violations":0}',
    });
    for (const url of [stack.callbacks.postDeliveryUrl, stack.callbacks.preDeliveryUrl]) {
      expect(await postTo(url, spam)).toEqual({
        status: 409,
        body: '{"error":"this callId was already received with other content"}',
      });
    }
    expect(stack.inspect().queue.messages.ready.length).toBe(before);
  });

  test('hostile regex bait gets its verdict over HTTP', async () => {
    const response = await postTo(
      stack.callbacks.preDeliveryUrl,
      JSON.stringify(messageCallback({ text: 'a'.repeat(50_000) }, stack.callbacks.secret)),
    );
    expect(response).toEqual({ status: 200, body: '{"valid":true}' });
  });
});
