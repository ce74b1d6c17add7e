/** `groupmod ledger show`: what the moderation ledger holds about a group. */
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
    const [state, bans, violations] = await Promise.all([
      ledger.getGroupState(groupId!),
      ledger.listBans(groupId!),
      ledger.listViolations(groupId!),
    ]);
    await writeJsonLine({ state });
    for (const ban of bans) await writeJsonLine({ ban });
    for (const violation of violations) await writeJsonLine({ violation });
    return 0;
  } finally {
    client.destroy();
  }
};
