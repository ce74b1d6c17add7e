import { groupIdSchema } from './identifiers.js';
import { validateInput } from './inputs.js';
import { muteAllSchema, unmuteAllSchema, type GroupMuteState } from './member-responses.js';
import type { CallOptions, Transport } from './transport.js';

const path = (groupId: string) =>
  `/chatgroups/${encodeURIComponent(validateInput(groupIdSchema, groupId, 'groupId'))}/ban`;

/**
 * Muting a whole group. Only the allow list may speak meanwhile, which holds the owner and the
 * admins by default; members on the mute list stay muted. The mute has no duration: it lasts
 * until {@link unmuteAll}, so whoever mutes a group for a while must schedule the unmute.
 */
export class GroupMuteResource {
  constructor(private readonly transport: Transport) {}

  /** Mutes every member but the allow list. */
  async muteAll(groupId: string, options?: CallOptions): Promise<GroupMuteState> {
    return (
      await this.transport.send(
        { endpoint: 'muteAll', method: 'POST', path: path(groupId), idempotent: true, data: muteAllSchema },
        options,
      )
    ).data;
  }

  /** Lifts a mute-all; members on the mute list stay muted. */
  async unmuteAll(groupId: string, options?: CallOptions): Promise<GroupMuteState> {
    return (
      await this.transport.send(
        { endpoint: 'unmuteAll', method: 'DELETE', path: path(groupId), idempotent: true, data: unmuteAllSchema },
        options,
      )
    ).data;
  }
}
