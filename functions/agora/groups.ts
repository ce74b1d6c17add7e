import * as z from 'zod';
import { NotFoundError } from './errors.js';
import { groupIdSchema, usernameSchema } from './identifiers.js';
import {
  createGroupInputSchema,
  joinedPageSizeSchema,
  listLimitSchema,
  modifyGroupInputSchema,
  validateInput,
  type CreateGroupInput,
  type ModifyGroupInput,
} from './inputs.js';
import {
  createdGroupSchema,
  deletedGroupSchema,
  disabledStateSchema,
  groupDetailsListSchema,
  groupSummaryListSchema,
  joinedGroupListSchema,
  modifiedFieldsSchema,
  type CreatedGroup,
  type DeletedGroup,
  type DisabledState,
  type GroupDetails,
  type GroupPage,
  type GroupSummary,
  type JoinedGroup,
  type ModifiedFields,
} from './responses.js';
import type { CallOptions, Transport } from './transport.js';

/** Most ids get details accepts in one call. */
export const DETAILS_CHUNK_SIZE = 100;

export interface ListOptions extends CallOptions {
  /** Groups per page, 1 to 100. @default 100 */
  pageSize?: number;
  /** Resume after a page whose cursor was saved. */
  cursor?: string;
}

export interface JoinedOptions extends CallOptions {
  /** Page size to ask for; the service may return fewer per page. @default 100 */
  pageSize?: number;
}

const id = (value: string, field = 'groupId') => encodeURIComponent(validateInput(groupIdSchema, value, field));

/**
 * The group endpoints of Agora Chat. Every method validates its arguments before sending and
 * takes {@link CallOptions} last.
 *
 * @example
 * ```ts
 * import { AgoraChatClient } from './client.js';
 * const client = new AgoraChatClient({ baseUrl, org, app, credentials: { appToken } });
 * await client.groups.disable('100743775617286960');
 * for await (const group of client.groups.list()) console.log(group.id);
 * ```
 */
export class GroupsResource {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a group. Not retried once the request may have reached the service, since a
   * second create would make a second group.
   */
  async create(input: CreateGroupInput, options?: CallOptions): Promise<CreatedGroup> {
    const g = validateInput(createGroupInputSchema, input, '');
    const body = {
      groupname: g.name,
      desc: g.description,
      public: g.public,
      owner: g.owner,
      ...(g.members !== undefined && { members: g.members }),
      ...(g.maxUsers !== undefined && { maxusers: g.maxUsers }),
      ...(g.allowInvites !== undefined && { allowinvites: g.allowInvites }),
      ...(g.membersOnly !== undefined && { membersonly: g.membersOnly }),
      ...(g.inviteNeedConfirm !== undefined && { invite_need_confirm: g.inviteNeedConfirm }),
      ...(g.custom !== undefined && { custom: g.custom }),
    };
    const response = await this.transport.send(
      { endpoint: 'create', method: 'POST', path: '/chatgroups', body, idempotent: false, data: createdGroupSchema },
      options,
    );
    return response.data;
  }

  /** Disables a group: no member can send or receive messages until it is enabled. */
  async disable(groupId: string, options?: CallOptions): Promise<DisabledState> {
    const path = `/chatgroups/${id(groupId)}/disable`;
    return (
      await this.transport.send(
        { endpoint: 'disable', method: 'POST', path, idempotent: true, data: disabledStateSchema },
        options,
      )
    ).data;
  }

  /** Enables a disabled group. */
  async enable(groupId: string, options?: CallOptions): Promise<DisabledState> {
    const path = `/chatgroups/${id(groupId)}/enable`;
    return (
      await this.transport.send(
        { endpoint: 'enable', method: 'POST', path, idempotent: true, data: disabledStateSchema },
        options,
      )
    ).data;
  }

  /**
   * Details of one group.
   * @throws {NotFoundError} when the group does not exist.
   */
  async get(groupId: string, options?: CallOptions): Promise<GroupDetails> {
    const path = `/chatgroups/${id(groupId)}`;
    const [group] = await this.details(path, options);
    if (group) return group;
    // The service answers 404 for a missing group; an empty 200 would mean the same.
    throw new NotFoundError({
      status: 404,
      code: 'service_resource_not_found',
      description: `group ${groupId} does not exist`,
      method: 'GET',
      path,
      body: [],
    });
  }

  /**
   * Details of any number of groups, fetched 100 ids a call. Groups that do not exist are left
   * out, as the service does.
   */
  async *getMany(
    groupIds: Iterable<string> | AsyncIterable<string>,
    options?: CallOptions,
  ): AsyncGenerator<GroupDetails> {
    let chunk: string[] = [];
    for await (const groupId of groupIds) {
      chunk.push(groupId);
      if (chunk.length === DETAILS_CHUNK_SIZE) {
        yield* await this.getChunk(chunk, options);
        chunk = [];
      }
    }
    if (chunk.length > 0) yield* await this.getChunk(chunk, options);
  }

  /** One call of get details: at most 100 ids; missing groups are left out. */
  async getChunk(groupIds: readonly string[], options?: CallOptions): Promise<GroupDetails[]> {
    if (groupIds.length < 1 || groupIds.length > DETAILS_CHUNK_SIZE)
      throw new RangeError(`getChunk takes 1 to ${DETAILS_CHUNK_SIZE} ids, got ${groupIds.length}`);
    const path = `/chatgroups/${groupIds.map((g, i) => id(g, `groupIds[${i}]`)).join(',')}`;
    try {
      return await this.details(path, options);
    } catch (error) {
      // When none of the ids exist the service answers 404 instead of an empty list.
      if (error instanceof NotFoundError && error.code === 'service_resource_not_found') return [];
      throw error;
    }
  }

  private async details(path: string, options?: CallOptions): Promise<GroupDetails[]> {
    return (
      await this.transport.send(
        { endpoint: 'get', method: 'GET', path, idempotent: true, data: groupDetailsListSchema },
        options,
      )
    ).data;
  }

  /**
   * Changes a group's name, description, maxUsers, membersOnly, allowInvites or custom; any
   * other field is refused before sending. Returns which wire fields were changed.
   */
  async modify(groupId: string, input: ModifyGroupInput, options?: CallOptions): Promise<ModifiedFields> {
    const path = `/chatgroups/${id(groupId)}`;
    const m = validateInput(modifyGroupInputSchema, input, '');
    const body = {
      ...(m.name !== undefined && { groupname: m.name }),
      ...(m.description !== undefined && { description: m.description }),
      ...(m.maxUsers !== undefined && { maxusers: m.maxUsers }),
      ...(m.membersOnly !== undefined && { membersonly: m.membersOnly }),
      ...(m.allowInvites !== undefined && { allowinvites: m.allowInvites }),
      ...(m.custom !== undefined && { custom: m.custom }),
    };
    return (
      await this.transport.send(
        { endpoint: 'modify', method: 'PUT', path, body, idempotent: true, data: modifiedFieldsSchema },
        options,
      )
    ).data;
  }

  /**
   * Deletes a group. Retried like the other calls: if a retried delete finds the group gone, it
   * fails with {@link NotFoundError} even though the first attempt may have deleted it.
   */
  async delete(groupId: string, options?: CallOptions): Promise<DeletedGroup> {
    const path = `/chatgroups/${id(groupId)}`;
    return (
      await this.transport.send(
        { endpoint: 'delete', method: 'DELETE', path, idempotent: true, data: deletedGroupSchema },
        options,
      )
    ).data;
  }

  /** One page of list all. */
  async listPage(options: ListOptions = {}): Promise<GroupPage> {
    const limit = validateInput(listLimitSchema, options.pageSize ?? 100, 'pageSize');
    const response = await this.transport.send(
      {
        endpoint: 'list',
        method: 'GET',
        path: '/chatgroups',
        query: { limit, cursor: options.cursor },
        idempotent: true,
        data: groupSummaryListSchema,
      },
      options,
    );
    return response.cursor ? { groups: response.data, cursor: response.cursor } : { groups: response.data };
  }

  /** Every page of list all, following the cursor until a page has none. */
  async *listPages(options: ListOptions = {}): AsyncGenerator<GroupPage> {
    let cursor = options.cursor;
    do {
      const page = await this.listPage({ ...options, cursor });
      yield page;
      cursor = page.cursor;
    } while (cursor);
  }

  /** Every group of the app. */
  async *list(options: ListOptions = {}): AsyncGenerator<GroupSummary> {
    for await (const page of this.listPages(options)) yield* page.groups;
  }

  /** One page (numbered from 1) of the groups a user has joined. */
  async joinedPage(username: string, pageNum: number, options: JoinedOptions = {}): Promise<JoinedGroup[]> {
    const user = encodeURIComponent(validateInput(usernameSchema, username, 'username'));
    const pagesize = validateInput(joinedPageSizeSchema, options.pageSize ?? 100, 'pageSize');
    const pagenum = validateInput(z.number().int().min(1), pageNum, 'pageNum');
    const path = `/users/${user}/joined_chatgroups`;
    return (
      await this.transport.send(
        {
          endpoint: 'joined',
          method: 'GET',
          path,
          query: { pagesize, pagenum },
          idempotent: true,
          data: joinedGroupListSchema,
        },
        options,
      )
    ).data;
  }

  /**
   * Every group a user has joined. The service may cap pages below the size asked for, so
   * paging stops only at an empty page or one shorter than the longest seen.
   */
  async *joined(username: string, options: JoinedOptions = {}): AsyncGenerator<JoinedGroup> {
    let longest = 0;
    for (let pageNum = 1; ; pageNum++) {
      const page = await this.joinedPage(username, pageNum, options);
      yield* page;
      if (page.length === 0 || page.length < longest) return;
      longest = page.length;
    }
  }
}
