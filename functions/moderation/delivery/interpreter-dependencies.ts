/** What the interpreter works with: the ports of the plans' steps, the policy and the clock. */
import type { CallOptions, MembersResource, RecallResult } from '../../agora/index.js';
import type { BanExpiry } from '../../events/index.js';
import type { Ledger } from '../../ledger/index.js';
import type { GroupStaff, Policy } from '../decision/index.js';

/** The two Agora calls moderation makes; `GroupsResource` provides them. */
export interface GroupSwitch {
  disable(groupId: string, options?: CallOptions): Promise<unknown>;
  enable(groupId: string, options?: CallOptions): Promise<unknown>;
}

/** The Agora calls of sanctions: members, the group's voice, messages, and who must be spared. `agoraModeration` provides them. */
export interface MemberModeration {
  members: Pick<MembersResource, 'mute' | 'unmute' | 'remove' | 'block' | 'unblock'>;
  groupMute: {
    muteAll(groupId: string, options?: CallOptions): Promise<unknown>;
    unmuteAll(groupId: string, options?: CallOptions): Promise<unknown>;
  };
  messages: { recall(input: { groupId: string; msgId: string }, options?: CallOptions): Promise<RecallResult> };
  /** The group's owner and admins, as Agora has them now. */
  staff(groupId: string, options?: CallOptions): Promise<GroupStaff>;
}

/**
 * Timed bans end through a `ban.expire` event sent back into the group's FIFO lane when the ban
 * runs out, timed mutes of a whole group through a `group.unmute_all` (an expiry with `ends:
 * 'group-mute'`). This port hides who sends it: EventBridge Scheduler in AWS
 * (`EventBridgeBanScheduler`), a timer in the local stack (`local/stack/local-ban-scheduler.ts`).
 */
export interface BanScheduler {
  /** Arranges for `expireEventFor(expiry)` to arrive at `expiry.at`; scheduling the same ban twice sends one event. */
  scheduleExpiry(expiry: BanExpiry, call?: CallOptions): Promise<void>;
}

export interface InterpreterDependencies {
  groups: GroupSwitch;
  moderation: MemberModeration;
  ledger: Ledger;
  scheduler: BanScheduler;
  policy: Policy;
  clock: () => Date;
  /** How far ahead of `clock` an event may be dated, in seconds (events further ahead are refused before they get here). */
  clockSkewSeconds: number;
}
