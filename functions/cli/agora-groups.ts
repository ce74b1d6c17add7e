import { AgoraChatClient } from '../agora/index.js';
import type { GroupsResource } from '../agora/index.js';
import { agoraClientOptionsFromVariables } from '../config/index.js';

/** Runs `use` with the groups API of a client configured from `AGORA_*`, and closes the client after. */
export async function withAgoraGroups<T>(
  env: NodeJS.ProcessEnv,
  use: (groups: GroupsResource) => Promise<T>,
): Promise<T> {
  const client = new AgoraChatClient(agoraClientOptionsFromVariables(env));
  try {
    return await use(client.groups);
  } finally {
    await client.close();
  }
}
