/**
 * `groupmod members ...`: direct calls to Agora, as `groups disable` is. Each command checks its
 * whole command line first (nothing is sent when any of it is wrong), then acts on its users in
 * calls of 60 and prints one JSON line per user.
 */
import type { AgoraChatClient, BatchResult } from '../agora/index.js';
import { withAgoraClient } from './agora-client.js';
import { membersCommandLine, muteCommandLine } from './member-args.js';
import { ownerLookup, runForMembers, type MemberAction } from './member-batches.js';
import { writeJsonLine } from './output.js';
import type { CommandInput, CommandRun } from './session.js';
import { groupIds } from './group-ids.js';

/** An end in epoch milliseconds as a time, or `permanent`. */
const endOf = (expiresAt: number | 'permanent') =>
  expiresAt === 'permanent' ? expiresAt : new Date(expiresAt).toISOString();

const ownerOf = (client: AgoraChatClient, groupId: string) =>
  ownerLookup(async () => (await client.groups.get(groupId)).owner);

export const mute: CommandRun = async ({ args, options, env }) => {
  const { groupId, users, duration } = muteCommandLine(args, options);
  return withAgoraClient(env, (client) =>
    runForMembers(
      groupId,
      users,
      { name: 'mute', done: 'muted' },
      (batch) => client.members.mute(groupId, batch, duration),
      ownerOf(client, groupId),
      // A permanent mute is sent as a century; the operator asked for `permanent`, and reads that.
      (muted) =>
        duration === 'permanent'
          ? { expiresAt: 'permanent' }
          : muted.expiresAt === undefined
            ? {}
            : { expiresAt: endOf(muted.expiresAt) },
    ),
  );
};

/** unmute, remove, block and unblock: users in, one line each out. */
const onMembers =
  (
    action: MemberAction,
    call: (client: AgoraChatClient, groupId: string, users: readonly string[]) => Promise<BatchResult>,
  ): CommandRun =>
  async ({ args, env }: CommandInput) => {
    const { groupId, users } = membersCommandLine(args);
    return withAgoraClient(env, (client) =>
      runForMembers(groupId, users, action, (batch) => call(client, groupId, batch), ownerOf(client, groupId)),
    );
  };

export const unmute = onMembers({ name: 'unmute', done: 'unmuted' }, (client, groupId, users) =>
  client.members.unmute(groupId, users),
);
export const remove = onMembers({ name: 'remove', done: 'removed' }, (client, groupId, users) =>
  client.members.remove(groupId, users),
);
export const block = onMembers({ name: 'block', done: 'blocked' }, (client, groupId, users) =>
  client.members.block(groupId, users),
);
export const unblock = onMembers({ name: 'unblock', done: 'unblocked' }, (client, groupId, users) =>
  client.members.unblock(groupId, users),
);

/** The mute list, one line per muted member with the mute's end. */
export const muted: CommandRun = async ({ args, env }) => {
  const [groupId] = groupIds(args);
  return withAgoraClient(env, async (client) => {
    for (const member of await client.members.muted(groupId!))
      await writeJsonLine({ groupId, user: member.user, expiresAt: endOf(member.expiresAt) });
    return 0;
  });
};
