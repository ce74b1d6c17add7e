/**
 * The least force that stops the harm, end to end on real wire protocols: violations naming their
 * sender and message go through fauxqs (SQS FIFO), the local poller runs the Lambda handler, which
 * recalls, mutes and removes through the Agora emulator over HTTP, counts on dynalite, and mutes
 * a raided group with a scheduled unmute that lifts it by itself. What the emulator then lets
 * members say, and each message's state, are checked.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendModerationEvents } from '../../functions/events/index.js';
import { SKIP_REASON } from '../../functions/moderation/decision/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { waitFor } from '../../local/wait-for.js';
import { FAST_RETRY } from '../helpers/emulator-client.js';
import { EXAMPLE_LADDER, moderationEvent } from '../helpers/moderation-events.js';

/** The product's example policy, with a raid's mute short enough to watch it lift. */
const POLICY = {
  threshold: { count: 8, windowSeconds: 3600 },
  banDurations: [3600, 86400, 'permanent'],
  members: {
    windowSeconds: 3600,
    ladder: EXAMPLE_LADDER,
  },
  muteAll: { senders: 4, windowSeconds: 300, durationSeconds: 3 },
};

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({
    client: { rateLimits: false, retry: { ...FAST_RETRY, maxAttempts: 2 } },
    policy: POLICY,
    backoff: { baseSeconds: 1, maxSeconds: 2 },
    logLevel: 'SILENT',
  });
});
afterAll(() => stack?.close());

const emulator = () => stack.emulator!;
const newGroup = (members: string[]) =>
  emulator().store.insert({ name: 'g', owner: 'olga', members: ['adam', ...members], admins: ['adam'] }).id;

async function say(groupId: string, from: string) {
  const response = await fetch(`${emulator().baseUrl}/_emulator/messages`, {
    method: 'POST',
    body: JSON.stringify({ groupId, from, text: 'buy cheap followers at scam.example' }),
  });
  return (await response.json()) as { status: string; reason?: string; msgId?: string };
}
async function stateOf(groupId: string, msgId: string) {
  const response = await fetch(`${emulator().baseUrl}/_emulator/groups/${groupId}/messages`);
  const { messages } = (await response.json()) as { messages: { msgId: string; state: string }[] };
  return messages.find((message) => message.msgId === msgId)?.state;
}

/** `from` says something, and the rules report it: the violation names its sender and message. */
async function spam(groupId: string, from: string): Promise<string> {
  const said = await say(groupId, from);
  expect(said.msgId, `${from} could speak`).toBeDefined();
  const event = moderationEvent('violation.reported', groupId, {
    sender: from,
    messageId: said.msgId!,
    category: 'spam',
  });
  await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, [event]);
  await waitFor(`event ${event.id} to be processed`, () => stack.ledger.getProcessed(event.id));
  return said.msgId!;
}

const sanctionsOf = async (groupId: string) =>
  (await stack.ledger.listSanctions(groupId)).map((s) => ({
    kind: s.kind,
    target: s.target,
    status: s.status,
    reason: s.resolution?.reason,
  }));

describe('the members ladder', () => {
  test("a spam sender's message is recalled; the repeat offender is muted, then removed, while the others talk on", async () => {
    const group = newGroup(['spammer', 'bob']);
    const first = await spam(group, 'spammer');
    expect(await stateOf(group, first)).toBe('recalled');
    expect((await say(group, 'spammer')).status).toBe('delivered');

    const second = await spam(group, 'spammer');
    expect(await stateOf(group, second)).toBe('recalled');
    expect(await say(group, 'spammer')).toMatchObject({ status: 'refused', reason: 'sender muted' });
    expect((await say(group, 'bob')).status).toBe('delivered');
    const [mute] = (await stack.ledger.listSanctions(group)).filter((s) => s.kind === 'mute');
    expect(Date.parse(mute!.until!) - Date.parse(mute!.decidedAt)).toBe(600_000);
    expect(emulator().store.get(group)!.disabled).toBe(false);

    // Muted, the spammer cannot speak; a third report (of a message the rules caught before) removes them.
    const third = moderationEvent('violation.reported', group, { sender: 'spammer', category: 'spam' });
    await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, [third]);
    await waitFor('the third report', () => stack.ledger.getProcessed(third.id));
    expect(await say(group, 'spammer')).toMatchObject({ status: 'refused', reason: 'not a member' });
    expect((await say(group, 'bob')).status).toBe('delivered');
    expect(await sanctionsOf(group)).toEqual(
      expect.arrayContaining([
        { kind: 'recall', target: first, status: 'applied', reason: undefined },
        { kind: 'recall', target: second, status: 'applied', reason: undefined },
        { kind: 'mute', target: 'spammer', status: 'applied', reason: undefined },
        {
          kind: 'recall',
          target: '(no message)',
          status: 'skipped',
          reason: 'the violation names no message to recall',
        },
        { kind: 'remove', target: 'spammer', status: 'applied', reason: undefined },
      ]),
    );
  });

  test('the owner and an admin are never muted: skipped and recorded with the reason; they speak on', async () => {
    const group = newGroup(['bob']);
    for (const who of ['olga', 'adam']) {
      await spam(group, who);
      await spam(group, who);
      expect((await say(group, who)).status).toBe('delivered');
    }
    expect((await sanctionsOf(group)).filter((s) => s.kind === 'mute')).toEqual([
      { kind: 'mute', target: 'olga', status: 'skipped', reason: SKIP_REASON.owner },
      { kind: 'mute', target: 'adam', status: 'skipped', reason: SKIP_REASON.admin },
    ]);
    expect(await stack.ledger.listSanctions(group)).not.toContainEqual(
      expect.objectContaining({ kind: 'mute', status: 'applied' }),
    );
  });
});

describe('a raid', () => {
  test('four distinct senders mute the whole group for its duration, and it lifts by itself', async () => {
    const raiders = ['r1', 'r2', 'r3', 'r4'];
    const group = newGroup([...raiders, 'bob']);
    for (const raider of raiders.slice(0, 3)) await spam(group, raider);
    expect((await say(group, 'bob')).status).toBe('delivered');

    await spam(group, 'r4');
    expect(await say(group, 'bob')).toMatchObject({ status: 'refused', reason: 'group muted' });
    expect((await say(group, 'adam')).status).toBe('delivered');
    expect(emulator().store.get(group)!.disabled).toBe(false);

    await waitFor('the group to speak again', async () => (await say(group, 'bob')).status === 'delivered', 10_000);
    const kinds = (await sanctionsOf(group)).filter((s) => s.kind === 'mute-all' || s.kind === 'unmute-all');
    expect(kinds).toEqual([
      { kind: 'mute-all', target: group, status: 'applied', reason: undefined },
      { kind: 'unmute-all', target: group, status: 'applied', reason: undefined },
    ]);
    // For its duration: the policy's 3 s, from when the raid was decided.
    const [muteAll] = (await stack.ledger.listSanctions(group)).filter((s) => s.kind === 'mute-all');
    expect(Date.parse(muteAll!.until!) - Date.parse(muteAll!.decidedAt)).toBe(3_000);
  });
});
