/**
 * `groupmod members ...`, `groups mute-all | unmute-all | admins` and `messages recall` as an
 * operator runs them: the real binary against the emulator over HTTP, each test checking what
 * the emulator holds afterwards and who may still speak in the group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../local/emulator/index.js';
import { groupmod as run, jsonLines as lines } from '../helpers/groupmod.js';

let emulator: Emulator;
/** A recall window of 1 ms: every recall there is too late unless forced. */
let strict: Emulator;

beforeAll(async () => {
  [emulator, strict] = await Promise.all([startEmulator(), startEmulator({ chat: { recallWindowMs: 1 } })]);
});
afterAll(() => Promise.all([emulator.close(), strict.close()]));

const envOf = (at: Emulator) => ({
  AGORA_BASE_URL: at.baseUrl,
  AGORA_ORG: at.org,
  AGORA_APP: at.app,
  AGORA_APP_ID: at.appId,
  AGORA_APP_CERTIFICATE: at.appCertificate,
});
const groupmod = (args: string[], at: Emulator = emulator) => run(args, envOf(at));

/** A group owned by `olga`, with admin `adam` and members `ann`, `bob`, `cy` (and `extra` more). */
const newGroup = (extra: string[] = [], at: Emulator = emulator) =>
  at.store.insert({ name: 'g', owner: 'olga', members: ['adam', 'ann', 'bob', 'cy', ...extra], admins: ['adam'] }).id;

/** Whether `from` may speak in the group now: the chat's own answer. */
async function say(groupId: string, from: string, at: Emulator = emulator): Promise<string> {
  const outcome = await at.chat.send({ groupId, from, text: 'hi' });
  return outcome.status === 'refused' ? outcome.reason : outcome.status;
}

/** The group's messages as the control plane lists them. */
async function listed(groupId: string, at: Emulator = emulator) {
  const response = await fetch(`${at.baseUrl}/_emulator/groups/${groupId}/messages`);
  return ((await response.json()) as { messages: { msgId: string; from: string; state: string }[] }).messages;
}

/** The calls answered for `endpoint`, by status. */
/** What the owner's line says: the service refuses to act on the owner. */
const OWNER_REFUSED = "the group's owner, whom the service does not act on: forbidden operation on group owner!";

const callsOf = (endpoint: keyof Emulator['stats'], at: Emulator = emulator) => ({ ...at.stats[endpoint] });

describe('members mute', () => {
  it('mutes the members, reports the owner and a non-member user by user, exit 1; the muted are refused, the others speak', async () => {
    const group = newGroup();
    const before = Date.now();
    const { code, stdout, stderr } = await groupmod([
      'members',
      'mute',
      group,
      'ann',
      'olga',
      'zed',
      'bob',
      '--duration',
      '600',
    ]);

    expect(code).toBe(1);
    const [ann, olga, zed, bob] = lines(stdout);
    expect(lines(stdout)).toHaveLength(4);
    for (const line of [ann, bob]) {
      expect(line).toMatchObject({ groupId: group, action: 'mute', succeeded: true });
      const end = Date.parse((line as { expiresAt: string }).expiresAt);
      expect(end).toBeGreaterThanOrEqual(before + 600_000);
      expect(end).toBeLessThanOrEqual(Date.now() + 600_000);
    }
    expect([ann!.user, bob!.user]).toEqual(['ann', 'bob']);
    expect(olga).toEqual({ groupId: group, user: 'olga', action: 'mute', succeeded: false, reason: OWNER_REFUSED });
    expect(zed).toEqual({
      groupId: group,
      user: 'zed',
      action: 'mute',
      succeeded: false,
      reason: 'users [zed] are not members of this group!',
    });
    expect(stderr).toBe('groupmod: 2 of 4 users not muted (their lines say why): olga, zed\n');

    expect(Object.keys(emulator.store.get(group)!.muted ?? {}).sort()).toEqual(['ann', 'bob']);
    expect([
      await say(group, 'ann'),
      await say(group, 'bob'),
      await say(group, 'cy'),
      await say(group, 'olga'),
    ]).toEqual(['sender muted', 'sender muted', 'delivered', 'delivered']);
  });

  it('sends more than 60 users in calls of 60, and mutes every one; exit 0', async () => {
    const many = Array.from({ length: 130 }, (_, i) => `m${i}`);
    const group = newGroup(many);
    const before = callsOf('mute');
    const { code, stdout, stderr } = await groupmod(['members', 'mute', group, ...many, '--duration', '3600']);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(lines(stdout).map((line) => [line.user, line.succeeded])).toEqual(many.map((user) => [user, true]));
    expect((callsOf('mute')[200] ?? 0) - (before[200] ?? 0)).toBe(3);
    expect(Object.keys(emulator.store.get(group)!.muted ?? {}).sort()).toEqual([...many].sort());
    expect(await say(group, 'm129')).toBe('sender muted');
  });

  it('--duration permanent mutes for good, and says so', async () => {
    const group = newGroup();
    const { code, stdout } = await groupmod(['members', 'mute', group, 'cy', '--duration', 'permanent']);
    expect(code).toBe(0);
    expect(lines(stdout)).toEqual([
      { groupId: group, user: 'cy', action: 'mute', succeeded: true, expiresAt: 'permanent' },
    ]);
    // Sent as a century: the mute outlives anything a test could wait for.
    expect(emulator.store.get(group)!.muted!.cy).toBeGreaterThan(Date.now() + 99 * 365 * 86_400_000);
    expect(await say(group, 'cy')).toBe('sender muted');
  });

  it('a mute ends by itself at its time', async () => {
    const group = newGroup();
    expect((await groupmod(['members', 'mute', group, 'ann', '--duration', '1'])).code).toBe(0);
    expect(await say(group, 'ann')).toBe('sender muted');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await say(group, 'ann')).toBe('delivered');
  });
});

describe('members muted and unmute', () => {
  it('lists the mute list with each end, and unmute lifts mutes before their time', async () => {
    const group = newGroup();
    await groupmod(['members', 'mute', group, 'ann', 'bob', '--duration', '600']);
    const muted = await groupmod(['members', 'muted', group]);
    expect(muted.code).toBe(0);
    const expiresAt = new Date(emulator.store.get(group)!.muted!.ann!).toISOString();
    expect(lines(muted.stdout)).toEqual([
      { groupId: group, user: 'ann', expiresAt },
      { groupId: group, user: 'bob', expiresAt },
    ]);

    const unmuted = await groupmod(['members', 'unmute', group, 'ann']);
    expect(unmuted).toEqual({
      code: 0,
      stdout: `${JSON.stringify({ groupId: group, user: 'ann', action: 'unmute', succeeded: true })}\n`,
      stderr: '',
    });
    expect(await say(group, 'ann')).toBe('delivered');
    expect(await say(group, 'bob')).toBe('sender muted');
    expect(lines((await groupmod(['members', 'muted', group])).stdout).map((line) => line.user)).toEqual(['bob']);
  });

  it('an empty mute list prints nothing, exit 0', async () => {
    expect(await groupmod(['members', 'muted', newGroup()])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('members remove, block and unblock', () => {
  it('removes members, and reports a non-member and the owner; the removed may no longer speak', async () => {
    const group = newGroup();
    const { code, stdout, stderr } = await groupmod(['members', 'remove', group, 'cy', 'zed', 'olga']);
    expect(code).toBe(1);
    expect(lines(stdout).map(({ user, succeeded }) => ({ user, succeeded }))).toEqual([
      { user: 'cy', succeeded: true },
      { user: 'zed', succeeded: false },
      { user: 'olga', succeeded: false },
    ]);
    expect(stderr).toBe('groupmod: 2 of 3 users not removed (their lines say why): zed, olga\n');
    expect(emulator.store.get(group)).toMatchObject({ owner: 'olga', members: ['adam', 'ann', 'bob'] });
    expect(await say(group, 'cy')).toBe('not a member');
  });

  it('a call of the owner alone: one line, exit 1, nothing changed', async () => {
    const group = newGroup();
    const { code, stdout } = await groupmod(['members', 'remove', group, 'olga']);
    expect(code).toBe(1);
    expect(lines(stdout)).toEqual([
      { groupId: group, user: 'olga', action: 'remove', succeeded: false, reason: OWNER_REFUSED },
    ]);
    expect(emulator.store.get(group)).toMatchObject({ owner: 'olga', members: ['adam', 'ann', 'bob', 'cy'] });
  });

  it('blocks members (they leave and cannot speak) and unblocks them', async () => {
    const group = newGroup();
    const blocked = await groupmod(['members', 'block', group, 'ann', 'bob']);
    expect(blocked.code).toBe(0);
    expect(lines(blocked.stdout).map((line) => [line.user, line.action, line.succeeded])).toEqual([
      ['ann', 'block', true],
      ['bob', 'block', true],
    ]);
    expect(emulator.store.get(group)!.blocked).toEqual(['ann', 'bob']);
    expect(await say(group, 'ann')).toBe('not a member');

    const unblocked = await groupmod(['members', 'unblock', group, 'ann', 'cy']);
    expect(unblocked.code).toBe(1);
    expect(lines(unblocked.stdout).map((line) => [line.user, line.succeeded])).toEqual([
      ['ann', true],
      ['cy', false],
    ]);
    expect(unblocked.stderr).toBe('groupmod: 1 of 2 users not unblocked (their lines say why): cy\n');
    expect(emulator.store.get(group)!.blocked).toEqual(['bob']);
  });

  it('a call the service refuses whole fails each of its users with the service’s words', async () => {
    const { code, stdout, stderr } = await groupmod(['members', 'remove', '200000000000009999', 'ann', 'bob']);
    expect(code).toBe(1);
    expect(lines(stdout)).toEqual(
      ['ann', 'bob'].map((user) => ({
        groupId: '200000000000009999',
        user,
        action: 'remove',
        succeeded: false,
        reason: expect.stringMatching(
          /^the call failed: DELETE .* 404 resource_not_found: grpID 200000000000009999 does not exist!$/,
        ),
      })),
    );
    expect(stderr).toBe('groupmod: 2 of 2 users not removed (their lines say why): ann, bob\n');
  });
});

describe('groups mute-all, unmute-all and admins', () => {
  it('mutes the whole group but the owner and the admins, and gives it back', async () => {
    const group = newGroup();
    expect(await groupmod(['groups', 'mute-all', group])).toEqual({
      code: 0,
      stdout: `${JSON.stringify({ groupId: group, muted: true })}\n`,
      stderr: '',
    });
    expect([await say(group, 'ann'), await say(group, 'adam'), await say(group, 'olga')]).toEqual([
      'group muted',
      'delivered',
      'delivered',
    ]);

    expect(await groupmod(['groups', 'unmute-all', group])).toEqual({
      code: 0,
      stdout: `${JSON.stringify({ groupId: group, muted: false })}\n`,
      stderr: '',
    });
    expect(await say(group, 'ann')).toBe('delivered');
  });

  it('mute-all --duration is refused with the reason, nothing sent', async () => {
    const group = newGroup();
    const before = callsOf('muteAll');
    const { code, stdout, stderr } = await groupmod(['groups', 'mute-all', group, '--duration', '900']);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      'groupmod: --duration: Agora Chat’s group mute has no duration; it lasts until `groupmod groups unmute-all`, run when the mute should end\n',
    );
    expect(callsOf('muteAll')).toEqual(before);
    expect(emulator.store.get(group)!.mutedAll).toBeFalsy();
  });

  it('lists the admins, one line each', async () => {
    const group = emulator.store.insert({
      name: 'g',
      owner: 'olga',
      members: ['adam', 'abe', 'ann'],
      admins: ['adam', 'abe'],
    }).id;
    const { code, stdout } = await groupmod(['groups', 'admins', group]);
    expect(code).toBe(0);
    expect(lines(stdout)).toEqual([
      { groupId: group, user: 'adam', role: 'admin' },
      { groupId: group, user: 'abe', role: 'admin' },
    ]);
  });
});

describe('messages recall', () => {
  it('recalls a message, which the group then lists as recalled; a second recall answers not-found, exit 1', async () => {
    const group = newGroup();
    const sent = await emulator.chat.send({ groupId: group, from: 'ann', text: 'buy now' });
    const other = await emulator.chat.send({ groupId: group, from: 'bob', text: 'hello' });
    if (sent.status !== 'delivered' || other.status !== 'delivered') throw new Error('not delivered');

    const recalled = await groupmod(['messages', 'recall', sent.msgId, '--group', group, '--from', 'ann']);
    expect(recalled).toEqual({
      code: 0,
      stdout: `${JSON.stringify({ groupId: group, msgId: sent.msgId, recalled: true })}\n`,
      stderr: '',
    });
    expect(await listed(group)).toEqual([
      { msgId: sent.msgId, from: 'ann', timestamp: expect.any(Number), state: 'recalled' },
      { msgId: other.msgId, from: 'bob', timestamp: expect.any(Number), state: 'delivered' },
    ]);

    const again = await groupmod(['messages', 'recall', sent.msgId, '--group', group]);
    expect(again.code).toBe(1);
    expect(lines(again.stdout)).toEqual([
      { groupId: group, msgId: sent.msgId, recalled: false, reason: 'not-found', description: 'not_found msg' },
    ]);
    expect(again.stderr).toBe(`groupmod: message ${sent.msgId} not recalled: not-found (not_found msg)\n`);
  });

  it('past the recall window: too-late, exit 1, the message stays; --force recalls it', async () => {
    const group = newGroup([], strict);
    const sent = await strict.chat.send({ groupId: group, from: 'ann', text: 'buy now' });
    if (sent.status !== 'delivered') throw new Error('not delivered');
    await new Promise((resolve) => setTimeout(resolve, 5));

    const late = await groupmod(['messages', 'recall', sent.msgId, '--group', group], strict);
    expect(late.code).toBe(1);
    expect(lines(late.stdout)).toEqual([
      {
        groupId: group,
        msgId: sent.msgId,
        recalled: false,
        reason: 'too-late',
        description: 'exceed recall time limit',
      },
    ]);
    expect(late.stderr).toBe(
      `groupmod: message ${sent.msgId} not recalled: too-late (exceed recall time limit); --force recalls it past the window\n`,
    );
    expect((await listed(group, strict)).map((m) => m.state)).toEqual(['delivered']);

    expect((await groupmod(['messages', 'recall', sent.msgId, '--group', group, '--force'], strict)).code).toBe(0);
    expect((await listed(group, strict)).map((m) => m.state)).toEqual(['recalled']);
  });
});

describe('bad command lines', () => {
  /** What stderr holds for these problems: one `groupmod:` line each. */
  const stderrOf = (...problems: string[]) => problems.map((problem) => `groupmod: ${problem}\n`).join('');

  it.each([
    [
      ['members', 'mute', '200000000000000001', 'ann'],
      `groupmod: --duration is required: whole seconds from 1 to 3153600000, or "permanent"\n`,
    ],
    [
      ['members', 'mute', '12a', 'Ann', 'bob', 'bob', '--duration', '0'],
      stderrOf(
        'GROUP_ID "12a": must be a string of digits',
        'USER "Ann": may contain only lowercase a-z, 0-9, "_", "-" and "."',
        'USER "bob": named more than once',
        '--duration: must be whole seconds from 1 to 3153600000, or "permanent", got 0',
      ),
    ],
    [
      ['members', 'mute', '200000000000000001', 'ann', '--duration', '10m'],
      'groupmod: --duration: expected whole seconds or "permanent", got "10m"\n',
    ],
    [
      ['members', 'remove', '200000000000000001', 'ann', 'Bob'],
      'groupmod: USER "Bob": may contain only lowercase a-z, 0-9, "_", "-" and "."\n',
    ],
    [['members', 'muted', 'x'], 'groupmod: GROUP_ID "x": must be a string of digits\n'],
    [
      ['messages', 'recall', '12e3', '--from', 'Ann'],
      stderrOf(
        'MSG_ID "12e3": must be a string of digits',
        '--group is required: the group the message was sent to',
        '--from: may contain only lowercase a-z, 0-9, "_", "-" and "."',
      ),
    ],
    [['groups', 'admins', '1x'], 'groupmod: GROUP_ID "1x": must be a string of digits\n'],
  ])('%j: every problem named, exit 2, nothing sent', async (args, message) => {
    const before = structuredClone(emulator.stats);
    expect(await groupmod(args)).toEqual({ code: 2, stdout: '', stderr: message });
    expect(emulator.stats).toEqual(before);
  });

  it('a missing USER is commander’s usage error, exit 2', async () => {
    const { code, stderr } = await groupmod(['members', 'unmute', '200000000000000001']);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe("groupmod: missing required argument 'USER'");
  });
});

describe('help', () => {
  it.each([
    [
      ['members', '--help'],
      ['mute', 'unmute', 'remove', 'block', 'unblock', 'muted'],
    ],
    [
      ['members', 'mute', '--help'],
      [
        'Usage: groupmod members mute [options] <GROUP_ID> <USER...>',
        '--duration <SECONDS|permanent>',
        'calls of 60',
        'Example:\n  groupmod members mute ',
      ],
    ],
    [
      ['help', 'members', 'block'],
      [
        'Usage: groupmod members block [options] <GROUP_ID> <USER...>',
        'calls of 60',
        'Example:\n  groupmod members block ',
      ],
    ],
    [
      ['groups', 'mute-all', '-h'],
      [
        'Usage: groupmod groups mute-all [options] <GROUP_ID>',
        'has no duration',
        'Example:\n  groupmod groups mute-all ',
      ],
    ],
    [
      ['messages', 'recall', '--help'],
      [
        'Usage: groupmod messages recall [options] <MSG_ID>',
        '--group <GROUP_ID>',
        '--force',
        'Example:\n  groupmod messages recall ',
      ],
    ],
  ])('%j prints the usage, the limits and an example, with no configuration', async (args, mentions) => {
    const { code, stdout, stderr } = await run(args);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    for (const mention of mentions) expect(stdout).toContain(mention);
  });

  it('the group mute takes no --duration, and its help offers none', async () => {
    const { stdout } = await run(['groups', 'mute-all', '--help']);
    expect(stdout).not.toContain('--duration <');
  });
});
