import type { AgoraChatClient } from '../agora/index.js';
import { Progress, writeJsonLine } from './output.js';
import { booleanText, integer, parse, str } from './args.js';
import { UsageError } from './usage-error.js';

export const GROUPS_USAGE = `groupmod groups <command> [options]

  create  --name NAME --description TEXT --owner USER [--private] [--members U1,U2]
          [--max-users N] [--members-only] [--allow-invites] [--custom TEXT]
  get     GROUP_ID [GROUP_ID ...]          one JSON line per group (ids are fetched 100 a call)
  update  GROUP_ID [--name NAME] [--description TEXT] [--max-users N]
          [--members-only true|false] [--allow-invites true|false] [--custom TEXT]
  delete  GROUP_ID
  disable GROUP_ID
  enable  GROUP_ID
  list    [--page-size 1-100] [--limit N]  every group of the app, one JSON line each
  joined  USER [--page-size N]             every group USER owns or belongs to, one JSON line each`;

/** Runs `groupmod groups <command> ...`; returns the exit code. */
export async function runGroupsCommand(client: AgoraChatClient, command: string | undefined, args: string[]): Promise<number> {
  const groups = client.groups;
  switch (command) {
    case 'create': {
      const { values } = parse(
        args,
        {
          name: { type: 'string' },
          description: { type: 'string', default: '' },
          owner: { type: 'string' },
          private: { type: 'boolean', default: false },
          members: { type: 'string' },
          'max-users': { type: 'string' },
          'members-only': { type: 'boolean' },
          'allow-invites': { type: 'boolean' },
          custom: { type: 'string' },
        },
        { min: 0, max: 0, name: 'no arguments' },
      );
      if (!values.name) throw new UsageError('--name is required');
      if (!values.owner) throw new UsageError('--owner is required');
      const members = str(values.members)?.split(',').map((m) => m.trim()).filter(Boolean);
      await writeJsonLine(
        await groups.create({
          name: str(values.name)!,
          description: str(values.description) ?? '',
          owner: str(values.owner)!,
          public: !values.private,
          ...(members && { members }),
          ...(values['max-users'] !== undefined && { maxUsers: integer(values['max-users'], '--max-users')! }),
          ...(values['members-only'] !== undefined && { membersOnly: Boolean(values['members-only']) }),
          ...(values['allow-invites'] !== undefined && { allowInvites: Boolean(values['allow-invites']) }),
          ...(values.custom !== undefined && { custom: str(values.custom)! }),
        }),
      );
      return 0;
    }
    case 'get': {
      const { positionals } = parse(args, {}, { min: 1, name: 'one or more group ids' });
      const missing = new Set(positionals);
      for await (const group of groups.getMany(positionals)) {
        missing.delete(group.id);
        await writeJsonLine(group);
      }
      if (missing.size === 0) return 0;
      console.error(`groupmod: not found: ${[...missing].join(', ')}`);
      return 1;
    }
    case 'update': {
      const { values, positionals } = parse(
        args,
        {
          name: { type: 'string' },
          description: { type: 'string' },
          'max-users': { type: 'string' },
          'members-only': { type: 'string' },
          'allow-invites': { type: 'string' },
          custom: { type: 'string' },
        },
        { min: 1, max: 1, name: 'one group id' },
      );
      const changes = {
        name: str(values.name),
        description: str(values.description),
        maxUsers: integer(values['max-users'], '--max-users'),
        membersOnly: booleanText(values['members-only'], '--members-only'),
        allowInvites: booleanText(values['allow-invites'], '--allow-invites'),
        custom: str(values.custom),
      };
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      if (Object.keys(defined).length === 0) throw new UsageError('update needs at least one of --name, --description, --max-users, --members-only, --allow-invites, --custom');
      await writeJsonLine(await groups.modify(positionals[0]!, defined));
      return 0;
    }
    case 'delete':
    case 'disable':
    case 'enable': {
      const { positionals } = parse(args, {}, { min: 1, max: 1, name: 'one group id' });
      const id = positionals[0]!;
      const result = command === 'delete' ? await groups.delete(id) : command === 'disable' ? await groups.disable(id) : await groups.enable(id);
      await writeJsonLine({ ...result, groupId: id });
      return 0;
    }
    case 'list': {
      const { values } = parse(args, { 'page-size': { type: 'string' }, limit: { type: 'string' } }, { min: 0, max: 0, name: 'no arguments' });
      const pageSize = integer(values['page-size'], '--page-size') ?? 100;
      const limit = integer(values.limit, '--limit') ?? Infinity;
      const progress = new Progress();
      let count = 0;
      let pages = 0;
      outer: for await (const page of groups.listPages({ pageSize })) {
        pages++;
        for (const group of page.groups) {
          if (count >= limit) break outer;
          await writeJsonLine(group);
          count++;
        }
        progress.update(`${count} groups listed (${pages} pages)`);
      }
      progress.done(`${count} groups listed (${pages} pages)`);
      return 0;
    }
    case 'joined': {
      const { values, positionals } = parse(args, { 'page-size': { type: 'string' } }, { min: 1, max: 1, name: 'one username' });
      const pageSize = integer(values['page-size'], '--page-size');
      const progress = new Progress();
      let count = 0;
      for await (const group of groups.joined(positionals[0]!, pageSize ? { pageSize } : {})) {
        await writeJsonLine(group);
        count++;
        progress.update(`${count} joined groups`);
      }
      progress.done(`${count} joined groups`);
      return 0;
    }
    default:
      throw new UsageError(command ? `unknown command "groups ${command}"` : 'missing command');
  }
}
