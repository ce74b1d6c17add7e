import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { countingHits } from '../../../functions/callbacks/count-messages.js';
import { compileRuleSet } from '../../../functions/rules/index.js';
import { MemoryMessageCounters } from '../../../functions/ledger/index.js';

const T = 1_764_230_400_000;
const rules = compileRuleSet({
  dryRun: false,
  rules: [
    { name: 'flood', reject: false, flood: { messages: 3, windowSeconds: 10 } },
    { name: 'copypasta', reject: false, repeat: { senders: 3, windowSeconds: 60 } },
  ],
});
const repeatOnly = compileRuleSet({ dryRun: false, rules: [rules.repeat[0]!] });
const message = (n: number, at: number, from = `user${n}`) => ({ groupId: '1', messageKey: `m${n}`, from, at });
const fired = async (counters: MemoryMessageCounters, m: ReturnType<typeof message>, text?: string, set = rules) =>
  (await countingHits(counters, set, m, text)).map((hit) => hit.rule.name);

describe('flood', () => {
  test('reports the message that brings the window to the threshold, once per window', async () => {
    const counters = new MemoryMessageCounters(() => 0);
    expect(await fired(counters, message(1, T))).toEqual([]);
    expect(await fired(counters, message(2, T + 1_000))).toEqual([]);
    expect(await fired(counters, message(3, T + 2_000))).toEqual(['flood']);
    expect(await fired(counters, message(4, T + 3_000))).toEqual([]);
    expect(await fired(counters, message(5, T + 11_000))).toEqual([]);
    // The report of the third holds until T + 12 s; a flood still going on after that reports again.
    expect(await fired(counters, message(6, T + 12_500))).toEqual(['flood']);
  });

  test('messages spread wider than the window never report', async () => {
    const counters = new MemoryMessageCounters(() => 0);
    for (let n = 0; n < 10; n++) expect(await fired(counters, message(n, T + n * 5_000))).toEqual([]);
  });

  test('the reporting message retried reports again (the same event); a duplicate of another does not count twice', async () => {
    const counters = new MemoryMessageCounters(() => 0);
    await fired(counters, message(1, T));
    await fired(counters, message(1, T));
    expect(await fired(counters, message(2, T + 1))).toEqual([]);
    expect(await fired(counters, message(3, T + 2))).toEqual(['flood']);
    expect(await fired(counters, message(3, T + 2))).toEqual(['flood']);
  });
});

describe('repeat', () => {
  test('reports when the same normalised text comes from enough distinct senders', async () => {
    const counters = new MemoryMessageCounters(() => 0);
    expect(await fired(counters, message(1, T, 'alice'), 'buy coins', repeatOnly)).toEqual([]);
    expect(await fired(counters, message(2, T + 100_000, 'alice'), 'buy coins', repeatOnly)).toEqual([]);
    expect(await fired(counters, message(3, T + 100_001, 'bob'), 'buy coins', repeatOnly)).toEqual([]);
    expect(await fired(counters, message(4, T + 100_002, 'carol'), 'other text', repeatOnly)).toEqual([]);
    // alice at T + 100 s, bob, and now carol: three senders within 60 s.
    expect(await fired(counters, message(5, T + 100_003, 'carol'), 'buy coins', repeatOnly)).toEqual(['copypasta']);
    expect(await fired(counters, message(6, T + 100_004, 'dave'), 'buy coins', repeatOnly)).toEqual([]);
  });

  test('messages without text are not counted for repeat', async () => {
    const counters = new MemoryMessageCounters(() => 0);
    for (let n = 0; n < 5; n++) expect(await fired(counters, { ...message(100 + n, T + 20_000 * n) })).toEqual([]);
    expect(counters.senders.size).toBe(0);
  });
});

/** The rule as its definition says it: in arrival order, count distinct messages in (t - W, t]; report once per window. */
function floodModel(messages: { key: string; at: number }[], threshold: number, windowMs: number): string[] {
  const seen = new Map<string, number>();
  let claim: { by: string; until: number } | undefined;
  const reported: string[] = [];
  for (const { key, at } of messages) {
    if (!seen.has(key)) seen.set(key, at);
    const count = [...seen.values()].filter((time) => time > at - windowMs && time <= at).length;
    if (count < threshold) continue;
    if (claim && claim.until > at && claim.by !== key) continue;
    claim = { by: key, until: at + windowMs };
    reported.push(key);
  }
  return reported;
}

describe('properties', () => {
  const arrivals = fc.array(
    fc.record({
      key: fc.integer({ min: 0, max: 30 }).map((n) => `m${n}`),
      offset: fc.integer({ min: 0, max: 60_000 }),
    }),
    { maxLength: 60 },
  );

  test('flood reports exactly what its definition says, for any arrival order, duplicates and retries included', async () => {
    await fc.assert(
      fc.asyncProperty(arrivals, async (list) => {
        // One message key, one time: a retry carries its message's timestamp.
        const timeOf = new Map<string, number>();
        const messages = list.map(({ key, offset }) => ({
          key,
          at: timeOf.get(key) ?? (timeOf.set(key, T + offset), T + offset),
        }));
        const counters = new MemoryMessageCounters(() => 0);
        const reported: string[] = [];
        for (const { key, at } of messages)
          if ((await fired(counters, { groupId: '1', messageKey: key, from: 'x', at })).includes('flood'))
            reported.push(key);
        expect(reported).toEqual(floodModel(messages, 3, 10_000));
      }),
    );
  });
});
