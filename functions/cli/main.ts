/**
 * `groupmod`: the operator CLI. Reads the Agora settings from the environment (see
 * functions/shared/agora-env.ts), prints JSON on stdout and errors on stderr.
 * Exit codes: 0 done, 1 the service or the network failed, 2 bad arguments or configuration.
 */
import { AgoraChatClient, AgoraError, AgoraRequestValidationError } from '../agora/index.js';
import { agoraClientOptionsFromEnv, ConfigError } from '../shared/index.js';
import { InvalidEventsError } from '../events/index.js';
import { EVENTS_USAGE, runEventsCommand } from './events-commands.js';
import { GROUPS_USAGE, runGroupsCommand } from './groups-commands.js';
import { JOBS_USAGE, runJobsCommand } from './jobs-commands.js';
import { LEDGER_USAGE, runLedgerCommand } from './ledger-commands.js';
import { RULES_USAGE, runRulesCommand } from './rules-commands.js';
import { UsageError } from './usage-error.js';

const USAGE = `usage:

${[GROUPS_USAGE, EVENTS_USAGE, JOBS_USAGE, LEDGER_USAGE, RULES_USAGE].join('\n\n')}

Configuration (environment):
  AGORA_BASE_URL   e.g. https://a41.chat.agora.io
  AGORA_ORG, AGORA_APP
  AGORA_APP_TOKEN, or AGORA_APP_ID and AGORA_APP_CERTIFICATE
  AGORA_RATE_LIMIT, AGORA_JOINED_RATE_LIMIT  calls per second (defaults 100 and 50; 10 on the free plan)`;

export async function main(argv: string[]): Promise<number> {
  const [area, command, ...rest] = argv;
  if (area === undefined || area === 'help' || area === '--help' || area === '-h') {
    console.log(USAGE);
    return area === undefined ? 2 : 0;
  }
  let client: AgoraChatClient | undefined;
  try {
    if (area === 'events') return await runEventsCommand(command, rest);
    if (area === 'ledger') return await runLedgerCommand(command, rest);
    if (area === 'rules') return await runRulesCommand(command, rest);
    if (area !== 'groups' && area !== 'audit' && area !== 'export') throw new UsageError(`unknown command "${area}"`);
    client = new AgoraChatClient(agoraClientOptionsFromEnv());
    if (area === 'groups') return await runGroupsCommand(client, command, rest);
    return await runJobsCommand(client, area, command, rest);
  } catch (error) {
    return report(error);
  } finally {
    await client?.close();
  }
}

function report(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`groupmod: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (error instanceof InvalidEventsError) {
    console.error(`groupmod: nothing sent: ${error.message}`);
    return 2;
  }
  if (error instanceof ConfigError) {
    console.error(`groupmod: ${error.message}`);
    return 2;
  }
  if (error instanceof AgoraError) {
    console.error(`groupmod: ${error.name}: ${error.message}`);
    return error instanceof AgoraRequestValidationError ? 2 : 1;
  }
  if (error instanceof Error && '$metadata' in error) {
    console.error(`groupmod: AWS ${error.name}: ${error.message}`);
    return 1;
  }
  console.error('groupmod: unexpected failure:', error);
  return 1;
}

// Closing stdout early (`groupmod groups list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
