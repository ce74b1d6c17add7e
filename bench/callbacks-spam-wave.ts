/**
 * End to end on the local stack: from the first message of a spam wave to its group disabled.
 * Five members post one scam link into a fresh group, one after another as fast as the emulator
 * delivers them (each waits for its pre-delivery verdict); post-delivery callbacks report the
 * violations into the queue, the poller hands them to the moderation handler, which disables the
 * group at the policy's third violation. Repeated for `waves` groups.
 *
 * Usage: npm run bench:spam-wave [-- waves] (default 20).
 */
import '../local/quiet-sdk-notice.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_RULES } from '../local/demo-spam-wave.js';
import { startLocalStack } from '../local/stack/local-stack.js';
import { percentile } from './emulator-process.js';

process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const waves = Number(process.argv[2] ?? 20);
const stack = await startLocalStack({
  client: { rateLimits: false },
  // The wave's senders are not members of the seeded groups: the emulator delivers their messages.
  emulator: { chat: { nonMembers: 'deliver' } },
  policy: { threshold: { count: 3, windowSeconds: 3600 } },
  callbacks: { rules: DEMO_RULES, emulator: { preDelivery: { timeoutMs: 1_000 } } },
  logLevel: 'ERROR',
});
const chat = stack.emulator!.chat;
const times: number[] = [];
const firstThreeSent: number[] = [];
try {
  for (let wave = 0; wave < waves; wave++) {
    const group = stack.emulator!.store.seed({ count: 1 }).first!;
    const started = performance.now();
    for (const [i, member] of ['user1', 'user2', 'user3', 'user4', 'user5'].entries()) {
      await chat.send({ groupId: group, from: member, text: 'Free coins today only: http://coins-giveaway.xyz/claim' });
      if (i === 2) firstThreeSent.push(performance.now() - started);
    }
    while (!stack.emulator!.store.get(group)!.disabled) {
      if (performance.now() - started > 30_000) throw new Error(`group ${group} was not disabled within 30 s`);
      await sleep(5);
    }
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const sent = [...firstThreeSent].sort((a, b) => a - b);
  console.log(`spam wave to group disabled, ${waves} waves of 5 messages (the third violation disables):`);
  console.log(
    `  first message to disabled: p50 ${percentile(sorted, 50).toFixed(0)} ms, p90 ${percentile(sorted, 90).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`,
  );
  console.log(`  first message to the third one delivered: p50 ${percentile(sent, 50).toFixed(1)} ms`);
} finally {
  await stack.close();
}
