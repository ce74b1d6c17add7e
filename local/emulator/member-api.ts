/**
 * The member, mute, admin and recall endpoints as the emulator answers them, after
 * `shared/reference/agora-chat-moderation-rest-api.md`. Where Agora's and Easemob's documents
 * differ, the emulator takes the stricter limit (60 users a call) and answers in both readings
 * where a client must cope with either: a single-user call that cannot act is refused whole
 * (403), while a batch reports user by user, as each vendor's examples show; a mute names its
 * non-members in a 403 (Easemob's table); mute_duration -1 (permanent) and 0 (unmute) work as
 * Easemob documents; a recall past its window fails with Easemob's 403 or, with
 * `recallFailures: 'body'`, with Agora's `{"msgs": [...]}` body.
 */
import type { ChatService } from './chat.js';
import { ApiFailure, type ApiResult, type Route } from './group-api.js';
import type { EmulatedGroup, GroupStore } from './group-store.js';
import { activeMutes, isMember, PERMANENT } from './group-sanctions.js';

/** Most users one mute, unmute, remove, block or unblock call takes (Agora's figure; Easemob allows 100 for some). */
export const MEMBER_CALL_LIMIT = 60;

export interface MemberApiContext {
  store: GroupStore;
  chat: ChatService;
  /** The clock mutes are timed by. */
  now: () => number;
  /** How a refused recall is answered: Easemob's HTTP errors, or Agora's 200 with `msgs`. @default 'http' */
  recallFailures?: 'http' | 'body';
}

const invalid = (description: string) => new ApiFailure(400, 'invalid_parameter', description);
const forbidden = (description: string) => new ApiFailure(403, 'forbidden_op', description);
const recallError = (status: number, description: string) =>
  new ApiFailure(status, 'message_recall_error', description);
const OWNER_REFUSED = 'forbidden operation on group owner!';
const notMembers = (users: string[]) => forbidden(`users [${users.join(', ')}] are not members of this group!`);

/** Finds the route of a member or recall call, or undefined when the path is not one. */
export function memberRoute(context: MemberApiContext, method: string, segments: string[]): Route | undefined {
  const [first, second, third, fourth, fifth, sixth] = segments;
  if (
    first === 'messages' &&
    (second === 'msg_recall' || second === 'recall') &&
    third === undefined &&
    method === 'POST'
  ) {
    return { endpoint: 'recall', handle: (r) => recall(context, r.body) };
  }
  if (first !== 'chatgroups' || second === undefined || sixth !== undefined) return undefined;
  const at = (endpoint: Route['endpoint'], handle: (group: EmulatedGroup, body: unknown) => ApiResult): Route => ({
    endpoint,
    handle: (r) => handle(requireGroup(context.store, second), r.body),
  });
  const key = `${method} ${[third, fourth, fifth]
    .filter((s) => s !== undefined)
    .map((s, i) => (i === 0 || (i === 1 && third === 'blocks') ? s : '*'))
    .join('/')}`;
  switch (key) {
    case 'POST mute':
      return at('mute', (g, body) => mute(context, g, body));
    case 'GET mute':
      return at('muted', (g) => mutedList(context, g));
    case 'DELETE mute/*':
      return at('unmute', (g) => unmute(context, g, fourth!));
    case 'POST ban':
      return at('muteAll', (g) => setMutedAll(context, g, true));
    case 'DELETE ban':
      return at('unmuteAll', (g) => setMutedAll(context, g, false));
    case 'DELETE users/*':
      return at('remove', (g) => remove(context, g, fourth!));
    case 'POST blocks/users':
      return at('block', (g, body) => blockMany(context, g, body));
    case 'GET blocks/users':
      return at('blocked', (g) => ({ data: g.blocked ?? [], extra: { count: (g.blocked ?? []).length } }));
    case 'POST blocks/users/*':
      return at('block', (g) => blockOne(context, g, fifth!));
    case 'DELETE blocks/users/*':
      return at('unblock', (g) => unblock(context, g, fifth!));
    case 'GET admin':
      return at('admins', (g) => ({ data: g.admins ?? [], extra: { count: (g.admins ?? []).length } }));
    default:
      return undefined;
  }
}

function requireGroup(store: GroupStore, id: string): EmulatedGroup {
  const group = store.get(id);
  if (!group) throw new ApiFailure(404, 'resource_not_found', `grpID ${id} does not exist!`);
  return group;
}

/** The users of a comma-separated path segment, at most the call limit. */
function pathUsers(segment: string, tooMany: string): string[] {
  const users = segment.split(',').filter(Boolean);
  if (users.length === 0) throw invalid('no user given');
  if (users.length > MEMBER_CALL_LIMIT) throw invalid(`${tooMany} : ${MEMBER_CALL_LIMIT}`);
  return users;
}

function bodyUsers(body: unknown, tooMany: string): string[] {
  const usernames = (body as { usernames?: unknown } | undefined)?.usernames;
  if (!Array.isArray(usernames) || usernames.length === 0 || !usernames.every((u) => typeof u === 'string'))
    throw invalid('usernames must be a non-empty array of user ids');
  if (usernames.length > MEMBER_CALL_LIMIT) throw invalid(`${tooMany} : ${MEMBER_CALL_LIMIT}`);
  return usernames as string[];
}

function mute(context: MemberApiContext, group: EmulatedGroup, body: unknown): ApiResult {
  const users = bodyUsers(body, 'userNames size is more than max limit');
  const duration = (body as { mute_duration?: unknown }).mute_duration;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < PERMANENT)
    throw invalid('mute_duration must be milliseconds, -1 (permanent) or 0 (unmute)');
  if (users.includes(group.owner)) throw forbidden(OWNER_REFUSED);
  const outside = users.filter((user) => !isMember(group, user));
  if (outside.length > 0) throw notMembers(outside);
  const muted = { ...group.muted };
  const expire = duration === PERMANENT ? PERMANENT : context.now() + duration;
  for (const user of users) {
    if (duration === 0) delete muted[user];
    else muted[user] = expire;
  }
  context.store.update(group.id, { muted });
  return { data: users.map((user) => ({ result: true, expire: duration === 0 ? context.now() : expire, user })) };
}

function mutedList(context: MemberApiContext, group: EmulatedGroup): ApiResult {
  return { data: activeMutes(group, context.now()).map(([user, expire]) => ({ expire, user })) };
}

function unmute(context: MemberApiContext, group: EmulatedGroup, segment: string): ApiResult {
  const users = pathUsers(segment, 'removeMute member size more than max limit');
  const muted = { ...group.muted };
  for (const user of users) delete muted[user];
  context.store.update(group.id, { muted });
  return { data: users.map((user) => ({ result: true, user })) };
}

function setMutedAll(context: MemberApiContext, group: EmulatedGroup, mutedAll: boolean): ApiResult {
  context.store.update(group.id, { mutedAll });
  return { data: { mute: mutedAll } };
}

/** Takes users out of the members and admins; the mute list stays, as a rejoin does not clear it. */
function withoutMembers(group: EmulatedGroup, users: string[]): Partial<EmulatedGroup> {
  return {
    members: group.members.filter((m) => !users.includes(m)),
    admins: (group.admins ?? []).filter((a) => !users.includes(a)),
  };
}

function remove(context: MemberApiContext, group: EmulatedGroup, segment: string): ApiResult {
  const users = pathUsers(segment, 'kickMember: kickMembers number more than maxSize');
  if (users.includes(group.owner)) throw forbidden(OWNER_REFUSED);
  const outside = users.filter((user) => !isMember(group, user));
  const line = (user: string) => ({
    result: !outside.includes(user),
    action: 'remove_member',
    ...(outside.includes(user) && { reason: `user ${user} doesn't exist.` }),
    user,
    groupid: group.id,
  });
  // The single form, and a batch of which no user is a member, fail whole.
  if (outside.length === users.length) throw notMembers(outside);
  context.store.update(group.id, withoutMembers(group, users));
  return { data: segment.includes(',') ? users.map(line) : line(users[0]!) };
}

function block(context: MemberApiContext, group: EmulatedGroup, users: string[]): string[] {
  if (users.includes(group.owner)) throw forbidden(OWNER_REFUSED);
  const members = users.filter((user) => isMember(group, user));
  // Easemob removes a blocked user from the group; Agora says only that they can no longer send or receive.
  context.store.update(group.id, {
    ...withoutMembers(group, members),
    blocked: [...new Set([...(group.blocked ?? []), ...members])],
  });
  return members;
}

function blockOne(context: MemberApiContext, group: EmulatedGroup, user: string): ApiResult {
  if (user !== group.owner && !isMember(group, user)) throw notMembers([user]);
  block(context, group, [user]);
  return { data: { result: true, action: 'add_blocks', user, groupid: group.id } };
}

function blockMany(context: MemberApiContext, group: EmulatedGroup, body: unknown): ApiResult {
  const users = bodyUsers(body, 'userNames is more than max limit');
  const blocked = block(context, group, users);
  return {
    data: users.map((user) =>
      blocked.includes(user)
        ? { result: true, action: 'add_blocks', user, groupid: group.id }
        : {
            result: false,
            action: 'add_blocks',
            reason: `user: ${user} doesn't exist in group: ${group.id}`,
            user,
            groupid: group.id,
          },
    ),
  };
}

function unblock(context: MemberApiContext, group: EmulatedGroup, segment: string): ApiResult {
  const users = pathUsers(segment, 'removeBlacklist: list size more than max limit');
  const listed = group.blocked ?? [];
  // "not members" here means "not on the block list", as the service words it.
  if (!segment.includes(',') && !listed.includes(users[0]!)) throw notMembers(users);
  context.store.update(group.id, { blocked: listed.filter((user) => !users.includes(user)) });
  const line = (user: string) =>
    listed.includes(user)
      ? { result: true, action: 'remove_blocks', user, groupid: group.id }
      : {
          result: false,
          action: 'remove_blocks',
          reason: `user ${user} is not in the blocklist of group ${group.id}`,
          user,
          groupid: group.id,
        };
  return { data: segment.includes(',') ? users.map(line) : line(users[0]!) };
}

function recall(context: MemberApiContext, raw: unknown): ApiResult {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  for (const field of ['msg_id', 'to', 'chat_type']) {
    if (typeof body[field] !== 'string' || body[field] === '') throw recallError(400, `param ${field} can't be empty`);
  }
  if (body.force !== undefined && typeof body.force !== 'boolean') throw recallError(400, "param force can't be empty");
  const msgId = body.msg_id as string;
  const to = body.to as string;
  const refuse = (status: number, easemob: string, agora: string): ApiResult => {
    if (context.recallFailures === 'body')
      return { data: undefined, extra: { msgs: [{ msg_id: msgId, recalled: agora }] } };
    throw recallError(status, easemob);
  };
  if (body.chat_type !== 'groupchat' || !context.store.get(to))
    return refuse(400, "can't find msg to", "can't find message to");
  const outcome = context.chat.recall(to, msgId, body.force === true);
  if (outcome === 'not found') return refuse(403, 'not_found msg', 'not_found msg');
  if (outcome === 'too late') return refuse(403, 'exceed recall time limit', 'exceed call time limit');
  return {
    data: {
      recalled: 'yes',
      chattype: 'groupchat',
      from: typeof body.from === 'string' ? body.from : 'admin',
      to,
      msg_id: msgId,
    },
  };
}
