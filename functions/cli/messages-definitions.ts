/** `groupmod messages recall`: what it takes; the work is in messages-commands.ts. */
import type { Command } from 'commander';
import { example, runs } from './define-command.js';
import type { Session } from './session.js';

export function addMessagesCommands(program: Command, session: Session): void {
  const messages = program.command('messages').description('recall messages sent into a group');
  runs(
    messages
      .command('recall')
      .description('recall one message of a group: it disappears for every member')
      .argument('<MSG_ID>', 'the message id (digits)')
      .option('--group <GROUP_ID>', 'the group it was sent to (required)')
      .option('--from <USER>', 'who recalls it (default: the app admin)')
      .option('--force', 'recall it even past the app’s recall window (2 minutes unless the console says more)')
      .addHelpText(
        'after',
        [
          '',
          'Prints one JSON line: recalled, or not and why (too-late, not-found, no-recipient, failed); exit 1 if not recalled.',
          'A message already recalled answers not-found.',
        ].join('\n'),
      )
      .addHelpText(
        'after',
        example('groupmod messages recall 1250000000000000001 --group 200000000000000001 --from spammer1'),
      ),
    session,
    async () => (await import('./messages-commands.js')).recall,
  );
}
