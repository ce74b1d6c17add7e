/**
 * `groupmod ledger show` as on-call reads it: the real binary against the local stack's ledger on
 * dynalite, after the pipeline acted on a group's members and on one of its messages.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendModerationEvents, type ModerationEvent } from '../../functions/events/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { waitFor } from '../../local/wait-for.js';
import { groupmod, jsonLines } from '../helpers/groupmod.js';
import { moderationEvent } from '../helpers/moderation-events.js';

let stack: LocalStack;

beforeAll(async () => {
  // Every message is past the recall window at once: a recall is recorded too late.
  stack = await startLocalStack({
    client: { rateLimits: false },
    emulator: { chat: { recallWindowMs: 1 } },
    logLevel: 'SILENT',
  });
});
afterAll(() => stack?.close());

async function through(...events: ModerationEvent[]): Promise<void> {
  await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, events);
  for (const event of events) await waitFor(`${event.type} processed`, () => stack.ledger.getProcessed(event.id));
}

interface ShownSanction {
  kind: string;
  target: string;
  member?: string;
  until?: string | null;
  status: string;
  cause: { eventId: string; eventType: string; reason: string; messageId?: string };
  resolution?: { status: string; reason?: string };
}

describe('groupmod ledger show', () => {
  test("lists the group's sanctions after its state and bans: each kind, member, end, status, cause and reason", async () => {
    const group = stack.emulator!.store.insert({
      name: 'night shift',
      owner: 'olga',
      members: ['adam', 'ann', 'bob'],
      admins: ['adam'],
    }).id;
    const sent = await fetch(`${stack.emulator!.baseUrl}/_emulator/messages`, {
      method: 'POST',
      body: JSON.stringify({ groupId: group, from: 'ann', text: 'free coins' }),
    });
    const { msgId } = (await sent.json()) as { msgId: string };
    await new Promise((resolve) => setTimeout(resolve, 5));
    const mute = moderationEvent('member.mute', group, {
      users: ['olga', 'adam', 'ann', 'zed'],
      duration: 600,
      reason: 'spam',
    });
    const recall = moderationEvent('message.recall', group, { messageId: msgId, sender: 'ann', reason: 'spam' });
    const disable = moderationEvent('group.disable', group, { duration: 3600, reason: 'raid' });
    await through(mute, recall, disable);

    const shown = await groupmod(['ledger', 'show', group], stack.env);

    expect(shown).toMatchObject({ code: 0, stderr: '' });
    const lines = jsonLines(shown.stdout);
    expect(lines.map((line) => Object.keys(line)[0])).toEqual(['state', 'ban', ...Array(5).fill('sanction')]);
    const sanctions = lines.slice(2).map((line) => line.sanction as ShownSanction);
    const byTarget = Object.fromEntries(sanctions.map((s) => [`${s.kind}:${s.target}`, s]));
    expect(Object.keys(byTarget).sort()).toEqual(
      ['mute:adam', 'mute:ann', 'mute:olga', 'mute:zed', `recall:${msgId}`].sort(),
    );
    expect(byTarget['mute:ann']).toMatchObject({
      member: 'ann',
      status: 'applied',
      cause: { eventId: mute.id, eventType: 'member.mute', reason: 'spam' },
    });
    expect(Date.parse(byTarget['mute:ann']!.until!) - Date.parse(mute.time)).toBeGreaterThanOrEqual(600_000);
    expect(byTarget['mute:olga']).toMatchObject({
      status: 'skipped',
      resolution: { status: 'skipped', reason: "the group's owner is never muted, removed or blocked" },
    });
    expect(byTarget['mute:adam']!.resolution!.reason).toBe('an admin of the group is never muted, removed or blocked');
    expect(byTarget['mute:zed']).toMatchObject({
      status: 'skipped',
      resolution: { reason: expect.stringMatching(/^no longer a member of the group/) },
    });
    expect(byTarget[`recall:${msgId}`]).toMatchObject({
      member: 'ann',
      status: 'too-late',
      cause: { eventId: recall.id, eventType: 'message.recall', messageId: msgId },
      resolution: { status: 'too-late', reason: expect.stringMatching(/^past the recall window/) },
    });
  });

  test('a group the ledger knows nothing of shows its empty state alone', async () => {
    const shown = await groupmod(['ledger', 'show', '299999999999999999'], stack.env);
    expect(shown.code).toBe(0);
    expect(jsonLines(shown.stdout)).toEqual([{ state: { groupId: '299999999999999999', version: 0 } }]);
  });
});
