/**
 * The `groupmod` command tree: every area, command, flag, default and example, which is all that
 * `--help` and command-line errors need. It loads commander and nothing else; a command's
 * implementation is imported when it runs (see define-command.ts).
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { addCompletionCommand } from './completion.js';
import { addEventsCommands } from './events-definitions.js';
import { addGroupsCommands } from './groups-definitions.js';
import { addJobsCommands } from './jobs-definitions.js';
import { addLedgerCommands } from './ledger-definitions.js';
import { addMembersCommands } from './members-definitions.js';
import { addMessagesCommands } from './messages-definitions.js';
import { addRulesCommands } from './rules-definitions.js';
import type { Session } from './session.js';

const CONFIGURATION = `
Configuration (environment):
  AGORA_BASE_URL            e.g. https://a41.chat.agora.io
  AGORA_ORG, AGORA_APP      org and app names from the Agora console
  AGORA_APP_TOKEN           a ready app token; or AGORA_APP_ID and AGORA_APP_CERTIFICATE
  AGORA_RATE_LIMIT, AGORA_JOINED_RATE_LIMIT
                            calls per second per endpoint (defaults 100 and 50; 10 on the free plan)
  MODERATION_QUEUE_URL, LEDGER_TABLE_NAME, OUTPUT_BUCKET, OUTPUT_PREFIX
                            the deployment's queue, ledger and bucket (events, ledger, jobs)
  MODERATION_RULES          the callbacks' rules as JSON (rules test without --file)
  AWS_REGION, AWS credentials, AWS_ENDPOINT_URL_SQS|S3|DYNAMODB (a local stack)

Output: JSON lines on stdout; errors on stderr. Exit codes: 0 done, 1 the service or the
network failed, 2 bad arguments or configuration.`;

/** The package's version; package.json sits two folders up from both the source and the build. */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
}

/** Unknown flags and commands: one line naming them (and the closest valid name), then the usage. */
function oneLine(message: string): string {
  const [problem = '', suggestion] = message
    .trim()
    .replace(/^error: /, '')
    .split('\n');
  return `groupmod: ${problem}${suggestion ? ` ${suggestion.replace(/^\(Did you mean/, '(did you mean')}` : ''}\n`;
}

/**
 * What follows a command-line error: the command's usage line, its subcommands' names and where
 * the whole help is, not the whole help (the root's is 40 lines, and would push the error itself
 * off the screen).
 */
function shortUsage(command: Command): string {
  const names: string[] = [];
  for (let step: Command | null = command; step; step = step.parent) names.unshift(step.name());
  const name = names.join(' ');
  const subcommands = command.commands.map((subcommand) => subcommand.name());
  return [
    `\nUsage: ${name} ${command.usage()}`,
    ...(subcommands.length > 0 ? [`Commands: ${subcommands.join(', ')}`] : []),
    `Run '${name} --help' for the whole help.`,
  ].join('\n');
}

/** Every command of the tree, `command` first. */
const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];

export function createProgram(session: Session): Command {
  const program = new Command('groupmod')
    .description(
      'Operator CLI for Agora Chat group moderation: groups, members, messages, moderation events, audits, exports and the ledger.',
    )
    .version(version(), '-V, --version', 'print the version')
    .option('--debug', 'print the stack trace of an unexpected failure (also DEBUG=groupmod)')
    .helpOption('-h, --help', 'print this help')
    .helpCommand('help [command...]', 'print the help of a command')
    .addHelpText('after', CONFIGURATION)
    // Inherited by every command added below.
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(oneLine(message)) });
  addGroupsCommands(program, session);
  addMembersCommands(program, session);
  addMessagesCommands(program, session);
  addEventsCommands(program, session);
  addJobsCommands(program, session);
  addLedgerCommands(program, session);
  addRulesCommands(program, session);
  addCompletionCommand(program);
  for (const command of everyCommand(program)) command.showHelpAfterError(shortUsage(command));
  return program;
}
