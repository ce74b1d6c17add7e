import { DynamoDbLedger } from '../ledger/index.js';
import { ConfigError, dynamoClientFromEnv } from '../shared/index.js';
import { parse } from './args.js';
import { writeJsonLine } from './output.js';
import { UsageError } from './usage-error.js';

export const LEDGER_USAGE = `groupmod ledger show GROUP_ID      the group's ledger: its state, then every ban (JSON lines)
  Needs LEDGER_TABLE_NAME and AWS credentials; AWS_ENDPOINT_URL_DYNAMODB points at a local table.`;

/** Runs `groupmod ledger ...`; returns the exit code. */
export async function runLedgerCommand(command: string | undefined, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (command !== 'show') throw new UsageError(command ? `unknown ledger command "${command}"` : 'expected a ledger command');
  const { positionals } = parse(args, {}, { min: 1, max: 1, name: 'one group id' });
  const table = env.LEDGER_TABLE_NAME;
  if (!table) throw new ConfigError(['LEDGER_TABLE_NAME: required: the moderation ledger table']);
  const client = dynamoClientFromEnv(env);
  try {
    const ledger = new DynamoDbLedger(client, table);
    const groupId = positionals[0]!;
    const [state, bans] = await Promise.all([ledger.getGroupState(groupId), ledger.listBans(groupId)]);
    await writeJsonLine({ state });
    for (const ban of bans) await writeJsonLine({ ban });
    return 0;
  } finally {
    client.destroy();
  }
}
