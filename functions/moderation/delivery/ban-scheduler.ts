/**
 * Timed bans end through a `ban.expire` event sent back into the group's FIFO lane when the ban
 * runs out. This port hides who sends it: EventBridge Scheduler in AWS
 * (`EventBridgeBanScheduler`), a timer in the local stack (`local/stack/local-ban-scheduler.ts`).
 */
import type { BanExpiry } from '../../events/index.js';
import type { CallOptions } from '../../agora/index.js';

export interface BanScheduler {
  /** Arranges for `expireEventFor(expiry)` to arrive at `expiry.at`; scheduling the same ban twice sends one event. */
  scheduleExpiry(expiry: BanExpiry, call?: CallOptions): Promise<void>;
}
