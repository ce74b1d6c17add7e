import { batchResult, excludingNonMembers, type BatchResult } from './batch-results.js';
import { groupIdSchema } from './identifiers.js';
import { validateInput } from './inputs.js';
import { memberBatchSchema, muteDurationSchema, PERMANENT_MUTE_MS, type MuteDuration } from './member-inputs.js';
import { memberItemsSchema, mutedListSchema, type MemberItem, type MutedMember } from './member-responses.js';
import type { Endpoint } from './rate-limiter.js';
import type { CallOptions, Transport } from './transport.js';

/** A member muted by {@link MembersResource.mute}, and when the mute ends (epoch ms) if the service said. */
export interface MutedUser {
  user: string;
  expiresAt?: number;
}

const group = (value: string) => encodeURIComponent(validateInput(groupIdSchema, value, 'groupId'));
const users = (value: readonly string[]) => validateInput(memberBatchSchema, value, 'usernames');
/** Several users in one path segment: comma-separated, each encoded. */
const userPath = (list: readonly string[]) => list.map(encodeURIComponent).join(',');
const userOnly = (item: MemberItem) => ({ user: item.user });

/**
 * The member endpoints of a group: mute, unmute and the mute list, remove, block and unblock.
 * Each call takes 1 to 60 distinct users and answers user by user ({@link BatchResult}): a user
 * who is not a member fails with the service's reason while the others are acted on. Acting on
 * the owner is refused by the service with 403 for the whole call ({@link ForbiddenError}): leave
 * the owner (and the admins, whom the service does not protect) out. Every call may be sent again.
 *
 * @example
 * ```ts
 * const { succeeded, failed } = await client.members.mute('100743775617286960', ['spammer1', 'spammer2'], 600_000);
 * await client.members.remove('100743775617286960', ['spammer1']);
 * ```
 */
export class MembersResource {
  constructor(private readonly transport: Transport) {}

  /** Mutes users for `duration` milliseconds (1 ms to a century) or `permanent`; they still read the group. */
  async mute(
    groupId: string,
    usernames: readonly string[],
    duration: MuteDuration,
    options?: CallOptions,
  ): Promise<BatchResult<MutedUser>> {
    const path = `/chatgroups/${group(groupId)}/mute`;
    const list = users(usernames);
    const ms = validateInput(muteDurationSchema, duration, 'duration');
    const muteDuration = ms === 'permanent' ? PERMANENT_MUTE_MS : ms;
    return excludingNonMembers(list, async (batch) => {
      const body = { usernames: batch, mute_duration: muteDuration };
      const items = await this.items('mute', 'POST', path, options, body);
      return batchResult(batch, items, (item) =>
        item.expire === undefined ? { user: item.user } : { user: item.user, expiresAt: item.expire },
      );
    });
  }

  /** Lifts users' mutes before their time. */
  async unmute(groupId: string, usernames: readonly string[], options?: CallOptions): Promise<BatchResult> {
    const base = `/chatgroups/${group(groupId)}/mute/`;
    return excludingNonMembers(users(usernames), async (batch) =>
      batchResult(batch, await this.items('unmute', 'DELETE', base + userPath(batch), options), userOnly),
    );
  }

  /** The group's mute list with each mute's end (epoch ms, or `permanent`). */
  async muted(groupId: string, options?: CallOptions): Promise<MutedMember[]> {
    const path = `/chatgroups/${group(groupId)}/mute`;
    return (
      await this.transport.send(
        { endpoint: 'muted', method: 'GET', path, idempotent: true, data: mutedListSchema },
        options,
      )
    ).data;
  }

  /** Removes members from the group (and from its threads). */
  async remove(groupId: string, usernames: readonly string[], options?: CallOptions): Promise<BatchResult> {
    const base = `/chatgroups/${group(groupId)}/users/`;
    return excludingNonMembers(users(usernames), async (batch) =>
      batchResult(batch, await this.items('remove', 'DELETE', base + userPath(batch), options), userOnly),
    );
  }

  /**
   * Puts members on the group's block list: they can neither send nor receive in it, and cannot
   * join again until unblocked (Easemob also removes them from the group).
   */
  async block(groupId: string, usernames: readonly string[], options?: CallOptions): Promise<BatchResult> {
    const path = `/chatgroups/${group(groupId)}/blocks/users`;
    return excludingNonMembers(users(usernames), async (batch) =>
      batchResult(batch, await this.items('block', 'POST', path, options, { usernames: batch }), userOnly),
    );
  }

  /** Takes users off the block list; they may join again (they are not added back). */
  async unblock(groupId: string, usernames: readonly string[], options?: CallOptions): Promise<BatchResult> {
    const base = `/chatgroups/${group(groupId)}/blocks/users/`;
    return excludingNonMembers(users(usernames), async (batch) =>
      batchResult(batch, await this.items('unblock', 'DELETE', base + userPath(batch), options), userOnly),
    );
  }

  private async items(
    endpoint: Endpoint,
    method: 'POST' | 'DELETE',
    path: string,
    options: CallOptions | undefined,
    body?: unknown,
  ): Promise<MemberItem[]> {
    // Each call sets its users' state, so sending it twice leaves what sending it once does.
    const spec = { endpoint, method, path, body, idempotent: true, data: memberItemsSchema };
    return (await this.transport.send(spec, options)).data;
  }
}
