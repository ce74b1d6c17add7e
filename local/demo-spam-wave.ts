/**
 * The demo's spam wave: chat traffic to a ban with no event sent by hand. Members post one scam
 * link into a group within seconds; the emulator sends each message's post-delivery callback to
 * the ingress, whose rules report violations into the queue, and the moderation policy disables
 * the group. A banned term is rejected at pre-delivery. Every claim is checked.
 */
import { CALLBACK_SOURCE } from '../functions/callbacks/index.js';
import type { LocalStack } from './stack/local-stack.js';
import { waitFor } from './wait-for.js';

/** The rules the demo's stack runs with. */
export const DEMO_RULES = {
  rules: [
    { name: 'banned-terms', terms: ['casino', 'crypto pump'], reject: true },
    { name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' },
    { name: 'flood', flood: { messages: 30, windowSeconds: 10 } },
    { name: 'copypasta', repeat: { senders: 3, windowSeconds: 60 } },
  ],
};

export interface DemoOutput {
  step(text: string): void;
  check(claim: string, holds: boolean): void;
}

export async function spamWave(
  stack: LocalStack,
  groups: { wave: string; quiet: string },
  out: DemoOutput,
): Promise<void> {
  const chat = stack.emulator!.chat;
  const scam = 'Free coins today only: http://coins-giveaway.xyz/claim';
  const started = performance.now();
  let delivered = 0;
  for (const member of ['user1', 'user2', 'user3', 'user4', 'user5']) {
    const outcome = await chat.send({ groupId: groups.wave, from: member, text: scam });
    if (outcome.status !== 'delivered') break;
    delivered += 1;
  }
  await waitFor(
    `group ${groups.wave} to be disabled by the spam wave`,
    () => stack.emulator!.store.get(groups.wave)!.disabled,
    20_000,
  );
  const disabledAfterMs = performance.now() - started;
  // The ban is written pending before the Agora call and becomes active after it, so the group can be
  // disabled a moment before its ban reads active.
  const ban = await waitFor(`the active ban of ${groups.wave} in the ledger`, async () =>
    (await stack.ledger.listBans(groups.wave)).find((candidate) => candidate.status === 'active'),
  );
  out.check(
    'the spam wave disabled its group through one ban of the automation',
    (await stack.ledger.listBans(groups.wave)).length === 1,
  );
  out.check(
    'the ban came from a callbacks violation, not an event sent by hand',
    ban.source === CALLBACK_SOURCE && ban.eventId.startsWith('cb-'),
  );
  const refused = await chat.send({ groupId: groups.wave, from: 'user6', text: 'hello?' });
  out.check(
    'the disabled group refuses further messages',
    refused.status === 'refused' && refused.reason === 'group disabled',
  );
  out.step(
    `spam wave: ${delivered} members posted one scam link into ${groups.wave}; post-delivery callbacks reported them and ${groups.wave} was disabled ` +
      `${(disabledAfterMs / 1000).toFixed(2)} s after the first message, with no event sent by hand`,
  );

  const rejected = await chat.send({ groupId: groups.quiet, from: 'user7', text: 'Best ＣＡＳＩＮＯ bonus tonight' });
  out.check(
    'the banned term is rejected at pre-delivery with the rule as code',
    rejected.status === 'rejected' && rejected.code === 'banned-terms',
  );
  out.check('the rejected message was not delivered', chat.messages(groups.quiet).length === 0);
  out.step(
    `pre-delivery: "Best ＣＡＳＩＮＯ bonus tonight" in ${groups.quiet} was rejected (code banned-terms) and never delivered`,
  );
}
