/** `groupmod ledger show`: what it takes; the work is in ledger-commands.ts. */
import type { Command } from 'commander';
import { example, runs } from './define-command.js';
import type { Session } from './session.js';

export function addLedgerCommands(program: Command, session: Session): void {
  const ledger = program.command('ledger').description('read the moderation ledger');
  runs(
    ledger
      .command('show')
      .description(
        'a group’s ledger: its state, every ban, then every sanction (its members’ and its own), one JSON line each',
      )
      .argument('<GROUP_ID>')
      .addHelpText(
        'after',
        '\nNeeds LEDGER_TABLE_NAME and AWS credentials and region; AWS_ENDPOINT_URL_DYNAMODB for a local table.',
      )
      .addHelpText('after', example('groupmod ledger show 200000000000000001')),
    session,
    async () => (await import('./ledger-commands.js')).show,
  );
}
