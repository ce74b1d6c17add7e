/** `groupmod messages recall`: a direct call to Agora, as `groups disable` is. */
import { withAgoraClient } from './agora-client.js';
import { recallCommandLine } from './member-args.js';
import { writeJsonLine } from './output.js';
import type { CommandRun } from './session.js';

export const recall: CommandRun = async ({ args, options, env }) => {
  const { groupId, ...input } = recallCommandLine(args, options);
  return withAgoraClient(env, async (client) => {
    const result = await client.messages.recall({ groupId, ...input });
    await writeJsonLine({ groupId, ...result });
    if (result.recalled) return 0;
    const hint = result.reason === 'too-late' && !input.force ? '; --force recalls it past the window' : '';
    console.error(`groupmod: message ${result.msgId} not recalled: ${result.reason} (${result.description})${hint}`);
    return 1;
  });
};
