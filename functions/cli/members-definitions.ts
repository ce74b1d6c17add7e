/** `groupmod members ...`: what each command takes; the work is in members-commands.ts. */
import type { Command } from 'commander';
import { example, runs } from './define-command.js';
import type * as MembersCommands from './members-commands.js';
import type { Session } from './session.js';

type Commands = typeof MembersCommands;
const load = (name: keyof Commands) => async () => (await import('./members-commands.js'))[name];
const GROUP = '200000000000000001';

/**
 * The limits the help states, written here because loading the client's would load zod: the
 * users of one call (the service's 60) and the longest mute in seconds (a century, as the client
 * bounds it). A test checks both against the client's.
 */
export const USERS_PER_CALL_HELP = 60;
export const MUTE_SECONDS_MAX_HELP = 3_153_600_000;

const PER_USER = [
  '',
  `USERs go ${USERS_PER_CALL_HELP} a call; a longer list is split into calls of ${USERS_PER_CALL_HELP}. All are checked before any is sent.`,
  'Prints one JSON line per user, in the order given: succeeded, or not and the service’s reason;',
  'exit 1 if any user was not acted on. The service refuses the group’s owner (that user’s line says so);',
  'it does not protect admins (see groups admins).',
].join('\n');

export function addMembersCommands(program: Command, session: Session): void {
  const members = program
    .command('members')
    .description('mute, unmute, remove, block and unblock a group’s members; the mute list');

  runs(
    members
      .command('mute')
      .description('mute members for a while or for good: they still read the group, and cannot send')
      .argument('<GROUP_ID>')
      .argument('<USER...>', 'user names')
      .option(
        '--duration <SECONDS|permanent>',
        `how long, in whole seconds (1 to ${MUTE_SECONDS_MAX_HELP}), or permanent (required)`,
      )
      .addHelpText('after', `${PER_USER}\nA mute ends by itself at its time (each success line has its expiresAt).`)
      .addHelpText(
        'after',
        example(
          `groupmod members mute ${GROUP} spammer1 spammer2 --duration 600`,
          `groupmod members mute ${GROUP} spammer3 --duration permanent`,
        ),
      ),
    session,
    load('mute'),
  );

  for (const [name, description, users] of [
    ['unmute', 'lift members’ mutes before their time', 'spammer1 spammer2'],
    ['remove', 'remove members from the group (they may join again unless blocked)', 'spammer1'],
    ['block', 'put members on the group’s block list: they cannot send, receive or join again', 'spammer1 spammer2'],
    ['unblock', 'take users off the block list (they may join again; they are not added back)', 'spammer1'],
  ] as const) {
    runs(
      members
        .command(name)
        .description(description)
        .argument('<GROUP_ID>')
        .argument('<USER...>', 'user names')
        .addHelpText('after', PER_USER)
        .addHelpText('after', example(`groupmod members ${name} ${GROUP} ${users}`)),
      session,
      load(name),
    );
  }

  runs(
    members
      .command('muted')
      .description('the group’s mute list: one JSON line per muted member, with when the mute ends')
      .argument('<GROUP_ID>')
      .addHelpText('after', example(`groupmod members muted ${GROUP}`)),
    session,
    load('muted'),
  );
}
