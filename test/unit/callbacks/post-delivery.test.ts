import { describe, expect, test, vi } from 'vitest';
import { handlePostDelivery } from '../../../functions/callbacks/post-delivery.js';
import { compileRuleSet, parseRules } from '../../../functions/rules/index.js';
import { deduplicationIdFor, moderationEventSchema, type ModerationEvent } from '../../../functions/events/index.js';
import { MemoryCallbackClaims, MemoryMessageCounters } from '../../../functions/ledger/index.js';
import { APP_KEY, callbackDependencies, GROUP, messageCallback, post, resign } from '../../helpers/callbacks.js';

const RULES = parseRules({
  rules: [
    { name: 'banned-terms', terms: ['casino', 'crypto pump'], reject: true },
    { name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' },
    { name: 'flood', flood: { messages: 3, windowSeconds: 10 } },
    { name: 'copypasta', repeat: { senders: 3, windowSeconds: 60 } },
  ],
});
if (!RULES.ok) throw new Error(RULES.problems.join('\n'));
const RULE_SET = RULES.rules;

function setup(dryRun = false) {
  const counters = new MemoryMessageCounters();
  const claims = new MemoryCallbackClaims();
  const deps = callbackDependencies({ rules: compileRuleSet({ ...RULE_SET, dryRun }), counters, claims });
  const metrics = vi.spyOn(deps.metrics, 'addMetric');
  const counted = (name: string) =>
    metrics.mock.calls.filter(([metric]) => metric === name).reduce((sum, [, , value]) => sum + (value ?? 0), 0);
  return { deps, counters, claims, counted, send: (body: unknown) => handlePostDelivery(deps, post(body)) };
}

describe('post-delivery', () => {
  test('a message matching two rules: both violations in one SendMessageBatch, in the group lane, keyed by event id', async () => {
    // Prepare
    const { deps, send } = setup();
    const body = messageCallback({ text: 'CASINO bonus at http://win.xyz/now', msgId: '1249' });
    // Act
    const response = await send(body);
    // Assess
    expect(response).toEqual({ status: 200, body: { ok: true, violations: 2 } });
    expect(deps.sqs.batches).toHaveLength(1);
    const entries = deps.sqs.batches[0]!.Entries!;
    expect(entries.map((entry) => entry.MessageGroupId)).toEqual([GROUP, GROUP]);
    const events = deps.sqs.events;
    expect(entries.map((entry) => entry.MessageDeduplicationId)).toEqual(
      events.map((event) => deduplicationIdFor(event as ModerationEvent)),
    );
    expect(events.map((event) => moderationEventSchema.safeParse(event).success)).toEqual([true, true]);
    expect(events[0]).toMatchObject({
      type: 'violation.reported',
      groupId: GROUP,
      category: 'banned-terms',
      source: 'agora-callback',
      reason: expect.stringMatching(
        /^rule banned-terms \(term "casino"\) on message 1249 from alice: "CASINO" at 0–6 of the text, read as "casino" through case; rule set rs-[0-9a-f]{16}$/,
      ),
      explanation: {
        rule: 'banned-terms',
        ruleSet: deps.rules.version,
        start: 0,
        end: 6,
        excerpt: 'CASINO',
        matched: 'casino',
        transforms: ['case'],
      },
    });
    expect(events[1]).toMatchObject({ category: 'scam-links', reason: expect.stringContaining('message 1249') });
    expect(events[0]!.time).toBe(new Date(body.timestamp as number).toISOString());
  });

  test("Agora's retry and the chat_offline copy of one message give the same events", async () => {
    const { deps, send } = setup();
    const chat = messageCallback({ text: 'casino', msgId: '555' });
    const offline = messageCallback({ text: 'casino', msgId: '555', eventType: 'chat_offline' });

    await send(chat);
    await send(chat);
    await send(offline);

    const ids = deps.sqs.events.map((event) => event.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
  });

  test('a captured signature replayed with another group, message id, sender or text is refused 409, counted, and records nothing', async () => {
    // Prepare: one genuine callback, accepted.
    const { deps, counters, counted, send } = setup();
    const genuine = messageCallback({ text: 'casino', msgId: '1249' });
    expect((await send(genuine)).body).toEqual({ ok: true, violations: 1 });
    const countedBefore = JSON.stringify([...counters.messages]);

    // Act: the same callId, timestamp and security, with other content.
    const replays = [
      { ...genuine, group_id: '200000000000000001', to: '200000000000000001' },
      { ...genuine, msg_id: '1250' },
      { ...genuine, from: 'mallory' },
      { ...genuine, payload: { ext: {}, bodies: [{ type: 'txt', msg: 'casino again' }] } },
    ];
    const answers = await Promise.all(replays.map(send));

    // Assess
    for (const answer of answers)
      expect(answer).toEqual({ status: 409, body: { error: 'this callId was already received with other content' } });
    expect(deps.sqs.events).toHaveLength(1);
    expect(JSON.stringify([...counters.messages])).toBe(countedBefore);
    expect(counted('ReplaysRefused')).toBe(4);
    expect(counted('SignatureFailures')).toBe(0);
  });

  test('a callId of the form {appKey}_{message id}: the chat and chat_offline callbacks share it and both go through', async () => {
    const { deps, send } = setup();
    const callId = `${APP_KEY}_777`;
    const chat = messageCallback({ text: 'casino', msgId: '777', callId });
    const offline = messageCallback({
      text: 'casino',
      msgId: '777',
      callId,
      eventType: 'chat_offline',
      timestamp: chat.timestamp as number,
    });

    expect((await send(chat)).status).toBe(200);
    expect((await send(offline)).status).toBe(200);
    expect(new Set(deps.sqs.events.map((event) => event.id)).size).toBe(1);
  });

  test("Agora's retry of a callback, the same body under the same callId, is accepted again and reports the same event", async () => {
    const { deps, counted, send } = setup();
    const chat = messageCallback({ text: 'casino' });

    expect(await send(chat)).toEqual({ status: 200, body: { ok: true, violations: 1 } });
    expect(await send(chat)).toEqual({ status: 200, body: { ok: true, violations: 1 } });

    expect(new Set(deps.sqs.events.map((event) => event.id)).size).toBe(1);
    expect(counted('ReplaysRefused')).toBe(0);
  });

  test('a callback that matched nothing holds its callId too: its signature replayed with spam is refused', async () => {
    // Prepare: a benign message, accepted with no violation.
    const { deps, counters, send } = setup();
    const benign = messageCallback({ text: 'hello', from: 'alice' });
    expect(await send(benign)).toEqual({ status: 200, body: { ok: true, violations: 0 } });
    const countedBefore = JSON.stringify([...counters.messages]);

    // Act: its callId, timestamp and signature, with a text the rules report, from someone else.
    const answer = await send({
      ...benign,
      from: 'bob',
      payload: { ext: {}, bodies: [{ type: 'txt', msg: 'casino' }] },
    });

    // Assess
    expect(answer.status).toBe(409);
    expect(deps.sqs.batches).toEqual([]);
    expect(JSON.stringify([...counters.messages])).toBe(countedBefore);
  });

  test('a one-to-one message holds its callId too: replayed as a group message it is refused', async () => {
    const { deps, claims, send } = setup();
    const { group_id: _g, ...direct } = messageCallback({ text: 'hello' });
    const oneToOne = resign({ ...direct, chat_type: 'chat', to: 'bob' });
    expect(await send(oneToOne)).toEqual({ status: 200, body: { ok: true } });
    expect([...claims.claims.keys()]).toEqual([oneToOne.callId]);

    expect(
      (
        await send({
          ...oneToOne,
          chat_type: 'groupchat',
          group_id: GROUP,
          to: GROUP,
          payload: { ext: {}, bodies: [{ type: 'txt', msg: 'casino' }] },
        })
      ).status,
    ).toBe(409);
    expect(deps.sqs.batches).toEqual([]);
  });

  test('without rules nothing can be recorded, and nothing is claimed', async () => {
    const deps = callbackDependencies();
    expect(await handlePostDelivery(deps, post(messageCallback({ text: 'casino' })))).toEqual({
      status: 200,
      body: { ok: true, violations: 0 },
    });
    expect((deps.claims as MemoryCallbackClaims).claims.size).toBe(0);
  });

  test('when the claims cannot be written it answers 503 and records nothing, so that Agora retries', async () => {
    const { deps, counters, counted, send } = setup();
    deps.claims = { claimCallback: () => Promise.reject(new Error('table unavailable')) };

    expect(await send(messageCallback({ text: 'casino' }))).toEqual({
      status: 503,
      body: { error: 'claim failed; retry' },
    });
    expect(deps.sqs.batches).toEqual([]);
    expect(counters.messages.size).toBe(0);
    expect(counted('ClaimFailures')).toBe(1);
  });

  test('flood: the third message in 10 s reports, once; images count too', async () => {
    const { deps, send } = setup();
    const t = Date.now();
    const image = [{ type: 'img', url: 'https://x/y.png' }];
    for (const [i, at] of [t, t + 1_000].entries())
      expect((await send(messageCallback({ bodies: image, timestamp: at, from: `u${i}` }))).body).toEqual({
        ok: true,
        violations: 0,
      });
    expect((await send(messageCallback({ text: 'hi', timestamp: t + 2_000 }))).body).toEqual({
      ok: true,
      violations: 1,
    });
    expect((await send(messageCallback({ text: 'hi again', timestamp: t + 3_000 }))).body).toEqual({
      ok: true,
      violations: 0,
    });
    expect(deps.sqs.events.map((event) => event.category)).toEqual(['flood']);
  });

  test('repeat: the same text from the third distinct sender reports', async () => {
    const { deps, send } = setup();
    const t = Date.now();
    for (const [i, from] of ['ann', 'ann', 'ben'].entries())
      await send(messageCallback({ text: 'Join my channel', from, timestamp: t + i * 20_000 }));
    await send(messageCallback({ text: 'ＪＯＩＮ   my channel', from: 'cat', timestamp: t + 45_000 }));
    expect(deps.sqs.events.map((event) => event.category)).toEqual(['copypasta']);
  });

  test('when the queue fails it answers 503, and the retry reports the same event', async () => {
    const { deps, send } = setup();
    const body = messageCallback({ text: 'casino' });
    deps.sqs.fail = 1;

    expect(await send(body)).toEqual({ status: 503, body: { error: 'queue unavailable; retry' } });
    expect(await send(body)).toEqual({ status: 200, body: { ok: true, violations: 1 } });
    expect(deps.sqs.events).toHaveLength(1);
  });

  test('entries the queue refuses are a 503 too', async () => {
    const { deps, send } = setup();
    deps.sqs.refuse = true;
    expect((await send(messageCallback({ text: 'casino' }))).status).toBe(503);
  });

  test('a bad signature records nothing: no event, no count', async () => {
    const { deps, counters, send } = setup();
    const body = { ...messageCallback({ text: 'casino' }), security: 'f'.repeat(32) };

    expect(await send(body)).toEqual({ status: 401, body: { error: 'signature does not match' } });
    expect(deps.sqs.batches).toEqual([]);
    expect(counters.messages.size + counters.senders.size + counters.claims.size).toBe(0);
  });

  test('a group operation is answered 200 and records nothing but its claim', async () => {
    const { deps, counters, claims, send } = setup();
    const operation = resign({
      ...messageCallback({ text: 'casino' }),
      chat_type: 'muc',
      payload: { operation: 'kick' },
    });
    expect(await send(operation)).toEqual({ status: 200, body: { ok: true } });
    expect(await send(operation)).toEqual({ status: 200, body: { ok: true } });
    expect(deps.sqs.batches).toEqual([]);
    expect(counters.messages.size).toBe(0);
    expect(claims.claims.size).toBe(1);
  });

  test("an ignored callback's signature replayed as a group message is refused (409) and reports nothing", async () => {
    const { deps, counters, counted, send } = setup();
    const operation = resign({
      ...messageCallback({ text: 'casino' }),
      chat_type: 'muc',
      payload: { operation: 'kick' },
    });
    await send(operation);
    // Same callId, timestamp and signature (all the signature covers), a message's body.
    const forged = {
      ...operation,
      chat_type: 'groupchat',
      payload: { bodies: [{ type: 'txt', msg: 'casino casino' }] },
    };

    expect(await send(forged)).toMatchObject({ status: 409 });
    expect(deps.sqs.batches).toEqual([]);
    expect(counters.messages.size).toBe(0);
    expect(counted('ReplaysRefused')).toBe(1);
  });

  test('an ignored callback that cannot be claimed gets 503, so that Agora retries it', async () => {
    const deps = callbackDependencies({
      rules: compileRuleSet(RULE_SET),
      counters: new MemoryMessageCounters(),
      claims: { claimCallback: () => Promise.reject(new Error('table unavailable')) },
    });
    const operation = resign({
      ...messageCallback({ text: 'casino' }),
      chat_type: 'muc',
      payload: { operation: 'kick' },
    });
    expect(await handlePostDelivery(deps, post(operation))).toMatchObject({ status: 503 });
  });

  test('a one-to-one message has no group to report', async () => {
    const { deps, send } = setup();
    const { group_id: _g, ...body } = messageCallback({ text: 'casino' });
    expect(await send(resign({ ...body, chat_type: 'chat', to: 'bob' }))).toEqual({ status: 200, body: { ok: true } });
    expect(deps.sqs.batches).toEqual([]);
  });

  test('a dry run counts and logs, and sends nothing', async () => {
    const { deps, send } = setup(true);
    expect(await send(messageCallback({ text: 'casino' }))).toEqual({
      status: 200,
      body: { ok: true, violations: 0, dryRun: true },
    });
    expect(deps.sqs.batches).toEqual([]);
  });
});

describe('any callback gets an answer', () => {
  test('a failure no step foresaw answers 503, counted as CallbacksFailed and logged with the callId', async () => {
    const { deps, counted } = setup();
    const failing = {
      ...deps,
      clock: () => {
        throw new Error('clock unreadable');
      },
    };
    const errors = vi.spyOn(deps.logger, 'error');
    const body = messageCallback({ text: 'casino' });

    expect(await handlePostDelivery(failing, post(body))).toEqual({
      status: 503,
      body: { error: 'internal error; retry' },
    });
    expect(counted('CallbacksFailed')).toBe(1);
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining('503'),
      expect.objectContaining({ callId: body.callId }),
    );
  });

  test('every 5xx is counted as CallbacksFailed, a queue failure too; a 200 is not', async () => {
    const { deps, counted } = setup();
    const down = {
      ...deps,
      queue: {
        ...deps.queue,
        sqs: { send: () => Promise.reject(new Error('queue down')) } as unknown as typeof deps.queue.sqs,
      },
    };

    expect((await handlePostDelivery(down, post(messageCallback({ text: 'casino' })))).status).toBe(503);
    expect((await handlePostDelivery(deps, post(messageCallback({ text: 'hello' })))).status).toBe(200);
    expect(counted('CallbacksFailed')).toBe(1);
  });
});
