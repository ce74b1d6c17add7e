/** What the interpreter works with: the ports of the plans' steps, the policy and the clock. */
import type { CallOptions } from '../../agora/index.js';
import type { Ledger } from '../../ledger/index.js';
import type { BanScheduler } from './ban-scheduler.js';
import type { Policy } from '../decision/index.js';

/** The two Agora calls moderation makes; `GroupsResource` provides them. */
export interface GroupSwitch {
  disable(groupId: string, options?: CallOptions): Promise<unknown>;
  enable(groupId: string, options?: CallOptions): Promise<unknown>;
}

export interface ModerationContext {
  groups: GroupSwitch;
  ledger: Ledger;
  scheduler: BanScheduler;
  policy: Policy;
  clock: () => Date;
  /** How far ahead of `clock` an event may be dated, in seconds (events further ahead are refused before they get here). */
  clockSkewSeconds: number;
}
