import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  countingRead,
  floodCandidates,
  repeatCandidates,
  textFingerprint,
  textKeyOf,
} from '../../../functions/rules/counting-rules.js';
import type { FloodRule, RepeatRule } from '../../../functions/rules/rules-schema.js';

const T = 1_764_230_400_000;
const flood = (name: string, messages: number, windowSeconds: number): FloodRule => ({
  name,
  reject: false,
  flood: { messages, windowSeconds },
});
const repeat = (name: string, senders: number, windowSeconds: number): RepeatRule => ({
  name,
  reject: false,
  repeat: { senders, windowSeconds },
});

describe('what a kind of counting rules reads', () => {
  test('the widest window and the largest threshold, whichever rules they come from', () => {
    expect(countingRead([flood('a', 3, 10), flood('b', 5, 2), flood('c', 2, 4)])).toEqual({
      windowMs: 10_000,
      threshold: 5,
    });
    expect(countingRead([repeat('a', 7, 60), repeat('b', 3, 600)])).toEqual({ windowMs: 600_000, threshold: 7 });
    expect(countingRead([flood('one', 4, 30)])).toEqual({ windowMs: 30_000, threshold: 4 });
  });
});

describe('the key a text is counted under', () => {
  test("the first 32 hex digits of the SHA-256 of the text's fingerprint", () => {
    expect(textKeyOf('buy coins')).toBe(
      createHash('sha256').update(textFingerprint('buy coins'), 'utf8').digest('hex').slice(0, 32),
    );
    expect(textKeyOf('buy coins')).toMatch(/^[0-9a-f]{32}$/);
    expect(textKeyOf('buy coins')).not.toBe(textKeyOf('buy coin'));
  });

  test('reads the text as UTF-8', () => {
    expect(textKeyOf('币')).toBe(
      createHash('sha256')
        .update(Buffer.from(textFingerprint('币'), 'utf8'))
        .digest('hex')
        .slice(0, 32),
    );
  });
});

describe('flood', () => {
  const rule = flood('burst', 3, 10);

  test('reports at the threshold, counting the times strictly inside the window', () => {
    // T - 10 s is the window's open edge: not counted.
    expect(floodCandidates([rule], [T - 10_000, T - 5_000, T], T)).toEqual([]);
    expect(floodCandidates([rule], [T - 9_999, T - 5_000, T], T)).toEqual([
      { rule, scope: 'burst', windowMs: 10_000, why: '3 messages in the group within 10 s' },
    ]);
  });

  test('says how many it counted, over the threshold too', () => {
    expect(floodCandidates([rule], [T - 3, T - 2, T - 1, T], T)).toEqual([
      { rule, scope: 'burst', windowMs: 10_000, why: '4 messages in the group within 10 s' },
    ]);
  });

  test('each rule counts its own window in what the widest read brought back', () => {
    const short = flood('short', 2, 1);
    const times = [T - 8_000, T - 6_000, T - 500, T];
    expect(floodCandidates([rule, short], times, T).map((hit) => hit.rule.name)).toEqual(['burst', 'short']);
    expect(floodCandidates([rule, short], [T - 8_000, T - 6_000, T], T).map((hit) => hit.rule.name)).toEqual(['burst']);
    expect(floodCandidates([flood('wide', 3, 60), short], [T - 1_500, T], T)).toEqual([]);
  });

  test('nothing read, nothing reported', () => {
    expect(floodCandidates([rule], [], T)).toEqual([]);
    expect(floodCandidates([], [T, T, T], T)).toEqual([]);
  });
});

describe('repeat', () => {
  const rule = repeat('copypasta', 3, 60);
  const key = textKeyOf('buy coins');

  test('reports at the threshold of distinct senders within the window, scoped to the text', () => {
    expect(repeatCandidates([rule], [T - 60_000, T - 1, T], T, key)).toEqual([]);
    expect(repeatCandidates([rule], [T - 59_999, T - 1, T], T, key)).toEqual([
      { rule, scope: `copypasta#${key}`, windowMs: 60_000, why: 'the same text from 3 senders within 60 s' },
    ]);
  });

  test('each rule counts its own window', () => {
    const quick = repeat('quick', 2, 5);
    const times = [T - 30_000, T - 20_000, T - 1_000, T];
    expect(repeatCandidates([rule, quick], times, T, key).map((hit) => [hit.rule.name, hit.why])).toEqual([
      ['copypasta', 'the same text from 4 senders within 60 s'],
      ['quick', 'the same text from 2 senders within 5 s'],
    ]);
    expect(repeatCandidates([rule, quick], [T - 30_000, T - 20_000, T], T, key).map((hit) => hit.rule.name)).toEqual([
      'copypasta',
    ]);
  });
});
