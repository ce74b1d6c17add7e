/**
 * The demo's chat traffic, with no event sent by hand: members post into groups, the emulator
 * sends each message's post-delivery callback to the ingress, whose rules report violations that
 * name their sender and message, and the policy answers with the least force that stops the harm.
 * A spam wave's messages are recalled and its repeat offenders muted while the group talks on; a
 * raid from many accounts mutes the group for a while, and the mute lifts by itself; a raid that
 * goes on after the lift disables the group. A banned term is rejected at pre-delivery. Every claim
 * is checked against the emulator (its messages' states, its refusals, its mute list) and the
 * ledger.
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

/** The ladder and the raid's group mute of the demo's policy (its threshold is the demo's own). */
export const LADDER_MUTE_SECONDS = 600;
export const RAID_MUTE_SECONDS = 3;
export const DEMO_SANCTIONS_POLICY = {
  members: {
    windowSeconds: 3600,
    ladder: [
      { hits: 1, actions: ['recall'] },
      { hits: 2, actions: ['recall', { mute: LADDER_MUTE_SECONDS }] },
      { hits: 3, actions: ['recall', 'remove'] },
    ],
  },
  muteAll: { senders: 4, windowSeconds: 300, durationSeconds: RAID_MUTE_SECONDS },
};

export interface DemoOutput {
  step(text: string): void;
  check(claim: string, holds: boolean): void;
}

interface Sent {
  status: 'delivered' | 'rejected' | 'refused';
  msgId?: string;
  reason?: string;
  code?: string;
}
interface ListedMessage {
  msgId: string;
  from: string;
  state: 'delivered' | 'recalled';
}
interface StoredGroup {
  disabled: boolean;
  mutedAll?: boolean;
  muted?: Record<string, number>;
}

/** The emulator as a client and an observer see it: over HTTP, through its control plane. */
function emulatorOf(stack: LocalStack) {
  const base = stack.emulator!.baseUrl;
  const json = async <T>(path: string, init?: RequestInit) => (await (await fetch(`${base}${path}`, init)).json()) as T;
  return {
    say: (groupId: string, from: string, text: string) =>
      json<Sent>('/_emulator/messages', { method: 'POST', body: JSON.stringify({ groupId, from, text }) }),
    messages: async (groupId: string) =>
      (await json<{ messages: ListedMessage[] }>(`/_emulator/groups/${groupId}/messages`)).messages,
    group: (groupId: string) => json<StoredGroup>(`/_emulator/groups/${groupId}`),
  };
}

/** Each raider posts a scam link of their own (no two alike, so only the link rule counts them), all at once. */
const raidBy = (chat: ReturnType<typeof emulatorOf>, groupId: string, raiders: string[]) =>
  Promise.all(raiders.map((from) => chat.say(groupId, from, `${from} says: grab it now http://${from}-drop.xyz/win`)));

export interface SpamWaveGroups {
  wave: string;
  raided: string;
  sustained: string;
  quiet: string;
}

export async function spamWave(stack: LocalStack, groups: SpamWaveGroups, out: DemoOutput): Promise<void> {
  const chat = emulatorOf(stack);
  const store = stack.emulator!.store;
  const sanctions = (groupId: string) => stack.ledger.listSanctions(groupId);
  const recalled = async (groupId: string, msgIds: (string | undefined)[]) => {
    const states = new Map((await chat.messages(groupId)).map((m) => [m.msgId, m.state]));
    return msgIds.every((id) => id !== undefined && states.get(id) === 'recalled');
  };

  // A spam wave: two members post a scam link, then again; ann and bob talk on.
  const scam = 'Free coins today only: http://coins-giveaway.xyz/claim';
  const started = performance.now();
  const first = [await chat.say(groups.wave, 'spam1', scam), await chat.say(groups.wave, 'spam2', scam)];
  const firstIds = first.map((sent) => sent.msgId);
  out.check(
    'both first scam messages are delivered',
    first.every((sent) => sent.status === 'delivered'),
  );
  await waitFor('the first scam messages recalled', () => recalled(groups.wave, firstIds), 20_000);
  const recalledAfterMs = performance.now() - started;
  const talk = await chat.say(groups.wave, 'ann', 'anyone up for football on Sunday?');
  out.check('a member talks on while the spam is recalled', talk.status === 'delivered');
  const again = [await chat.say(groups.wave, 'spam1', scam), await chat.say(groups.wave, 'spam2', scam)];
  const againIds = again.map((sent) => sent.msgId);
  out.check(
    'both repeat scam messages are delivered',
    again.every((sent) => sent.status === 'delivered'),
  );
  await waitFor(
    'the repeat offenders muted',
    async () => {
      const muted = (await chat.group(groups.wave)).muted ?? {};
      return 'spam1' in muted && 'spam2' in muted && recalled(groups.wave, againIds);
    },
    20_000,
  );
  const mutedAfterMs = performance.now() - started;
  const muted = await chat.say(groups.wave, 'spam1', scam);
  out.check('a muted offender is refused', muted.status === 'refused' && muted.reason === 'sender muted');
  const reply = await chat.say(groups.wave, 'bob', 'count me in');
  out.check('the other members still talk', reply.status === 'delivered');
  const listed = await chat.messages(groups.wave);
  out.check(
    'only the spam is recalled: the members’ messages stay delivered',
    listed.filter((m) => m.state === 'recalled').every((m) => m.from.startsWith('spam')) &&
      listed.filter((m) => m.from === 'ann' || m.from === 'bob').every((m) => m.state === 'delivered'),
  );
  const waveGroup = await chat.group(groups.wave);
  out.check('the spam wave left the group enabled and unmuted', !waveGroup.disabled && !waveGroup.mutedAll);
  const waveSanctions = await sanctions(groups.wave);
  const applied = (kind: string) => waveSanctions.filter((s) => s.kind === kind && s.status === 'applied');
  out.check(
    'the ledger holds 4 recalls and 2 timed mutes, each caused by a callback violation naming its message',
    applied('recall').length === 4 &&
      applied('mute').length === 2 &&
      applied('mute').every((s) => s.until && Date.parse(s.until) > Date.now() + (LADDER_MUTE_SECONDS - 60) * 1000) &&
      waveSanctions.every((s) => s.cause.source === CALLBACK_SOURCE && s.cause.messageId !== undefined) &&
      (await stack.ledger.listBans(groups.wave)).length === 0,
  );
  out.step(
    `spam wave in ${groups.wave}: spam1 and spam2 posted a scam link, recalled ${(recalledAfterMs / 1000).toFixed(2)} s after the first; ` +
      `posting it again got them recalled and muted for ${LADDER_MUTE_SECONDS} s (${(mutedAfterMs / 1000).toFixed(2)} s in); ` +
      `ann and bob talked on, the group stayed enabled`,
  );

  // A raid: six accounts at once reach the raid's four senders; the group is muted, then unmuted by itself.
  const raiders = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
  const raid = await raidBy(chat, groups.raided, raiders);
  const raidIds = raid.filter((sent) => sent.status === 'delivered').map((sent) => sent.msgId);
  out.check('at least the raid’s four senders got through', raidIds.length >= 4);
  await waitFor('the raided group muted', async () => (await chat.group(groups.raided)).mutedAll === true, 20_000);
  const hushed = await chat.say(groups.raided, 'ann', 'what is going on?');
  out.check('a member of the muted group is refused', hushed.status === 'refused' && hushed.reason === 'group muted');
  const owner = await chat.say(groups.raided, 'olga', 'we are on it, back in a moment');
  out.check('the owner still speaks in the muted group', owner.status === 'delivered');
  await waitFor('the raid’s messages recalled', () => recalled(groups.raided, raidIds), 20_000);
  const { groupMute } = await stack.ledger.getGroupState(groups.raided);
  out.check('the ledger holds the group’s timed mute', groupMute !== undefined && groupMute.until !== null);
  await waitFor(
    'the raid mute lifted by its scheduled unmute',
    async () => (await chat.group(groups.raided)).mutedAll === false,
    20_000,
  );
  const back = await chat.say(groups.raided, 'ann', 'thanks, all quiet now');
  out.check('members speak again once the mute lifts', back.status === 'delivered');
  const raidSanctions = await sanctions(groups.raided);
  out.check(
    'the mute and its lifting are in the ledger, the group never disabled',
    raidSanctions.some((s) => s.kind === 'mute-all' && s.status === 'applied') &&
      raidSanctions.some((s) => s.kind === 'unmute-all' && s.status === 'applied') &&
      !(await chat.group(groups.raided)).disabled,
  );
  out.step(
    `raid on ${groups.raided}: ${raidIds.length} accounts posted scam links at once; the group was muted for ${RAID_MUTE_SECONDS} s ` +
      `(ann refused, the owner still heard), every raid message recalled, and the mute lifted by itself`,
  );

  // A raid that goes on: muted by its first wave, it resumes once the mute lifts and reaches the threshold.
  const firstWave = await raidBy(chat, groups.sustained, ['s1', 's2', 's3', 's4']);
  await waitFor('the sustained raid muted', async () => (await chat.group(groups.sustained)).mutedAll === true, 20_000);
  await waitFor('the first mute lifted', async () => (await chat.group(groups.sustained)).mutedAll === false, 20_000);
  const secondWave = await raidBy(chat, groups.sustained, ['s5', 's6', 's7', 's8', 's9', 's10']);
  const through = [...firstWave, ...secondWave].filter((sent) => sent.status === 'delivered').length;
  await waitFor('the sustained raid disabling its group', () => store.get(groups.sustained)!.disabled, 20_000);
  const ban = await waitFor('the active ban of the sustained raid', async () =>
    (await stack.ledger.listBans(groups.sustained)).find((candidate) => candidate.status === 'active'),
  );
  out.check(
    'the sustained raid was disabled by one ban from a callbacks violation',
    ban.source === CALLBACK_SOURCE &&
      ban.eventId.startsWith('cb-') &&
      (await stack.ledger.listBans(groups.sustained)).length === 1,
  );
  const closed = await chat.say(groups.sustained, 'ann', 'hello?');
  out.check('the disabled group refuses messages', closed.status === 'refused' && closed.reason === 'group disabled');
  out.step(
    `sustained raid on ${groups.sustained}: muted by its first 4 accounts, it resumed when the mute lifted; ` +
      `${through} messages reached the threshold and the group was disabled (ban ${ban.banId}, ${String(ban.duration)} s)`,
  );

  const rejected = await chat.say(groups.quiet, 'user7', 'Best ＣＡＳＩＮＯ bonus tonight');
  out.check(
    'the banned term is rejected at pre-delivery with the rule as code',
    rejected.status === 'rejected' && rejected.code === 'banned-terms',
  );
  out.check('the rejected message was not delivered', (await chat.messages(groups.quiet)).length === 0);
  out.step(
    `pre-delivery: "Best ＣＡＳＩＮＯ bonus tonight" in ${groups.quiet} was rejected (code banned-terms) and never delivered`,
  );
}
