import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expireEventFor } from '../../../functions/events/ban-expire.js';
import { eventDigest, timedEventDigest } from '../../../functions/events/digest.js';
import { DEFAULT_CLOCK_SKEW_SECONDS, EVENT_LIMITS } from '../../../functions/events/limits.js';
import { InvalidEventsError, validateEvents } from '../../../functions/events/producer.js';
import {
  checkModerationEvent,
  moderationEventSchema,
  parseModerationEvent,
  type ModerationEvent,
} from '../../../functions/events/schema.js';
import { EXAMPLE_EXPLANATION } from '../../helpers/moderation-events.js';

const NOW = new Date('2026-11-25T10:00:00Z');
const clock = { now: NOW };
const base = {
  version: 1,
  id: 'evt-1',
  groupId: '100743775617286960',
  reason: 'spam',
  source: 'classifier',
  time: '2026-11-25T10:00:00Z',
};
const parse = (event: unknown) => parseModerationEvent(JSON.stringify(event), clock);
const secondsFromNow = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();

describe('parseModerationEvent', () => {
  it.each([
    { type: 'violation.threshold_reached', duration: 3600 },
    { type: 'violation.threshold_reached' },
    { type: 'violation.reported', category: 'spam' },
    { type: 'group.disable', duration: 'permanent' },
    { type: 'group.disable', duration: EVENT_LIMITS.maxDurationSeconds },
    { type: 'group.enable' },
    { type: 'ban.expire', banId: 'ban-7' },
    { type: 'ban.enforce', banId: 'ban-7' },
    { type: 'member.mute', users: ['spammer1', 'spammer.2'], duration: 600 },
    { type: 'member.mute', users: ['spammer1'], duration: 'permanent' },
    { type: 'member.unmute', users: ['spammer1'] },
    { type: 'member.remove', users: ['spammer1'] },
    { type: 'member.block', users: ['spammer1'] },
    { type: 'member.unblock', users: ['spammer1'] },
    { type: 'group.mute_all', duration: 900 },
    { type: 'group.mute_all' },
    { type: 'group.unmute_all' },
    { type: 'group.unmute_all', muteId: 'mute-all-evt-0' },
    { type: 'message.recall', messageId: '1028442084794698104', sender: 'spammer1' },
  ])('accepts %o', (fields) => {
    const parsed = parse({ ...base, ...fields });
    expect(parsed).toEqual({ ok: true, event: { ...base, ...fields } });
  });

  it.each([
    [{ type: 'group.nuke' }, 'type'],
    [{ type: 'group.enable', groupId: 100743775617286960 }, 'groupId'],
    [{ type: 'group.enable', groupId: '12ab' }, 'groupId'],
    [{ type: 'group.enable', reason: undefined }, 'reason'],
    [{ type: 'group.enable', time: 'yesterday' }, 'time'],
    [{ type: 'group.enable', version: 2 }, 'version'],
    [{ type: 'ban.expire' }, 'banId'],
    [{ type: 'ban.enforce' }, 'banId'],
    [{ type: 'ban.enforce', banId: 'ban-7', duration: 60 }, 'duration'],
    [{ type: 'group.disable', duration: 0 }, 'duration'],
    [{ type: 'group.enable', extra: true }, 'extra'],
    [{ type: 'member.mute', users: ['spammer1'] }, 'duration'],
    [{ type: 'member.mute', users: ['spammer1'], duration: 0 }, 'duration'],
    [{ type: 'member.mute', users: [], duration: 60 }, 'users'],
    [{ type: 'member.remove', users: ['Spammer'] }, 'users[0]'],
    [{ type: 'member.block', users: ['a', 'a'] }, 'users'],
    [{ type: 'member.block', users: Array.from({ length: EVENT_LIMITS.maxUsers + 1 }, (_, i) => `u${i}`) }, 'users'],
    [{ type: 'member.unblock' }, 'users'],
    [{ type: 'group.mute_all', duration: 'forever' }, 'duration'],
    [{ type: 'group.unmute_all', users: ['a'] }, 'users'],
    [{ type: 'message.recall', messageId: '1028442084794698104' }, 'sender'],
    [{ type: 'message.recall', messageId: 'abc', sender: 'a' }, 'messageId'],
  ])('rejects %o naming %s', (fields, field) => {
    const parsed = parse({ ...base, ...fields });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(field);
  });

  it.each([
    [{ type: 'group.disable', duration: 0 }, 'duration: a ban lasts at least 1 second'],
    [{ type: 'group.enable', version: 2 }, 'version: only version 1 is understood'],
    [{ type: 'group.enable', id: 'evt 1' }, 'id: may contain only letters, digits, "_", ".", ":" and "-"'],
    [{ type: 'group.enable', id: 'evt/1' }, 'id: may contain only letters, digits, "_", ".", ":" and "-"'],
  ])('says why it refuses %o', (fields, reason) => {
    expect(parse({ ...base, ...fields })).toEqual({ ok: false, reason: `invalid event: ${reason}` });
  });

  it('names every problem of an event, and the event itself when it is not an object', () => {
    const { reason: _reason, source: _source, ...partial } = base;
    expect(parse({ ...partial, type: 'group.enable' })).toEqual({
      ok: false,
      reason: 'invalid event: reason: required; source: required',
    });
    expect(parseModerationEvent('"group.enable"', clock)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^invalid event: \(event\): /),
    });
  });

  it('gives a text that is not a time that one problem, not also the bounds of a time', () => {
    const parsed = checkModerationEvent(
      { ...base, type: 'group.enable', time: 'x'.repeat(EVENT_LIMITS.timeLength + 1) },
      clock,
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason.split('; ')).toEqual([expect.stringMatching(/^time: /)]);
  });

  it('accepts a time with an offset', () => {
    expect(parse({ ...base, type: 'group.enable', time: '2026-11-25T11:00:00+01:00' }).ok).toBe(true);
  });

  it('accepts a body of exactly the size limit', () => {
    const body = JSON.stringify({ ...base, type: 'group.enable' });
    const padded = body.padEnd(EVENT_LIMITS.maxBodyBytes, ' ');
    expect(Buffer.byteLength(padded)).toBe(EVENT_LIMITS.maxBodyBytes);
    expect(parseModerationEvent(padded, clock).ok).toBe(true);
  });

  it('reports a body that is not JSON', () => {
    expect(parseModerationEvent('{oops', clock)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not JSON'),
    });
  });

  it('refuses a body over the size limit without reading it', () => {
    const body = JSON.stringify({ ...base, type: 'group.enable', padding: 'x'.repeat(EVENT_LIMITS.maxBodyBytes) });
    expect(parseModerationEvent(body, clock)).toEqual({
      ok: false,
      reason: `body is ${body.length} bytes; an event is at most ${EVENT_LIMITS.maxBodyBytes}`,
    });
  });
});

describe('a violation explained', () => {
  it('is a valid violation.reported event, and so is one of a counting rule (the rule and the rule set only)', () => {
    expect(parse({ ...base, type: 'violation.reported', explanation: EXAMPLE_EXPLANATION })).toMatchObject({
      ok: true,
    });
    const counting = { rule: 'flood', ruleSet: 'rs-0123456789abcdef' };
    expect(parse({ ...base, type: 'violation.reported', explanation: counting })).toMatchObject({ ok: true });
  });

  it.each([
    ['a start without an end', { ...EXAMPLE_EXPLANATION, end: undefined }],
    ['an end before its start', { ...EXAMPLE_EXPLANATION, start: 12 }],
    ['an unknown field', { ...EXAMPLE_EXPLANATION, score: 1 }],
    ['no rule set', { ...EXAMPLE_EXPLANATION, ruleSet: undefined }],
  ])('is refused with %s', (_case, explanation) => {
    expect(parse({ ...base, type: 'violation.reported', explanation })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('explanation'),
    });
  });
});

describe('bounds', () => {
  const longest = (length: number) => 'a'.repeat(length);
  it.each([
    ['id', { id: longest(EVENT_LIMITS.idLength) }, { id: longest(EVENT_LIMITS.idLength + 1) }],
    ['reason', { reason: longest(EVENT_LIMITS.reasonLength) }, { reason: longest(EVENT_LIMITS.reasonLength + 1) }],
    ['source', { source: longest(EVENT_LIMITS.sourceLength) }, { source: longest(EVENT_LIMITS.sourceLength + 1) }],
    [
      'category',
      { type: 'violation.reported', category: longest(EVENT_LIMITS.categoryLength) },
      { type: 'violation.reported', category: longest(EVENT_LIMITS.categoryLength + 1) },
    ],
    [
      'explanation.excerpt',
      {
        type: 'violation.reported',
        explanation: { ...EXAMPLE_EXPLANATION, excerpt: longest(EVENT_LIMITS.excerptLength) },
      },
      {
        type: 'violation.reported',
        explanation: { ...EXAMPLE_EXPLANATION, excerpt: longest(EVENT_LIMITS.excerptLength + 1) },
      },
    ],
    [
      'explanation.transforms',
      {
        type: 'violation.reported',
        explanation: { ...EXAMPLE_EXPLANATION, transforms: Array(EVENT_LIMITS.maxTransforms).fill('leet') },
      },
      {
        type: 'violation.reported',
        explanation: { ...EXAMPLE_EXPLANATION, transforms: Array(EVENT_LIMITS.maxTransforms + 1).fill('leet') },
      },
    ],
    [
      'explanation.end',
      { type: 'violation.reported', explanation: { ...EXAMPLE_EXPLANATION, end: EVENT_LIMITS.maxOffset } },
      { type: 'violation.reported', explanation: { ...EXAMPLE_EXPLANATION, end: EVENT_LIMITS.maxOffset + 1 } },
    ],
    [
      'banId',
      { type: 'ban.expire', banId: longest(EVENT_LIMITS.banIdLength) },
      { type: 'ban.expire', banId: longest(EVENT_LIMITS.banIdLength + 1) },
    ],
    [
      'time',
      { time: '2026-11-25T10:00:00.0000000000000000000Z' },
      { time: '2026-11-25T10:00:00.00000000000000000000Z' },
    ],
    [
      'duration',
      { type: 'group.disable', duration: EVENT_LIMITS.maxDurationSeconds },
      { type: 'group.disable', duration: EVENT_LIMITS.maxDurationSeconds + 1 },
    ],
  ])('%s: the limit passes, one more is refused', (field, atLimit, overLimit) => {
    expect(checkModerationEvent({ ...base, type: 'group.enable', ...atLimit }, clock).ok).toBe(true);
    const over = checkModerationEvent({ ...base, type: 'group.enable', ...overLimit }, clock);
    expect(over).toMatchObject({ ok: false, reason: expect.stringMatching(new RegExp(`^${field}: `)) });
  });

  it('the largest valid event, as the producer writes it, fits the body limit the handler applies', () => {
    // A control character is the longest a character gets in JSON: six bytes (\u0001).
    const widest = (length: number) => '\u0001'.repeat(length);
    const event = {
      ...base,
      id: 'i'.repeat(EVENT_LIMITS.idLength),
      groupId: '1'.repeat(32),
      reason: widest(EVENT_LIMITS.reasonLength),
      source: widest(EVENT_LIMITS.sourceLength),
      type: 'ban.expire',
      banId: widest(EVENT_LIMITS.banIdLength),
    };
    const body = JSON.stringify(event);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(EVENT_LIMITS.maxBodyBytes);
    expect(parseModerationEvent(body, clock).ok).toBe(true);
  });

  it('a violation with every field at its bound may pass the body limit: the check refuses it, naming its size, before it is sent', () => {
    const widest = (length: number) => '\u0001'.repeat(length);
    const event = {
      ...base,
      id: 'i'.repeat(EVENT_LIMITS.idLength),
      groupId: '1'.repeat(32),
      type: 'violation.reported',
      reason: widest(EVENT_LIMITS.reasonLength),
      source: widest(EVENT_LIMITS.sourceLength),
      category: widest(EVENT_LIMITS.categoryLength),
      sender: widest(EVENT_LIMITS.senderLength),
      messageId: widest(EVENT_LIMITS.messageIdLength),
      explanation: {
        rule: widest(EVENT_LIMITS.categoryLength),
        ruleSet: widest(EVENT_LIMITS.ruleSetLength),
        start: 0,
        end: 1,
        excerpt: widest(EVENT_LIMITS.excerptLength),
        matched: widest(EVENT_LIMITS.excerptLength),
        transforms: Array.from({ length: EVENT_LIMITS.maxTransforms }, () => widest(EVENT_LIMITS.transformLength)),
      },
    };
    const bytes = Buffer.byteLength(JSON.stringify(event));
    expect(bytes).toBeGreaterThan(EVENT_LIMITS.maxBodyBytes);
    expect(checkModerationEvent(event, clock)).toEqual({
      ok: false,
      reason: `event is ${bytes} bytes as JSON; an event is at most ${EVENT_LIMITS.maxBodyBytes}`,
    });
    // Without its explanation it fits, and passes.
    const { explanation: _explanation, ...plain } = event;
    expect(checkModerationEvent(plain, clock).ok).toBe(true);
  });

  it('refuses absurd durations at validation, before anything happens', () => {
    for (const duration of [1e13, 2.6e11, Number.MAX_SAFE_INTEGER]) {
      expect(checkModerationEvent({ ...base, type: 'group.disable', duration }, clock)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^duration: .*ten years/),
      });
    }
  });

  it('accepts the earliest time itself', () => {
    expect(checkModerationEvent({ ...base, type: 'group.enable', time: EVENT_LIMITS.earliestTime }, clock).ok).toBe(
      true,
    );
  });

  it('refuses times before the earliest', () => {
    expect(checkModerationEvent({ ...base, type: 'group.enable', time: '1999-12-31T23:59:59Z' }, clock)).toEqual({
      ok: false,
      reason: `time: must not be before ${EVENT_LIMITS.earliestTime}`,
    });
  });
});

describe('event time', () => {
  it(`tolerates ${DEFAULT_CLOCK_SKEW_SECONDS} s of clock skew by default, and refuses more, saying so`, () => {
    expect(
      checkModerationEvent({ ...base, type: 'group.enable', time: secondsFromNow(DEFAULT_CLOCK_SKEW_SECONDS) }, clock)
        .ok,
    ).toBe(true);
    expect(
      checkModerationEvent(
        { ...base, type: 'group.enable', time: secondsFromNow(DEFAULT_CLOCK_SKEW_SECONDS + 1) },
        clock,
      ),
    ).toEqual({
      ok: false,
      reason: `time: ${secondsFromNow(DEFAULT_CLOCK_SKEW_SECONDS + 1)} is 301 s ahead of this clock (${NOW.toISOString()}); at most 300 s of clock skew is tolerated`,
    });
  });

  it('takes the skew it is given, and any lateness', () => {
    expect(
      checkModerationEvent(
        { ...base, type: 'group.enable', time: secondsFromNow(11) },
        { now: NOW, clockSkewSeconds: 10 },
      ).ok,
    ).toBe(false);
    expect(checkModerationEvent({ ...base, type: 'group.enable', time: '2001-01-01T00:00:00Z' }, clock).ok).toBe(true);
  });

  it('far-future events are invalid for the handler and the producer alike', () => {
    const future = { ...base, type: 'violation.reported', time: '2099-01-01T00:00:00Z' };
    expect(parse(future)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^invalid event: time: 2099-01-01T00:00:00Z is \d+ s ahead/),
    });
    expect(() => validateEvents([future], clock)).toThrow(InvalidEventsError);
  });
});

describe('eventDigest', () => {
  const event = { ...base, type: 'group.disable', duration: 60 } as ModerationEvent;
  it('is the same for the same event, whatever the field order and the way its time is written', () => {
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as ModerationEvent;
    expect(eventDigest(reordered)).toBe(eventDigest(event));
    expect(eventDigest({ ...event, time: '2026-11-25T11:00:00+01:00' })).toBe(eventDigest(event));
  });

  it('differs when anything the event says differs', () => {
    expect(eventDigest({ ...event, duration: 61 } as ModerationEvent)).not.toBe(eventDigest(event));
    expect(eventDigest({ ...event, reason: 'other' })).not.toBe(eventDigest(event));
    expect(eventDigest({ ...event, groupId: '100000000000000009' })).not.toBe(eventDigest(event));
    expect(eventDigest({ ...event, type: 'group.enable' } as ModerationEvent)).not.toBe(eventDigest(event));
  });

  it('leaves out the time: the same event seen later (a callback copy, a resend) is the same event', () => {
    expect(eventDigest({ ...event, time: '2026-11-25T10:03:00.250Z' })).toBe(eventDigest(event));
  });
});

describe('the digests’ field order', () => {
  it('is the same by code unit as by localeCompare, as markers were written, for every field the schema allows', () => {
    const names = [...new Set(moderationEventSchema.options.flatMap((option) => Object.keys(option.shape)))];
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect([...names].sort()).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});

describe('timedEventDigest', () => {
  const event = { ...base, type: 'group.disable', duration: 60 } as ModerationEvent;
  it('is the digest markers held before: the time included, whatever the field order and the way it is written', () => {
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as ModerationEvent;
    expect(timedEventDigest(reordered)).toBe(timedEventDigest(event));
    expect(timedEventDigest({ ...event, time: '2026-11-25T11:00:00+01:00' })).toBe(timedEventDigest(event));
    expect(timedEventDigest({ ...event, time: '2026-11-25T10:03:00.250Z' })).not.toBe(timedEventDigest(event));
    expect(timedEventDigest(event)).not.toBe(eventDigest(event));
  });

  it('is the SHA-256 of the sorted fields with the time, as markers stored it', () => {
    const fields = Object.entries(event)
      .map(([key, value]) => [key, key === 'time' ? new Date(value as string).toISOString() : value])
      .sort(([a], [b]) => String(a).localeCompare(String(b)));
    expect(timedEventDigest(event)).toBe(createHash('sha256').update(JSON.stringify(fields)).digest('hex'));
  });
});

describe('expireEventFor', () => {
  // The scheduler sends an expiry when it is due: checked at that time.
  const due = { now: new Date('2026-11-25T11:00:00.000Z') };
  it('derives the expiry id from the ban, and a valid event from it', () => {
    const event = expireEventFor({ banId: 'ban-7', groupId: base.groupId, at: '2026-11-25T11:00:00.000Z' });
    expect(event.id).toBe('expire-ban-7');
    expect(checkModerationEvent(event, due).ok).toBe(true);
  });

  it('ends a timed group mute with a group.unmute_all naming that mute', () => {
    const event = expireEventFor({
      banId: 'mute-all-evt-1',
      groupId: base.groupId,
      at: '2026-11-25T11:00:00.000Z',
      ends: 'group-mute',
    });
    expect(event).toEqual({
      ...base,
      id: 'unmute-mute-all-evt-1',
      type: 'group.unmute_all',
      muteId: 'mute-all-evt-1',
      reason: 'timed group mute mute-all-evt-1 ends',
      source: 'ban-scheduler',
      time: '2026-11-25T11:00:00.000Z',
    });
    expect(checkModerationEvent(event, due).ok).toBe(true);
  });

  it('keeps a ban id as it is up to the longest event id, and replaces a longer one by its digest', () => {
    const longest = 'b'.repeat(EVENT_LIMITS.idLength - 'expire-'.length);
    expect(expireEventFor({ banId: longest, groupId: base.groupId, at: '2026-11-25T11:00:00.000Z' }).id).toBe(
      `expire-${longest}`,
    );
    expect(expireEventFor({ banId: `${longest}b`, groupId: base.groupId, at: '2026-11-25T11:00:00.000Z' }).id).toMatch(
      /^expire-[0-9a-f]{64}$/,
    );
  });

  it('replaces a ban id with characters an event id may not hold by its digest', () => {
    for (const banId of ['ban 7', 'ban/7']) {
      const event = expireEventFor({ banId, groupId: base.groupId, at: '2026-11-25T11:00:00.000Z' });
      expect(event.id).toMatch(/^expire-[0-9a-f]{64}$/);
      expect(event).toMatchObject({
        banId,
        type: 'ban.expire',
        reason: `timed ban ${banId} ends`,
        source: 'ban-scheduler',
        time: '2026-11-25T11:00:00.000Z',
      });
      expect(checkModerationEvent(event, due).ok).toBe(true);
    }
  });

  it('gives bans whose ids differ only past the id limit different expiry ids', () => {
    const prefix = `ban-${'x'.repeat(EVENT_LIMITS.idLength)}`;
    const [a, b] = ['a', 'b'].map((end) =>
      expireEventFor({ banId: `${prefix}${end}`, groupId: base.groupId, at: '2026-11-25T11:00:00.000Z' }),
    );
    expect(a!.id).not.toBe(b!.id);
    for (const event of [a!, b!]) expect(checkModerationEvent(event, due).ok).toBe(true);
  });
});
