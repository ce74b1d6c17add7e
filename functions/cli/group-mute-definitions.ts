/** `groupmod groups mute-all | unmute-all | admins`: what each takes; the work is in group-mute-commands.ts. */
import { Option, type Command } from 'commander';
import { example, runs } from './define-command.js';
import type * as GroupMuteCommands from './group-mute-commands.js';
import type { Session } from './session.js';

type Commands = typeof GroupMuteCommands;
const load = (name: Exclude<keyof Commands, 'MUTE_ALL_HAS_NO_DURATION'>) => async () =>
  (await import('./group-mute-commands.js'))[name];
const GROUP = '200000000000000001';

/** Adds the group-wide mute and the admin list to `groups`. */
export function addGroupMuteCommands(groups: Command, session: Session): void {
  runs(
    groups
      .command('mute-all')
      .description('mute the whole group: only the owner and the admins (the allow list) may send')
      .argument('<GROUP_ID>')
      // Taken only to be refused with the reason: operators used to `members mute --duration` will try it.
      .addOption(new Option('--duration <SECONDS>').hideHelp())
      .addHelpText(
        'after',
        [
          '',
          'Agora Chat’s group mute has no duration: it lasts until groups unmute-all, so there is no --duration.',
          'Members on the mute list stay muted after an unmute-all.',
        ].join('\n'),
      )
      .addHelpText('after', example(`groupmod groups mute-all ${GROUP}`, `groupmod groups unmute-all ${GROUP}`)),
    session,
    load('muteAll'),
  );

  runs(
    groups
      .command('unmute-all')
      .description('lift a group mute (members on the mute list stay muted)')
      .argument('<GROUP_ID>')
      .addHelpText('after', example(`groupmod groups unmute-all ${GROUP}`)),
    session,
    load('unmuteAll'),
  );

  runs(
    groups
      .command('admins')
      .description('the group’s admins, one JSON line each (the owner is in groups get)')
      .argument('<GROUP_ID>')
      .addHelpText('after', example(`groupmod groups admins ${GROUP}`)),
    session,
    load('admins'),
  );
}
