/**
 * The deduplication id every producer sets: derived from the event's id and its content, so the
 * queue drops a resend of the same event and lets an id reused for another event through, and
 * equal to what SQS's content-based deduplication computes for the body (EventBridge Scheduler's
 * ban expiries set none).
 */
import { describe, expect, it } from 'vitest';
import {
  deduplicationIdFor,
  eventBody,
  eventDigest,
  eventMessage,
  type ModerationEvent,
} from '../../../functions/events/index.js';

const GROUP = '100000000000000001';
const disable = {
  version: 1,
  id: 'e1',
  type: 'group.disable',
  groupId: GROUP,
  reason: 'spam',
  source: 'classifier',
  time: '2026-11-25T10:00:00Z',
  duration: 60,
} as ModerationEvent;

describe('eventBody', () => {
  it('writes the fields by name and the time as toISOString does', () => {
    expect(eventBody(disable)).toBe(
      `{"duration":60,"groupId":"${GROUP}","id":"e1","reason":"spam","source":"classifier","time":"2026-11-25T10:00:00.000Z","type":"group.disable","version":1}`,
    );
  });

  it('is the same body for the same event written in another field order or time notation', () => {
    const reordered = Object.fromEntries(Object.entries(disable).reverse()) as ModerationEvent;
    expect(eventBody({ ...reordered, time: '2026-11-25T11:00:00+01:00' })).toBe(eventBody(disable));
  });
});

describe('deduplicationIdFor', () => {
  it('is the event digest: 64 hex characters', () => {
    const id = deduplicationIdFor(disable);
    expect(id).toBe(eventDigest(disable));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for a resend of the same event, written differently or seen at another time', () => {
    expect(deduplicationIdFor({ ...disable, time: '2026-11-25T10:00:00.000+00:00' })).toBe(deduplicationIdFor(disable));
    expect(deduplicationIdFor({ ...disable, time: '2026-11-25T10:04:59.500Z' })).toBe(deduplicationIdFor(disable));
  });

  it('differs for the same id with other content, and for the same content under another id', () => {
    const ids = [
      disable,
      { ...disable, type: 'group.enable', duration: undefined },
      { ...disable, reason: 'spam!' },
      { ...disable, groupId: '100000000000000002' },
      { ...disable, duration: 61 },
      { ...disable, id: 'e2' },
    ].map((event) => deduplicationIdFor(event as ModerationEvent));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays within what SQS accepts for the longest id an event may have', () => {
    expect(deduplicationIdFor({ ...disable, id: 'x'.repeat(128) })).toHaveLength(64);
  });
});

describe('eventMessage', () => {
  it('carries the body, the group as message group and the derived deduplication id', () => {
    expect(eventMessage(disable)).toEqual({
      MessageBody: eventBody(disable),
      MessageGroupId: GROUP,
      MessageDeduplicationId: deduplicationIdFor(disable),
    });
  });
});
