import { describe, expect, test } from 'vitest';
import { readCallback, type CallbackReading } from '../../../functions/callbacks/read-callback.js';
import { APP_KEY, GROUP, messageCallback, post, resign, SECRET } from '../../helpers/callbacks.js';

const NOW = 1_764_230_400_000;
const options = { secrets: [SECRET], maxBodyBytes: 65_536, toleranceMs: 300_000, now: NOW };
const read = (body: unknown, method = 'POST') => readCallback({ ...post(body), method }, options);
const refusal = (reading: CallbackReading) =>
  reading.outcome === 'refused' ? { status: reading.refusal.status, kind: reading.refusal.kind } : reading.outcome;

describe('bad input gets a clear status', () => {
  test.each([
    ['a wrong signature', { ...messageCallback({ timestamp: NOW }), security: '0'.repeat(32) }, 401, 'signature'],
    ['a body signed with another secret', messageCallback({ timestamp: NOW }, 'not-our-secret'), 401, 'signature'],
    ['no signature', (({ security: _s, ...rest }) => rest)(messageCallback({ timestamp: NOW })), 401, 'signature'],
    ['no callId', (({ callId: _c, ...rest }) => rest)(messageCallback({ timestamp: NOW })), 401, 'signature'],
    [
      'a timestamp that is not a number',
      { ...messageCallback({ timestamp: NOW }), timestamp: 'yesterday' },
      401,
      'signature',
    ],
    ['a stale timestamp', messageCallback({ timestamp: NOW - 300_001 }), 401, 'stale'],
    ['a timestamp from the future', messageCallback({ timestamp: NOW + 300_001 }), 401, 'stale'],
    ['a body that is not JSON', '{"callId": "x", ', 400, 'not-json'],
    ['a JSON array', [1, 2], 400, 'not-json'],
    [
      'wrong types: bodies not a list',
      resign({ ...messageCallback({ timestamp: NOW }), payload: { bodies: 'hello' } }),
      400,
      'invalid',
    ],
    [
      'wrong types: a txt body without its text',
      resign({ ...messageCallback({ timestamp: NOW }), payload: { bodies: [{ type: 'txt' }] } }),
      400,
      'invalid',
    ],
    [
      'wrong types: a group id that is a number',
      resign({ ...messageCallback({ timestamp: NOW }), group_id: 100743775617286960 }),
      400,
      'invalid',
    ],
  ])('%s', (_case, body, status, kind) => {
    expect(refusal(read(body))).toEqual({ status, kind });
  });

  /**
   * A callback, as JSON, with a custom body whose `ext` nests lists until the whole body is
   * `depth` levels deep (written as text: JSON.stringify itself overflows the stack on the deepest).
   */
  const nestedTo = (depth: number) => {
    // The callback, its payload, the bodies' list and the body make 4 levels; ext's lists the rest.
    const inner = depth - 4;
    const ext = `${'['.repeat(inner)}${']'.repeat(inner)}`;
    return JSON.stringify(messageCallback({ timestamp: NOW, bodies: [{ type: 'custom', ext: 'EXT' }] })).replace(
      '"EXT"',
      ext,
    );
  };

  test('a body nested deeper than 64 levels is refused as invalid, 10,000 levels too; 64 levels are read', () => {
    expect(read(nestedTo(64)).outcome).toBe('message');
    expect(refusal(read(nestedTo(65)))).toEqual({ status: 400, kind: 'invalid' });
    const deep = read(nestedTo(10_000));
    expect(deep.outcome === 'refused' && deep.refusal.reason).toBe('body nests deeper than 64 levels');
  });

  test('a body over the limit is refused before it is parsed', () => {
    const big = messageCallback({ timestamp: NOW, text: 'x'.repeat(70_000) });
    expect(refusal(read(big))).toEqual({ status: 413, kind: 'too-large' });
    expect(refusal(read('{'.repeat(70_000)))).toEqual({ status: 413, kind: 'too-large' });
  });

  test('a method other than POST', () => {
    expect(refusal(read(messageCallback({ timestamp: NOW }), 'GET'))).toEqual({ status: 405, kind: 'method' });
  });

  test('the reason names the problem and never the secret or the expected signature', () => {
    const body = resign({ ...messageCallback({ timestamp: NOW }), from: 42 });
    const reading = read(body);
    expect(reading).toMatchObject({
      outcome: 'refused',
      refusal: { status: 400, reason: 'from: expected a string, got a number' },
    });
    const unsigned = read({ ...messageCallback({ timestamp: NOW }), security: '0'.repeat(32) });
    expect(JSON.stringify(unsigned)).not.toContain(SECRET);
    expect(JSON.stringify(unsigned)).not.toContain(String(messageCallback({ timestamp: NOW }).security));
  });
});

describe('callbacks the rules do not read are ignored', () => {
  test.each([
    ['a group operation', { chat_type: 'muc', eventType: 'chat', payload: { operation: 'presence' } }, 'chat/muc'],
    ['a read receipt', { chat_type: 'read_ack', payload: {} }, 'chat/read_ack'],
    ['a login event', { eventType: 'userStatus', chat_type: undefined, status: 'online' }, 'userStatus/-'],
    [
      'the newer group event shape',
      { eventType: 'group_op_event', chat_type: undefined, operation: 'JOIN' },
      'group_op_event/-',
    ],
  ])('%s', (_case, fields, kind) => {
    const body = resign({ ...messageCallback({ timestamp: NOW }), ...fields });
    expect(read(body)).toEqual({ outcome: 'ignored', kind, callId: body.callId, at: NOW });
  });
});

describe('a message callback', () => {
  test('gives the message with its text, group and time; unknown fields are fine', () => {
    const body = messageCallback({
      timestamp: NOW,
      text: 'buy coins',
      msgId: '1249',
      extra: { content_type: 'chat:group:text', brand_new: { x: 1 } },
    });

    expect(read(body)).toEqual({
      outcome: 'message',
      message: {
        callId: body.callId,
        messageKey: '1249',
        messageId: '1249',
        eventType: 'chat',
        chatType: 'groupchat',
        groupId: GROUP,
        from: 'alice',
        at: NOW,
        text: 'buy coins',
        bodyTypes: ['txt'],
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
  });

  test('both readings: callId as {appKey}_{message id}, and a user name in `to` with group_id set', () => {
    const body = resign({ ...messageCallback({ timestamp: NOW, msgId: '77' }), callId: `${APP_KEY}_77`, to: 'bob' });
    expect(read(body)).toMatchObject({
      outcome: 'message',
      message: { callId: `${APP_KEY}_77`, messageKey: '77', groupId: GROUP },
    });
  });

  test("a callId of the form {appKey}_{message id} must name the body's msg_id: the signature covers it there", () => {
    const body = resign({ ...messageCallback({ timestamp: NOW, msgId: '78' }), callId: `${APP_KEY}_77` });
    expect(read(body)).toMatchObject({
      outcome: 'refused',
      refusal: { status: 401, kind: 'signature', reason: 'callId names message 77, but msg_id is 78' },
    });
  });

  test('without msg_id, the message a callId of the form {appKey}_{message id} names is the key', () => {
    const { msg_id: _m, ...rest } = messageCallback({ timestamp: NOW, callId: `${APP_KEY}_77` });
    expect(read(resign(rest))).toMatchObject({
      outcome: 'message',
      message: { callId: `${APP_KEY}_77`, messageKey: '77' },
    });
  });

  test('a callId of the form {appKey}_{uuid} names no message, even a UUID of digits only', () => {
    for (const suffix of ['7a3c0e2e-1d7b-4c55-9a4f-0c1d2e3f4a5b', '1'.repeat(32)]) {
      const body = resign({ ...messageCallback({ timestamp: NOW, msgId: '78' }), callId: `${APP_KEY}_${suffix}` });
      expect(read(body)).toMatchObject({ outcome: 'message', message: { messageKey: '78' } });
    }
  });

  test('the group from `to` when group_id is missing; the callback id as key when msg_id is', () => {
    const { group_id: _g, msg_id: _m, ...rest } = messageCallback({ timestamp: NOW });
    const body = resign(rest);
    expect(read(body)).toMatchObject({ outcome: 'message', message: { groupId: GROUP, messageKey: body.callId } });
  });

  test('a timestamp sent as digits is signed as those digits', () => {
    const body = resign({ ...messageCallback({ timestamp: NOW }), timestamp: String(NOW) });
    expect(read(body)).toMatchObject({ outcome: 'message', message: { at: NOW } });
  });

  test('non-text bodies carry no text but their types', () => {
    const body = messageCallback({
      timestamp: NOW,
      bodies: [{ type: 'img', url: 'https://x/y.png', filename: 'y.png', size: { width: 1, height: 1 } }],
    });
    expect(read(body)).toMatchObject({ outcome: 'message', message: { bodyTypes: ['img'] } });
    expect((read(body) as { message: object }).message).not.toHaveProperty('text');
  });
});

describe('the digest of what a callback says about its message', () => {
  const base = { timestamp: NOW, msgId: '1249', text: 'buy coins', callId: `${APP_KEY}_7a3c` };
  const digestOf = (body: Record<string, unknown>) => {
    const reading = read(body);
    if (reading.outcome !== 'message') throw new Error(`not a message: ${JSON.stringify(reading)}`);
    return reading.message.digest;
  };

  test("is the same for a retry, a chat_offline copy and another order of the body's keys", () => {
    const chat = messageCallback(base);
    const reordered = resign({ ...chat, payload: { bodies: [{ msg: 'buy coins', type: 'txt' }], ext: {} } });
    expect(
      new Set([
        digestOf(chat),
        digestOf(messageCallback(base)),
        digestOf(messageCallback({ ...base, eventType: 'chat_offline' })),
        digestOf(reordered),
      ]).size,
    ).toBe(1);
  });

  test.each([
    ['another group', { groupId: '200000000000000001' }],
    ['another sender', { from: 'mallory' }],
    ['another message id', { msgId: '1250' }],
    ['another text', { text: 'buy more coins' }],
    ['another body', { bodies: [{ type: 'img', url: 'https://x/y.png' }] }],
  ])('differs for %s', (_case, change) => {
    expect(digestOf(messageCallback({ ...base, ...change }))).not.toBe(digestOf(messageCallback(base)));
  });
});
