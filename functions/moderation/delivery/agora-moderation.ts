/** The sanctions' Agora calls on the client: members, the group's mute, recalls, and the owner and admins to spare. */
import type { AgoraChatClient, CallOptions } from '../../agora/index.js';
import type { GroupStaff } from '../decision/index.js';
import type { MemberModeration } from './interpreter-dependencies.js';

export function agoraModeration(client: AgoraChatClient): MemberModeration {
  return {
    members: client.members,
    groupMute: client.groupMute,
    messages: client.messages,
    // Two reads, independent: the owner is in the group's details, the admins in their own list.
    async staff(groupId: string, options?: CallOptions): Promise<GroupStaff> {
      const [details, admins] = await Promise.all([
        client.groups.get(groupId, options),
        client.admins.list(groupId, options),
      ]);
      return { owner: details.owner, admins };
    },
  };
}
