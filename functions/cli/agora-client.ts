import { AgoraChatClient } from '../agora/index.js';
import { agoraClientOptionsFromVariables } from '../config/index.js';

/** Runs `use` with a client configured from `AGORA_*` (all of its APIs), and closes the client after. */
export async function withAgoraClient<T>(
  env: NodeJS.ProcessEnv,
  use: (client: AgoraChatClient) => Promise<T>,
): Promise<T> {
  const client = new AgoraChatClient(agoraClientOptionsFromVariables(env));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}
