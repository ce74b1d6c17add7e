import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_BODY_PLACEHOLDER,
  MAX_REASON_LENGTH,
  PARKED_MESSAGE_LIMIT_BYTES,
  ParkAttribute,
  parkedMessage,
  sqsSafe,
  type ParkRequest,
} from '../../../functions/moderation/delivery/parked-message.js';

const request = (body: string | undefined, reason = 'invalid event: type: bad'): ParkRequest => ({
  body,
  kind: 'invalid-event',
  reason,
  sourceMessageId: 'm-1',
  receiveCount: 1,
  parkedAt: new Date('2026-11-27T00:00:00Z'),
});
// What SQS refuses in bodies and attribute values.
const REFUSED = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const value = (message: ReturnType<typeof parkedMessage>, name: string) => message.attributes[name]?.StringValue;
/** Size as SQS counts it: body plus each attribute's name, data type and value. */
const size = (message: ReturnType<typeof parkedMessage>) =>
  Buffer.byteLength(message.body) +
  Object.entries(message.attributes).reduce(
    (sum, [name, v]) =>
      sum + Buffer.byteLength(name) + Buffer.byteLength(v.DataType!) + Buffer.byteLength(v.StringValue!),
    0,
  );

describe('sqsSafe', () => {
  it('escapes control characters, lone surrogates and non-characters, and keeps everything else', () => {
    expect(sqsSafe('a\u0001\u0000b')).toBe('a\\u0001\\u0000b');
    expect(sqsSafe('x\uD800y\uFFFE')).toBe('x\\ud800y\\ufffe');
    expect(sqsSafe('tab\tnew\nline\r ok é 😀')).toBe('tab\tnew\nline\r ok é 😀');
  });
});

describe('parkedMessage', () => {
  it('keeps a body that fits whole, with its size and SHA-256', () => {
    const body = '{"type":"group.disable"';
    const message = parkedMessage(request(body));
    expect(message.body).toBe(body);
    expect(value(message, ParkAttribute.BodyBytes)).toBe(String(body.length));
    expect(value(message, ParkAttribute.BodySha256)).toBe(createHash('sha256').update(body).digest('hex'));
    expect(value(message, ParkAttribute.BodyTruncated)).toBe('false');
  });

  it('makes every attribute value SQS-safe, and cuts a long reason', () => {
    const message = parkedMessage(
      request('{}', `invalid event: unknown field(s) "a\u0001\u0000b" ${'😀'.repeat(MAX_REASON_LENGTH)}`),
    );
    for (const [name, attribute] of Object.entries(message.attributes))
      expect(REFUSED.test(attribute.StringValue!), name).toBe(false);
    expect(value(message, ParkAttribute.Reason)).toMatch(/^invalid event: unknown field\(s\) "a\\u0001\\u0000b"/);
    expect(value(message, ParkAttribute.Reason)!.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
  });

  it.each([
    ['ASCII', 'x'],
    ['three-byte characters', '€'],
    ['four-byte characters', '😀'],
  ])('cuts a body too large to park, at a character boundary, within the limit (%s)', (_label, unit) => {
    const body = unit.repeat(Math.ceil((1_048_576 + 3) / Buffer.byteLength(unit)));
    const message = parkedMessage(request(body));

    expect(size(message)).toBeLessThanOrEqual(PARKED_MESSAGE_LIMIT_BYTES);
    // Cut at most a character's 3 further bytes short, and `true` is a byte shorter than `false`.
    expect(size(message)).toBeGreaterThanOrEqual(PARKED_MESSAGE_LIMIT_BYTES - 4);
    expect(body.startsWith(message.body)).toBe(true);
    expect(value(message, ParkAttribute.BodyTruncated)).toBe('true');
    expect(value(message, ParkAttribute.BodyBytes)).toBe(String(Buffer.byteLength(body)));
    expect(value(message, ParkAttribute.BodySha256)).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('parks a record without a body under a placeholder, saying it had none', () => {
    const message = parkedMessage(request(undefined, 'the record has no body'));
    expect(message.body).toBe(EMPTY_BODY_PLACEHOLDER);
    expect(value(message, ParkAttribute.BodyBytes)).toBe('0');
  });
});
