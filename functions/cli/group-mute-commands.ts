/** `groupmod groups mute-all | unmute-all | admins`: direct calls to Agora, as `groups disable` is. */
import { withAgoraClient } from './agora-client.js';
import { groupIds } from './group-ids.js';
import { writeJsonLine } from './output.js';
import type { CommandRun } from './session.js';
import { UsageError } from './errors.js';

/** Agora Chat's mute-all has no duration of its own: it lasts until it is lifted. */
export const MUTE_ALL_HAS_NO_DURATION =
  '--duration: Agora Chat’s group mute has no duration; it lasts until `groupmod groups unmute-all`, run when the mute should end';

export const muteAll: CommandRun = async ({ args, options, env }) => {
  const [groupId] = groupIds(args);
  if (options.duration !== undefined) throw new UsageError(MUTE_ALL_HAS_NO_DURATION);
  return withAgoraClient(env, async (client) => {
    await writeJsonLine({ groupId, ...(await client.groupMute.muteAll(groupId!)) });
    return 0;
  });
};

export const unmuteAll: CommandRun = async ({ args, env }) => {
  const [groupId] = groupIds(args);
  return withAgoraClient(env, async (client) => {
    await writeJsonLine({ groupId, ...(await client.groupMute.unmuteAll(groupId!)) });
    return 0;
  });
};

/** One line per admin; the owner, not an admin, is in `groups get`. */
export const admins: CommandRun = async ({ args, env }) => {
  const [groupId] = groupIds(args);
  return withAgoraClient(env, async (client) => {
    for (const user of await client.admins.list(groupId!)) await writeJsonLine({ groupId, user, role: 'admin' });
    return 0;
  });
};
