/**
 * `groupmod groups ...`: each command checks its whole command line against the client's own
 * input schemas first (every problem at once, in flag terms, nothing sent), then calls Agora.
 */
import type { GroupsResource } from '../agora/index.js';
import {
  createGroupInputSchema,
  joinedPageSizeSchema,
  listLimitSchema,
  modifyGroupInputSchema,
  usernameSchema,
} from '../agora/index.js';
import { withAgoraGroups } from './agora-groups.js';
import { commaList, requireFlags, text, wholeNumber } from './args.js';
import { groupIds } from './group-ids.js';
import { Progress, writeJsonLine } from './output.js';
import type { CommandInput, CommandRun } from './session.js';
import { UsageError } from './errors.js';
import { fixedName, flagNames, validOrThrow } from './validation.js';

const bool = (value: unknown) => (value === undefined ? undefined : value === true || value === 'true');

export const create: CommandRun = async ({ options, env }) => {
  requireFlags(options, ['name', 'owner']);
  const input = validOrThrow(
    createGroupInputSchema,
    {
      name: options.name,
      description: options.description ?? '',
      owner: options.owner,
      public: !options.private,
      members: commaList(options.members),
      maxUsers: wholeNumber(options.maxUsers, '--max-users'),
      membersOnly: bool(options.membersOnly),
      allowInvites: bool(options.allowInvites),
      custom: text(options.custom),
    },
    flagNames(),
  );
  return withAgoraGroups(env, async (groups) => {
    await writeJsonLine(await groups.create(input));
    return 0;
  });
};

export const get: CommandRun = async ({ args, env }) => {
  const ids = groupIds(args);
  return withAgoraGroups(env, async (groups) => {
    const missing = new Set(ids);
    for await (const group of groups.getMany(ids)) {
      missing.delete(group.id);
      await writeJsonLine(group);
    }
    if (missing.size === 0) return 0;
    console.error(`groupmod: not found: ${[...missing].join(', ')}`);
    return 1;
  });
};

export const update: CommandRun = async ({ args, options, env }) => {
  const [id] = groupIds(args);
  const changes = {
    name: text(options.name),
    description: text(options.description),
    maxUsers: wholeNumber(options.maxUsers, '--max-users'),
    membersOnly: bool(options.membersOnly),
    allowInvites: bool(options.allowInvites),
    custom: text(options.custom),
  };
  if (Object.values(changes).every((value) => value === undefined))
    throw new UsageError(
      'update needs at least one of --name, --description, --max-users, --members-only, --allow-invites, --custom',
    );
  const input = validOrThrow(modifyGroupInputSchema, changes, flagNames());
  return withAgoraGroups(env, async (groups) => {
    await writeJsonLine(await groups.modify(id!, input));
    return 0;
  });
};

/** disable, enable and delete: one id, one call, its result with the id. */
const onGroup =
  (call: (groups: GroupsResource, id: string) => Promise<object>): CommandRun =>
  async ({ args, env }: CommandInput) => {
    const [id] = groupIds(args);
    return withAgoraGroups(env, async (groups) => {
      await writeJsonLine({ ...(await call(groups, id!)), groupId: id });
      return 0;
    });
  };
export const disable = onGroup((groups, id) => groups.disable(id));
export const enable = onGroup((groups, id) => groups.enable(id));
// `delete` is a keyword: the definitions load it by name.
const remove = onGroup((groups, id) => groups.delete(id));
export { remove as delete };

export const list: CommandRun = async ({ options, env }) => {
  const pageSize = validOrThrow(
    listLimitSchema,
    wholeNumber(options.pageSize, '--page-size'),
    fixedName('--page-size'),
  );
  const limit = wholeNumber(options.limit, '--limit') ?? Infinity;
  if (limit < 1) throw new UsageError('--limit: at least 1');
  return withAgoraGroups(env, async (groups) => {
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
  });
};

export const joined: CommandRun = async ({ args, options, env }) => {
  const user = validOrThrow(usernameSchema, args[0], fixedName(`USER "${args[0]}"`));
  const pageSize = validOrThrow(
    joinedPageSizeSchema,
    wholeNumber(options.pageSize, '--page-size'),
    fixedName('--page-size'),
  );
  return withAgoraGroups(env, async (groups) => {
    const progress = new Progress();
    let count = 0;
    for await (const group of groups.joined(user, { pageSize })) {
      await writeJsonLine(group);
      count++;
      progress.update(`${count} joined groups`);
    }
    progress.done(`${count} joined groups`);
    return 0;
  });
};
