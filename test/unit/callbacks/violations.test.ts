import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { violationEvent, violationEventId } from '../../../functions/callbacks/violations.js';
import { deduplicationIdFor, moderationEventSchema } from '../../../functions/events/index.js';

const rule = { name: 'banned-terms', reject: true, terms: ['casino'] };
const VERSION = 'rs-0123456789abcdef';
const AT = Date.parse('2026-12-07T10:00:00.000Z');

describe('violation events', () => {
  test('ids depend on the rule and the message key only, and fit the queue contract', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,63}$/),
        fc.string({ minLength: 1, maxLength: 512 }),
        fc.string({ minLength: 1 }),
        (name, key, otherKey) => {
          const id = violationEventId(name, key);
          expect(id).toBe(violationEventId(name, key));
          expect(id.length).toBeLessThanOrEqual(128);
          expect(id).toMatch(/^[\w.:-]+$/);
          if (otherKey !== key) expect(violationEventId(name, otherKey)).not.toBe(id);
        },
      ),
    );
  });

  test('every event built from a hit is a valid violation.reported event', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 256 }),
        fc.string({ minLength: 1, maxLength: 128 }),
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: 4_102_444_800_000 }),
        (from, messageKey, at) => {
          const event = violationEvent(
            { rule, why: 'term "casino"' },
            { groupId: '100743775617286960', messageKey, messageId: messageKey, callId: 'a#b_1', from, at },
            VERSION,
          );
          expect(moderationEventSchema.safeParse(event).success).toBe(true);
        },
      ),
    );
  });

  test('the copies of one message (chat and chat_offline, pre- and post-delivery, a retry) stamped at other times are one event to the queue', () => {
    const hit = { rule, why: 'term "casino"' };
    const message = { groupId: '100743775617286960', messageKey: 'm-1', messageId: 'm-1', from: 'u1' };
    const chat = violationEvent(
      hit,
      { ...message, callId: 'a#b_1', at: Date.parse('2026-12-07T10:00:00.000Z') },
      VERSION,
    );
    const offline = violationEvent(
      hit,
      { ...message, callId: 'a#b_2', at: Date.parse('2026-12-07T10:00:01.750Z') },
      VERSION,
    );

    expect(offline.id).toBe(chat.id);
    expect(offline.time).not.toBe(chat.time);
    expect(deduplicationIdFor(offline)).toBe(deduplicationIdFor(chat));
  });

  test("an event names the sender and the message it is about; a sender past the contract's bound is left out, not the event", () => {
    const hit = { rule, why: 'term "casino"' };
    const message = {
      groupId: '100743775617286960',
      messageKey: '1249',
      messageId: '1249',
      callId: 'a#b_1',
      at: Date.parse('2026-12-07T10:00:00.000Z'),
    };

    const named = violationEvent(hit, { ...message, from: 'mallory' }, VERSION);
    const long = violationEvent(hit, { ...message, from: 'm'.repeat(257) }, VERSION);

    expect(named).toMatchObject({ sender: 'mallory', messageId: '1249' });
    expect(long).not.toHaveProperty('sender');
    expect(long).toMatchObject({ messageId: '1249' });
    expect(moderationEventSchema.safeParse(long).success).toBe(true);
  });

  test("a content hit's event names the rule, the rule set's version and the span in its reason, and carries the explanation", () => {
    const explanation = {
      rule: 'banned-terms',
      ruleSet: VERSION,
      start: 5,
      end: 11,
      excerpt: 'c4s1n0',
      matched: 'c4s1n0',
      transforms: ['leet' as const],
    };
    const message = {
      groupId: '100743775617286960',
      messageKey: '1249',
      messageId: '1249',
      callId: 'a#b_1',
      from: 'alice',
    };
    const event = violationEvent({ rule, why: 'term "casino"', explanation }, { ...message, at: AT }, VERSION);

    expect(event.reason).toBe(
      `rule banned-terms (term "casino") on message 1249 from alice: "c4s1n0" at 5–11 of the text, read as "c4s1n0" through leet; rule set ${VERSION}`,
    );
    expect(event).toMatchObject({ explanation });
    expect(moderationEventSchema.safeParse(event).success).toBe(true);

    // A counting rule's hit names the rule set too; a quote past the contract's bound is left out, not the event.
    const counted = violationEvent(
      { rule, why: 'the same text from 5 senders within 60 s' },
      { ...message, at: AT },
      VERSION,
    );
    expect(counted.reason).toMatch(new RegExp(`; rule set ${VERSION}$`));
    expect(counted).toMatchObject({ explanation: { rule: 'banned-terms', ruleSet: VERSION } });
    const long = violationEvent(
      { rule, why: 'x', explanation: { ...explanation, excerpt: 'x'.repeat(300) } },
      { ...message, at: AT },
      VERSION,
    );
    expect(long).toMatchObject({ explanation: { start: 5, end: 11 } });
    expect(long).not.toHaveProperty('explanation.excerpt');
    expect(moderationEventSchema.safeParse(long).success).toBe(true);
  });
});
