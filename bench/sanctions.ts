/**
 * Sanctions end to end on the local stack, at Agora's limits (the emulator answers 429 above 100
 * calls/s per endpoint; the handler's client throttles itself to 100/s): chat messages, their
 * post-delivery callbacks, the ingress's link rule, the queue, the moderation handler with a
 * members' ladder whose first step recalls the message and mutes its sender.
 *
 * 1. Latency: a member of a fresh group posts one scam link; from the send to the message
 *    recalled, and to its sender on the mute list, p50 and p99 over `trials` groups.
 * 2. Calls per wave: 5, 50 and 1,000 members of one group each post a scam link of their own at
 *    once; the wave's Agora calls counted per endpoint at the emulator (and the most in any one
 *    second), against the limits: at most 60 members a call, 100 calls/s per endpoint, no 429.
 *
 * 3. The same waves muted by an operator instead: `member.mute` events of up to 200 users each
 *    through the pipeline, for comparison (these batch their users 60 a call).
 *
 * The group threshold is set out of reach, so the member sanctions are measured alone.
 *
 * Usage: npm run bench:sanctions [-- trials waves] (defaults 50 and 5,50,1000).
 */
import '../local/quiet-sdk-notice.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { MEMBER_BATCH_LIMIT } from '../functions/agora/index.js';
import { EVENT_LIMITS, EVENT_VERSION, sendModerationEvents, type ModerationEvent } from '../functions/events/index.js';
import { startLocalStack } from '../local/stack/local-stack.js';
import { percentile } from './emulator-process.js';

process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const trials = Number(process.argv[2] ?? 50);
const waves = (process.argv[3] ?? '5,50,1000').split(',').map(Number);
const AGORA_LIMIT_PER_SECOND = 100;
const SEND_CONCURRENCY = 20;

const stack = await startLocalStack({
  emulator: { rateLimits: { default: AGORA_LIMIT_PER_SECOND } },
  policy: {
    threshold: { count: 100_000, windowSeconds: 3600 },
    members: { windowSeconds: 3600, ladder: [{ hits: 1, actions: ['recall', { mute: 600 }] }] },
  },
  callbacks: {
    rules: { rules: [{ name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' }] },
    emulator: { preDelivery: { timeoutMs: 1_000 } },
  },
  logLevel: 'ERROR',
});
const emulator = stack.emulator!;
const scam = (from: string) => `${from} says: free coins http://${from}-coins.xyz/claim`;
const newGroup = (members: string[]) =>
  emulator.store.insert({ name: 'bench', owner: 'olga', members, maxUsers: members.length + 10 }).id;
const recalledIn = (groupId: string) =>
  new Set(
    emulator.chat
      .listed(groupId)
      .filter((m) => m.state === 'recalled')
      .map((m) => m.msgId),
  );
const mutedIn = (groupId: string) => {
  const muted = emulator.store.get(groupId)!.muted ?? {};
  return new Set(Object.keys(muted).filter((user) => muted[user] === -1 || muted[user]! > Date.now()));
};

async function until(what: string, holds: () => boolean, timeoutMs: number): Promise<void> {
  const started = performance.now();
  while (!holds()) {
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(2);
  }
}

const ms = (sorted: number[], p: number) => `${percentile(sorted, p).toFixed(0)} ms`;

try {
  // 1. From the first spam message to its recall and to its sender muted.
  const toRecall: number[] = [];
  const toMute: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const group = newGroup(['spammer', 'ann']);
    const started = performance.now();
    const sent = await emulator.chat.send({ groupId: group, from: 'spammer', text: scam('spammer') });
    if (sent.status !== 'delivered') throw new Error(`trial ${trial}: the scam message was ${sent.status}`);
    let recalledAt: number | undefined;
    let mutedAt: number | undefined;
    await until(
      `trial ${trial}: recall and mute`,
      () => {
        const now = performance.now();
        if (recalledAt === undefined && recalledIn(group).has(sent.msgId)) recalledAt = now;
        if (mutedAt === undefined && mutedIn(group).has('spammer')) mutedAt = now;
        return recalledAt !== undefined && mutedAt !== undefined;
      },
      30_000,
    );
    toRecall.push(recalledAt! - started);
    toMute.push(mutedAt! - started);
  }
  toRecall.sort((a, b) => a - b);
  toMute.sort((a, b) => a - b);
  console.log(`first spam message to its recall and to its sender muted, ${trials} groups, one message each:`);
  console.log(`  to recalled: p50 ${ms(toRecall, 50)}, p99 ${ms(toRecall, 99)}, max ${ms(toRecall, 100)}`);
  console.log(`  to muted:    p50 ${ms(toMute, 50)}, p99 ${ms(toMute, 99)}, max ${ms(toMute, 100)}`);

  // 2. Agora calls per wave.
  console.log(
    `\nAgora calls per wave (limits: ${MEMBER_BATCH_LIMIT} members a call, ${AGORA_LIMIT_PER_SECOND}/s per endpoint):`,
  );
  for (const size of waves) {
    const senders = Array.from({ length: size }, (_, i) => `raider${i + 1}`);
    const group = newGroup(['ann', ...senders]);
    await sleep(200); // the latency trials' last calls are done with
    emulator.resetStats();
    const peak: Record<string, number> = {};
    let last: Record<string, number> = {};
    const sampler = setInterval(() => {
      const now = Object.fromEntries(Object.entries(emulator.stats).map(([e, byStatus]) => [e, byStatus[200] ?? 0]));
      for (const [endpoint, count] of Object.entries(now))
        peak[endpoint] = Math.max(peak[endpoint] ?? 0, count - (last[endpoint] ?? 0));
      last = now;
    }, 1_000);
    const started = performance.now();
    const msgIds: string[] = [];
    for (let i = 0; i < senders.length; i += SEND_CONCURRENCY) {
      const batch = senders.slice(i, i + SEND_CONCURRENCY);
      const sent = await Promise.all(
        batch.map((from) => emulator.chat.send({ groupId: group, from, text: scam(from) })),
      );
      for (const outcome of sent) if (outcome.status === 'delivered') msgIds.push(outcome.msgId);
    }
    const sentAfter = performance.now() - started;
    // Each violation's step recalls, then mutes: once every sender is muted, every recall has answered.
    await until(`wave of ${size}: every sender muted`, () => mutedIn(group).size === size, 20 * 60_000);
    const doneAfter = performance.now() - started;
    clearInterval(sampler);
    const stats = emulator.stats;
    const line = (endpoint: string) => {
      const byStatus = stats[endpoint as keyof typeof stats] ?? {};
      const others = Object.entries(byStatus).filter(([status]) => status !== '200');
      return (
        `${endpoint} ${byStatus[200] ?? 0} (most in one second ${peak[endpoint] ?? 0})` +
        (others.length > 0 ? ` [${others.map(([status, n]) => `${status}: ${n}`).join(', ')}]` : '')
      );
    };
    const tooMany = Object.values(stats).reduce((sum, byStatus) => sum + (byStatus[429] ?? 0), 0);
    const membersPerCall = size / Math.max(1, stats.mute?.[200] ?? 0);
    // Past Agora's 2-minute window a recall is refused and recorded too late: a slow wave's tail keeps its messages.
    const recalls = (await stack.ledger.listSanctions(group)).filter((sanction) => sanction.kind === 'recall');
    const byStatus = (status: string) => recalls.filter((sanction) => sanction.status === status).length;
    console.log(
      `  ${size} senders: ${msgIds.length} delivered in ${(sentAfter / 1000).toFixed(1)} s, all muted ` +
        `${(doneAfter / 1000).toFixed(1)} s after the first; recalls ${byStatus('applied')} applied ` +
        `(${recalledIn(group).size} recalled at the emulator), ${byStatus('too-late')} too late; ` +
        `calls: ${Object.keys(stats).sort().map(line).join('; ')}; ${membersPerCall.toFixed(1)} members a mute call; 429s: ${tooMany}`,
    );
  }

  // 3. The same sizes as operator mutes through the pipeline.
  console.log(`\nthe same waves as member.mute events (${EVENT_LIMITS.maxUsers} users an event):`);
  for (const size of waves) {
    const users = Array.from({ length: size }, (_, i) => `member${i + 1}`);
    const group = newGroup(['ann', ...users]);
    emulator.resetStats();
    const started = performance.now();
    const events: ModerationEvent[] = [];
    for (let i = 0; i < users.length; i += EVENT_LIMITS.maxUsers)
      events.push({
        version: EVENT_VERSION,
        id: randomUUID(),
        type: 'member.mute',
        groupId: group,
        reason: 'bench: wave muted by an operator',
        source: 'bench',
        time: new Date().toISOString(),
        users: users.slice(i, i + EVENT_LIMITS.maxUsers),
        duration: 600,
      });
    await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, events);
    await until(`member.mute of ${size}: every member muted`, () => mutedIn(group).size === size, 10 * 60_000);
    const doneAfter = performance.now() - started;
    const stats = emulator.stats;
    const calls = Object.keys(stats)
      .sort()
      .map((endpoint) => `${endpoint} ${stats[endpoint as keyof typeof stats]?.[200] ?? 0}`)
      .join('; ');
    const tooMany = Object.values(stats).reduce((sum, byStatus) => sum + (byStatus[429] ?? 0), 0);
    console.log(
      `  ${size} members in ${events.length} events: muted ${(doneAfter / 1000).toFixed(1)} s after sending; calls: ${calls}; ` +
        `${(size / Math.max(1, stats.mute?.[200] ?? 0)).toFixed(1)} members a mute call; 429s: ${tooMany}`,
    );
  }
} finally {
  await stack.close();
}
