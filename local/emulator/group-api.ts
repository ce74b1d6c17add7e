/**
 * The eight group endpoints as the emulator answers them: the request rules and the `data` of
 * each success, taken from the reference page and the facts file. Pure functions of the store;
 * the HTTP server (server.ts) adds the envelope, auth, limits and faults.
 */
import type { EmulatedEndpoint } from './rate-limits.js';
import type { EmulatedGroup, GroupStore } from './group-store.js';

/** A failure as the service reports it. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/** What a handler reads of a request; the path was consumed by {@link route}. */
export interface ApiRequest {
  query: URLSearchParams;
  body: unknown;
}

export interface ApiResult {
  data: unknown;
  /** Extra top-level envelope fields (`count`, `cursor`, `params`). */
  extra?: Record<string, unknown>;
}

export interface Route {
  endpoint: EmulatedEndpoint;
  handle: (request: ApiRequest) => ApiResult;
}

const invalid = (description: string) => new ApiFailure(400, 'invalid_parameter', description);
const notFound = (description: string) => new ApiFailure(404, 'service_resource_not_found', description);
const USERNAME = /^[a-z0-9_.-]{1,64}$/;
const MODIFIABLE = new Set(['groupname', 'description', 'maxusers', 'membersonly', 'allowinvites', 'custom']);

export interface ApiContext {
  store: GroupStore;
  /** `{org}#{app}_`, which list all puts before owners' user ids. */
  ownerPrefix: string;
  /** Largest page joined groups returns, whatever the caller asks: today's service caps it at 20. */
  joinedPageCap: number;
}

/** Finds the route for a method and path, or undefined when there is none. */
export function route(context: ApiContext, method: string, segments: string[]): Route | undefined {
  const { store, ownerPrefix } = context;
  const [first, second, third, fourth] = segments;
  if (
    first === 'users' &&
    second !== undefined &&
    third === 'joined_chatgroups' &&
    fourth === undefined &&
    method === 'GET'
  ) {
    return { endpoint: 'joined', handle: (r) => joinedGroups(store, context.joinedPageCap, second, r.query) };
  }
  if (first !== 'chatgroups' || fourth !== undefined) return undefined;
  if (second === undefined) {
    if (method === 'POST') return { endpoint: 'create', handle: (r) => createGroup(store, r.body) };
    if (method === 'GET') return { endpoint: 'list', handle: (r) => listGroups(store, ownerPrefix, r.query) };
    return undefined;
  }
  if (third === 'disable' || third === 'enable') {
    if (method !== 'POST') return undefined;
    return { endpoint: third, handle: () => setDisabled(store, second, third === 'disable') };
  }
  if (third !== undefined) return undefined;
  if (method === 'GET') return { endpoint: 'get', handle: () => groupDetails(store, second) };
  if (method === 'PUT') return { endpoint: 'modify', handle: (r) => modifyGroup(store, second, r.body) };
  if (method === 'DELETE') return { endpoint: 'delete', handle: () => deleteGroup(store, second) };
  return undefined;
}

function requireGroup(store: GroupStore, id: string): EmulatedGroup {
  const group = store.get(id);
  if (!group) throw notFound(`grpID ${id} does not exist!`);
  return group;
}

function text(body: Record<string, unknown>, field: string, max: number, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined) {
    if (required) throw invalid(`${field} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(`${field} must be a string`);
  if (value.length > max) throw invalid(`${field} must be at most ${max} characters`);
  if (field !== 'custom' && value.includes('/')) throw invalid(`${field} must not contain "/"`);
  return value;
}

function bool(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(`${field} must be a boolean`);
  return value;
}

/** The reference types `maxusers` as a string while its example sends a number: take both. */
function maxUsers(body: Record<string, unknown>): number | undefined {
  const value = body.maxusers;
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw invalid('maxusers must be a positive integer');
  return n;
}

function username(value: unknown, field: string): string {
  if (typeof value !== 'string' || !USERNAME.test(value)) throw invalid(`${field} is not a valid username`);
  return value;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiFailure(400, 'json_parse', 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

function createGroup(store: GroupStore, raw: unknown): ApiResult {
  const body = objectBody(raw);
  const name = text(body, 'groupname', 128, true)!;
  if (name.length === 0) throw invalid('groupname must not be empty');
  const description = text(body, 'desc', 512, true)!;
  const isPublic = bool(body, 'public');
  if (isPublic === undefined) throw invalid('public is required');
  const owner = username(body.owner, 'owner');
  let members: string[] = [];
  if (body.members !== undefined) {
    if (!Array.isArray(body.members) || body.members.length < 1 || body.members.length > 100)
      throw invalid('members must hold 1 to 100 users');
    members = body.members.map((m, i) => username(m, `members[${i}]`)).filter((m) => m !== owner);
  }
  const group = store.insert({
    name,
    description,
    owner,
    members: [...new Set(members)],
    public: isPublic,
    maxUsers: maxUsers(body) ?? 200,
    allowInvites: bool(body, 'allowinvites') ?? false,
    membersOnly: bool(body, 'membersonly') ?? false,
    inviteNeedConfirm: bool(body, 'invite_need_confirm') ?? true,
    custom: text(body, 'custom', 1024, false) ?? '',
  });
  return { data: { groupid: group.id } };
}

function setDisabled(store: GroupStore, id: string, disabled: boolean): ApiResult {
  requireGroup(store, id);
  store.update(id, { disabled });
  return { data: { disabled } };
}

function groupDetails(store: GroupStore, ids: string): ApiResult {
  const wanted = ids.split(',');
  if (wanted.length > 100) throw invalid('at most 100 group ids per request');
  const found = wanted.map((id) => store.get(id)).filter((g): g is EmulatedGroup => g !== undefined);
  if (found.length === 0) throw notFound("group id doesn't exist");
  return {
    data: found.map((g) => ({
      id: g.id,
      name: g.name,
      description: g.description,
      membersonly: g.membersOnly,
      allowinvites: g.allowInvites,
      maxusers: g.maxUsers,
      owner: g.owner,
      created: g.created,
      custom: g.custom,
      affiliations_count: g.members.length + (g.ownerListed ? 1 : 0),
      disabled: g.disabled,
      mute: g.mutedAll ?? false,
      affiliations: [...g.members.map((member) => ({ member })), ...(g.ownerListed ? [{ owner: g.owner }] : [])],
      public: g.public,
    })),
  };
}

function modifyGroup(store: GroupStore, id: string, raw: unknown): ApiResult {
  const body = objectBody(raw);
  const unknown = Object.keys(body).filter((key) => !MODIFIABLE.has(key));
  if (unknown.length > 0) throw invalid(`field(s) ${unknown.join(', ')} cannot be modified`);
  if (Object.keys(body).length === 0) throw invalid('nothing to modify');
  requireGroup(store, id);
  const changes: Partial<EmulatedGroup> = {};
  const name = text(body, 'groupname', 128, false);
  if (name !== undefined) changes.name = name;
  const description = text(body, 'description', 512, false);
  if (description !== undefined) changes.description = description;
  const max = maxUsers(body);
  if (max !== undefined) changes.maxUsers = max;
  const membersOnly = bool(body, 'membersonly');
  if (membersOnly !== undefined) changes.membersOnly = membersOnly;
  const allowInvites = bool(body, 'allowinvites');
  if (allowInvites !== undefined) changes.allowInvites = allowInvites;
  const custom = text(body, 'custom', 1024, false);
  if (custom !== undefined) changes.custom = custom;
  store.update(id, changes);
  return { data: Object.fromEntries(Object.keys(body).map((key) => [key, true])) };
}

function deleteGroup(store: GroupStore, id: string): ApiResult {
  requireGroup(store, id);
  store.delete(id);
  return { data: { success: true, groupid: id } };
}

const CURSOR_PREFIX = 'emu:';

function listGroups(store: GroupStore, ownerPrefix: string, query: URLSearchParams): ApiResult {
  const limitText = query.get('limit');
  const limit = limitText === null ? 10 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit must be an integer from 1 to 100');
  const cursor = query.get('cursor');
  let from = 0;
  if (cursor) {
    const decoded = Buffer.from(cursor, 'base64url').toString();
    from = decoded.startsWith(CURSOR_PREFIX) ? Number(decoded.slice(CURSOR_PREFIX.length)) : NaN;
    if (!Number.isInteger(from) || from < 0) throw invalid('cursor is not valid');
  }
  const page = store.page(from, limit);
  const params: Record<string, string[]> = { limit: [String(limit)] };
  if (cursor) params.cursor = [cursor];
  return {
    data: page.groups.map((g) => ({
      owner: `${ownerPrefix}${g.owner}`,
      groupid: g.id,
      affiliations: g.members.length + (g.ownerListed ? 1 : 0),
      type: 'group',
      last_modified: String(g.lastModified),
      groupname: g.name,
    })),
    extra: {
      params,
      count: page.groups.length,
      ...(page.next !== undefined && { cursor: Buffer.from(`${CURSOR_PREFIX}${page.next}`).toString('base64url') }),
    },
  };
}

function joinedGroups(store: GroupStore, pageCap: number, user: string, query: URLSearchParams): ApiResult {
  username(user, 'username');
  // As the service: 404 service_resource_not_found for a user that does not exist (facts page).
  if (!store.hasUser(user)) throw notFound(`username ${user} does not exist`);
  const size = Number(query.get('pagesize') ?? 1000);
  const num = Number(query.get('pagenum') ?? 1);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw invalid('pagesize must be an integer from 1 to 1000');
  if (!Number.isInteger(num) || num < 1) throw invalid('pagenum must be a positive integer');
  const effective = Math.min(size, pageCap);
  const ids = store.joinedBy(user).slice((num - 1) * effective, num * effective);
  const data = ids.map((id) => ({ groupid: id, groupname: store.get(id)!.name }));
  const params: Record<string, string[]> = {};
  if (query.has('pagesize')) params.pagesize = [String(size)];
  if (query.has('pagenum')) params.pagenum = [String(num)];
  return { data, extra: { count: data.length, params } };
}
