/**
 * The decision core on in-memory ports: the in-memory ledger, a scheduler that records what it
 * was asked to schedule, and a group switch that records the last call per group. A harness
 * plays events through `processEvent` on a clock it controls, so table and property tests read
 * as stories.
 */
import { errorFromResponse } from '../../functions/agora/index.js';
import { DEFAULT_CLOCK_SKEW_SECONDS, type BanExpiry, type ModerationEvent } from '../../functions/events/index.js';
import { BanStatus, MemoryLedger, type BanRecord, type Ledger } from '../../functions/ledger/index.js';
import { policySchema, type BanScheduler } from '../../functions/moderation/index.js';
import { processEvent } from '../../functions/moderation/delivery/process-event.js';
import {
  type GroupSwitch,
  type MemberModeration,
} from '../../functions/moderation/delivery/interpreter-dependencies.js';
import { type Outcome, type Policy } from '../../functions/moderation/decision/index.js';

/** Remembers every expiry asked for, by ban (scheduling a ban twice keeps one, as Scheduler does). */
export class RecordingScheduler implements BanScheduler {
  readonly expiries = new Map<string, BanExpiry>();
  async scheduleExpiry(expiry: BanExpiry): Promise<void> {
    if (!this.expiries.has(expiry.banId)) this.expiries.set(expiry.banId, expiry);
  }
}

/**
 * The state each group was last switched to, and every call in order. A group in `deleted` is
 * one Agora does not have: its calls are refused as the service refuses them (404
 * `service_resource_not_found`), and kept in `refused`.
 */
export class FakeGroupSwitch implements GroupSwitch {
  readonly disabled = new Map<string, boolean>();
  readonly calls: { groupId: string; call: 'disable' | 'enable' }[] = [];
  readonly deleted = new Set<string>();
  readonly refused: { groupId: string; call: 'disable' | 'enable' }[] = [];
  async disable(groupId: string): Promise<void> {
    this.refuseIfDeleted(groupId, 'disable');
    this.calls.push({ groupId, call: 'disable' });
    this.disabled.set(groupId, true);
  }
  async enable(groupId: string): Promise<void> {
    this.refuseIfDeleted(groupId, 'enable');
    this.calls.push({ groupId, call: 'enable' });
    this.disabled.set(groupId, false);
  }
  private refuseIfDeleted(groupId: string, call: 'disable' | 'enable'): void {
    if (!this.deleted.has(groupId)) return;
    this.refused.push({ groupId, call });
    const path = `/chatgroups/${groupId}/${call}`;
    throw errorFromResponse({
      status: 404,
      code: 'service_resource_not_found',
      description: `grpID ${groupId} does not exist!`,
      method: 'POST',
      path,
      body: {},
    });
  }
}

/**
 * Member calls that answer as Agora does for members of a group it holds: `members` are in the
 * group, anyone else fails as not a member; every call is kept in order. The owner and admins are
 * `staff`. For the decision core's stories; the interpreter's calls are tested on the emulator.
 */
export class FakeModeration implements MemberModeration {
  readonly calls: { call: string; groupId: string; users?: readonly string[]; duration?: number | 'permanent' }[] = [];
  staffOf = { owner: 'owner', admins: ['admin1'] as string[] };
  constructor(readonly memberSet = new Set<string>()) {}
  private batch(call: string, groupId: string, users: readonly string[], duration?: number | 'permanent') {
    this.calls.push({ call, groupId, users: [...users], ...(duration !== undefined && { duration }) });
    return {
      succeeded: users.filter((user) => this.memberSet.has(user)).map((user) => ({ user })),
      failed: users.filter((user) => !this.memberSet.has(user)).map((user) => ({ user, reason: 'not a member' })),
    };
  }
  readonly members = {
    mute: async (groupId: string, users: readonly string[], duration: number | 'permanent') =>
      this.batch('mute', groupId, users, duration),
    unmute: async (groupId: string, users: readonly string[]) => this.batch('unmute', groupId, users),
    remove: async (groupId: string, users: readonly string[]) => this.batch('remove', groupId, users),
    block: async (groupId: string, users: readonly string[]) => this.batch('block', groupId, users),
    unblock: async (groupId: string, users: readonly string[]) => this.batch('unblock', groupId, users),
  };
  readonly groupMute = {
    muteAll: async (groupId: string) => void this.calls.push({ call: 'muteAll', groupId }),
    unmuteAll: async (groupId: string) => void this.calls.push({ call: 'unmuteAll', groupId }),
  };
  readonly messages = {
    recall: async (input: { groupId: string; msgId: string }) => {
      this.calls.push({ call: 'recall', groupId: input.groupId });
      return { msgId: input.msgId, recalled: true as const };
    },
  };
  async staff(groupId: string) {
    this.calls.push({ call: 'staff', groupId });
    return this.staffOf;
  }
}

export const T0 = Date.parse('2026-11-27T00:00:00.000Z');

export class CoreHarness {
  readonly ledger = new MemoryLedger();
  readonly scheduler = new RecordingScheduler();
  readonly groups = new FakeGroupSwitch();
  readonly moderation = new FakeModeration();
  readonly policy: Policy;
  /** The clock the core reads, in epoch ms. */
  now = T0;

  constructor(policy: unknown = {}) {
    this.policy = policySchema.parse(policy);
  }

  get context() {
    return {
      groups: this.groups,
      moderation: this.moderation,
      ledger: this.ledger,
      scheduler: this.scheduler,
      policy: this.policy,
      clock: () => new Date(this.now),
      clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS,
    };
  }

  process(event: ModerationEvent): Promise<Outcome> {
    return processEvent(this.context, event);
  }

  /** Bans of a group, oldest first. */
  bans(groupId: string): Promise<BanRecord[]> {
    return this.ledger.listBans(groupId);
  }

  async activeBans(groupId: string): Promise<BanRecord[]> {
    return (await this.bans(groupId)).filter((ban) => ban.status === BanStatus.Active);
  }
}

/** The harness's ledger, whose first state write first lets `meanwhile` change the group: that write then loses. */
export function losingFirstWrite(core: CoreHarness, meanwhile: () => Promise<unknown>): Ledger {
  const ledger = Object.create(core.ledger) as Ledger;
  let first = true;
  ledger.saveGroupState = async (state, call) => {
    if (first) {
      first = false;
      await meanwhile();
    }
    return core.ledger.saveGroupState(state, call);
  };
  return ledger;
}

let sequence = 0;

/** A valid event at `atMs` (default: the harness's epoch), with a fresh id unless given. */
export function eventAt<T extends ModerationEvent['type']>(
  type: T,
  groupId: string,
  atMs = T0,
  extra: Record<string, unknown> = {},
): Extract<ModerationEvent, { type: T }> {
  sequence += 1;
  return {
    version: 1,
    id: `e${sequence}`,
    type,
    groupId,
    reason: `${type} #${sequence}`,
    source: 'core-test',
    time: new Date(atMs).toISOString(),
    ...extra,
  } as Extract<ModerationEvent, { type: T }>;
}
