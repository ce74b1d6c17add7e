/** `groupmod ledger show`: what the moderation ledger holds about a group: its state, bans and sanctions. */
import { DynamoDbLedger } from '../ledger/index.js';
import { dynamoClientFromEnv } from '../aws/index.js';
import { ConfigError } from '../config/index.js';
import { prepareAwsClient } from './aws-settings.js';
import { groupIds } from './group-ids.js';
import { writeJsonLine } from './output.js';
import type { CommandRun } from './session.js';

export const show: CommandRun = async ({ args, env }) => {
  const [groupId] = groupIds(args);
  const table = env.LEDGER_TABLE_NAME;
  if (!table) throw new ConfigError(['LEDGER_TABLE_NAME: required: the moderation ledger table']);
  const client = dynamoClientFromEnv(env);
  try {
    await prepareAwsClient(client);
    const ledger = new DynamoDbLedger(client, table);
    const [state, bans, violations, sanctions] = await Promise.all([
      ledger.getGroupState(groupId!),
      ledger.listBans(groupId!),
      ledger.listViolations(groupId!),
      ledger.listSanctions(groupId!),
    ]);
    await writeJsonLine({ state });
    for (const ban of bans) await writeJsonLine({ ban });
    for (const violation of violations) await writeJsonLine({ violation });
    // The group's own and its members', oldest first, each with its cause and how it ended.
    for (const sanction of sanctions) await writeJsonLine({ sanction });
    return 0;
  } finally {
    client.destroy();
  }
};
