/**
 * The emulator's chat messages and HTTP callbacks, against a receiver on a real HTTP port that
 * answers as each test scripts it: signatures, the pre-delivery timeout and fallback, retry once
 * then drop, and a rule switched off after too many failures.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from '../../local/emulator/index.js';

type Answer = { status: number; body?: unknown; delayMs?: number };
let receiver: Server;
let url: string;
let script: (path: string, body: Record<string, unknown>) => Answer = () => ({ status: 200, body: { valid: true } });
const received: { path: string; body: Record<string, unknown> }[] = [];
let emulator: Emulator;
let group: string;
const SECRET = 'emulated-rule-secret';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      received.push({ path: req.url ?? '', body });
      const answer = script(req.url ?? '', body);
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body ?? {}));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  emulator = await startEmulator();
  // Its senders are members: the emulator refuses messages from anyone else.
  group = emulator.store.insert({ name: 'callbacks', owner: 'alice', members: ['a'] }).id;
});
afterAll(async () => {
  await emulator?.close();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
});
// Agora's 200 ms default is tight for a shared test machine; the timeout case sets its own.
const PRE_TIMEOUT_MS = 1_000;
beforeEach(async () => {
  await emulator.callbacks.settled();
  received.length = 0;
  script = () => ({ status: 200, body: { valid: true } });
  emulator.callbacks.set({
    preDelivery: { url: `${url}/pre`, secret: SECRET, timeoutMs: PRE_TIMEOUT_MS },
    postDelivery: { url: `${url}/post`, secret: SECRET },
  });
});

const send = (text: string) => emulator.chat.send({ groupId: group, from: 'alice', text });

describe('signed callbacks', () => {
  test('pre- and post-delivery bodies carry the message and an MD5 signature of callId + secret + timestamp', async () => {
    const outcome = await send('hello');
    await emulator.callbacks.settled();

    expect(outcome).toMatchObject({ status: 'delivered', preDelivery: 'valid' });
    expect(received.map((r) => r.path)).toEqual(['/pre', '/post']);
    for (const { body } of received) {
      expect(body).toMatchObject({
        eventType: 'chat',
        chat_type: 'groupchat',
        group_id: group,
        to: group,
        from: 'alice',
        payload: { bodies: [{ type: 'txt', msg: 'hello' }] },
        securityVersion: '1.0.0',
        appkey: 'demo-org#demo-app',
      });
      expect(body.callId).toMatch(/^demo-org#demo-app_[0-9a-f-]{36}$/);
      expect(body.security).toBe(
        createHash('md5')
          .update(`${String(body.callId)}${SECRET}${String(body.timestamp)}`)
          .digest('hex'),
      );
    }
  });

  test('the Easemob reading: callId ends with the message id; an offline rule adds a chat_offline copy', async () => {
    emulator.callbacks.set({
      postDelivery: { url: `${url}/post`, secret: SECRET, offline: true },
      callIdStyle: 'message-id',
    });
    const outcome = await send('hello');
    await emulator.callbacks.settled();

    expect(received.map((r) => r.body.eventType).sort()).toEqual(['chat', 'chat_offline']);
    for (const { body } of received)
      expect(body.callId).toBe(`demo-org#demo-app_${(outcome as { msgId: string }).msgId}`);
  });
});

describe('pre-delivery', () => {
  test('valid false rejects: the message is not delivered and gets no post-delivery callback', async () => {
    script = () => ({ status: 200, body: { valid: false, code: 'banned-terms' } });
    expect(await send('casino')).toMatchObject({ status: 'rejected', preDelivery: 'rejected', code: 'banned-terms' });
    await emulator.callbacks.settled();
    expect(received.map((r) => r.path)).toEqual(['/pre']);
  });

  test.each([
    ['a timeout', { status: 200, body: { valid: false }, delayMs: PRE_TIMEOUT_MS + 500 }],
    ['a non-200', { status: 500, body: { valid: false } }],
    ['a missing valid', { status: 200, body: { code: 'x' } }],
    ['valid of the wrong type', { status: 200, body: { valid: 'no' } }],
  ])('%s applies the fallback: pass by default, reject when set', async (_case, answer) => {
    script = (path) => (path === '/pre' ? answer : { status: 200 });
    expect(await send('hi')).toMatchObject({ status: 'delivered', preDelivery: 'fallback-pass' });
    emulator.callbacks.set({ preDelivery: { url: `${url}/pre`, secret: SECRET, fallback: 'reject', timeoutMs: 200 } });
    expect(await send('hi')).toMatchObject({ status: 'rejected', preDelivery: 'fallback-reject' });
  });

  test('a payload in the verdict rewrites the message', async () => {
    script = (path) =>
      path === '/pre'
        ? { status: 200, body: { valid: true, payload: { ext: {}, bodies: [{ type: 'txt', msg: '***' }] } } }
        : { status: 200 };
    await send('rude');
    expect(emulator.chat.messages(group).at(-1)!.payload.bodies).toEqual([{ type: 'txt', msg: '***' }]);
  });
});

describe('post-delivery', () => {
  test('a failure is retried once at once, then the callback is dropped', async () => {
    script = (path) => (path === '/post' ? { status: 503 } : { status: 200, body: { valid: true } });
    await send('hello');
    await emulator.callbacks.settled();

    const posts = emulator.callbacks.attempts.filter((a) => a.kind === 'post-delivery').slice(-2);
    expect(posts.map((a) => [a.attempt, a.result])).toEqual([
      [1, 503],
      [2, 503],
    ]);
    expect(received.filter((r) => r.path === '/post')).toHaveLength(2);
  });

  test('a timeout counts as a failure; a 200 on the retry delivers it', async () => {
    emulator.callbacks.set({ postDelivery: { url: `${url}/post`, secret: SECRET, timeoutMs: 100 } });
    let calls = 0;
    script = () => (++calls === 1 ? { status: 200, delayMs: 300 } : { status: 200 });
    await send('hello');
    await emulator.callbacks.settled();
    expect(emulator.callbacks.attempts.slice(-2).map((a) => a.result)).toEqual(['timeout', 200]);
  });

  test('a rule that fails too often within the window is switched off, and what it would send is lost', async () => {
    emulator.callbacks.set({
      postDelivery: { url: `${url}/post`, secret: SECRET },
      switchOff: { failures: 4, windowMs: 30_000, offMs: 300_000 },
    });
    script = () => ({ status: 500 });
    await send('one');
    await send('two');
    await emulator.callbacks.settled();
    script = () => ({ status: 200 });
    await send('three');
    await emulator.callbacks.settled();

    expect(emulator.callbacks.state.switchedOffUntil).toBeGreaterThan(Date.now());
    expect(received).toHaveLength(4);
    expect(emulator.callbacks.attempts.at(-1)).toMatchObject({ result: 'off' });
  });
});

describe('messages', () => {
  test('a disabled or unknown group refuses messages; the control API answers as in process', async () => {
    const [disabled] = [emulator.store.seed({ count: 1 }).first!];
    emulator.store.update(disabled, { disabled: true });
    expect(await emulator.chat.send({ groupId: disabled, from: 'a', text: 'x' })).toEqual({
      status: 'refused',
      reason: 'group disabled',
    });

    const post = (body: unknown) =>
      fetch(`${emulator.baseUrl}/_emulator/messages`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ groupId: '299999999999999999', from: 'a', text: 'x' })).status).toBe(404);
    expect((await post({ groupId: disabled, from: 'a', text: 'x' })).status).toBe(403);
    const delivered = await post({ groupId: group, from: 'a', text: 'x' });
    expect(await delivered.json()).toMatchObject({ status: 'delivered', msgId: expect.stringMatching(/^\d{19}$/) });
  });
});
