/** `groupmod groups ...`: what each command takes; the work is in groups-commands.ts. */
import { Option, type Command } from 'commander';
import { example, runs } from './define-command.js';
import { addGroupMuteCommands } from './group-mute-definitions.js';
import type * as GroupsCommands from './groups-commands.js';
import type { Session } from './session.js';

type Commands = typeof GroupsCommands;
const load = (name: keyof Commands) => async () => (await import('./groups-commands.js'))[name];
const GROUP = '200000000000000001';

export function addGroupsCommands(program: Command, session: Session): void {
  const groups = program
    .command('groups')
    .description('create, read, change, disable, enable and mute groups; their admins');

  runs(
    groups
      .command('create')
      .description('create a group; prints its id')
      .option('--name <NAME>', 'the group name (required)')
      .option('--owner <USER>', 'the owner’s username (required)')
      .option('--description <TEXT>', 'what the group is about (default: none)')
      .option('--members <U1,U2>', 'members besides the owner, comma-separated')
      .option('--private', 'a private group (default: public)')
      .option('--max-users <N>', 'member limit (default: the service’s)')
      .option('--members-only', 'joining needs the approval of the owner or an admin')
      .option('--allow-invites', 'members may invite others')
      .option('--custom <TEXT>', 'your own extension field')
      .addHelpText(
        'after',
        example('groupmod groups create --name "night shift" --owner alice --members bob,carol --private'),
      ),
    session,
    load('create'),
  );

  runs(
    groups
      .command('get')
      .description('details of groups, one JSON line each; exit 1 if any does not exist')
      .argument('<GROUP_ID...>', 'group ids (fetched 100 a call)')
      .addHelpText('after', example(`groupmod groups get ${GROUP} 200000000000000002`)),
    session,
    load('get'),
  );

  runs(
    groups
      .command('update')
      .description('change a group’s settings; prints the fields changed')
      .argument('<GROUP_ID>')
      .option('--name <NAME>', 'new name')
      .option('--description <TEXT>', 'new description')
      .option('--max-users <N>', 'new member limit')
      .addOption(new Option('--members-only <BOOL>', 'joining needs approval').choices(['true', 'false']))
      .addOption(new Option('--allow-invites <BOOL>', 'members may invite others').choices(['true', 'false']))
      .option('--custom <TEXT>', 'new extension field')
      .addHelpText('after', example(`groupmod groups update ${GROUP} --max-users 500 --members-only true`)),
    session,
    load('update'),
  );

  for (const [name, description] of [
    ['disable', 'disable a group: nobody can send or receive messages in it'],
    ['enable', 'enable a disabled group'],
    ['delete', 'delete a group'],
  ] as const) {
    runs(
      groups
        .command(name)
        .description(description)
        .argument('<GROUP_ID>')
        .addHelpText('after', example(`groupmod groups ${name} ${GROUP}`)),
      session,
      load(name),
    );
  }

  runs(
    groups
      .command('list')
      .description('every group of the app, one JSON line each (progress on a terminal)')
      .addOption(new Option('--page-size <N>', 'groups per list call').default(100))
      .option('--limit <N>', 'stop after N groups')
      .addHelpText('after', example('groupmod groups list --limit 1000 > groups.jsonl')),
    session,
    load('list'),
  );

  runs(
    groups
      .command('joined')
      .description('every group a user owns or belongs to, one JSON line each')
      .argument('<USER>')
      .addOption(new Option('--page-size <N>', 'groups per call (the service may return fewer)').default(100))
      .addHelpText('after', example('groupmod groups joined alice')),
    session,
    load('joined'),
  );

  addGroupMuteCommands(groups, session);
}
