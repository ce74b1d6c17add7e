/** Agora's answers to sanctions, as the ledger resolves them. */
import type { BatchResult, RecallResult } from '../../agora/index.js';
import { SanctionStatus, type SanctionResolution } from '../../ledger/index.js';

/** Both vendors' words for a user the group does not have: Agora's `... are not members of this group!`, the emulator's `not a member`. */
const NOT_A_MEMBER = /not (?:a )?members?\b/i;

const NOT_A_MEMBER_REASON = 'no longer a member of the group';

/**
 * What a mute decided to end at `until` asks of Agora at `nowMs`: what is left of it, in
 * milliseconds (at least 1), or `permanent` for a mute until lifted (`null`, or no end given).
 */
export const muteDurationLeft = (until: string | null | undefined, nowMs: number): number | 'permanent' =>
  until === null || until === undefined ? 'permanent' : Math.max(1, Date.parse(until) - nowMs);

const REMOVED_BEFORE_REASON = 'removed by an earlier attempt of this event, whose answer was lost';

/**
 * Each user's answer: applied, skipped as no longer a member (the violation still counts for the
 * group), or failed with the service's reason. A user in `removedBefore` is one whose removal (or
 * block) an earlier attempt of the same event wrote and may have sent: its answer lost (a timeout,
 * a crash), the resend finds them gone. Nothing but that removal is likelier to have taken them
 * out between the two attempts, and recording it skipped would say the event removed no one (so
 * their later violations would act on them again): it is recorded applied, with why. (A user
 * of an operator's batch who was never a member, resent, reads the same: the lost answer cannot
 * be told apart, and the reason says what is known.)
 */
export function memberResolution(
  result: BatchResult,
  at: string,
  removedBefore: ReadonlySet<string> = new Set(),
): { user: string; resolution: SanctionResolution }[] {
  return [
    ...result.succeeded.map(({ user }) => ({ user, resolution: { status: SanctionStatus.Applied, at } })),
    ...result.failed.map(({ user, reason }) => ({
      user,
      resolution: !NOT_A_MEMBER.test(reason)
        ? { status: SanctionStatus.Failed, at, reason }
        : removedBefore.has(user)
          ? { status: SanctionStatus.Applied, at, reason: `${REMOVED_BEFORE_REASON} (${reason})` }
          : { status: SanctionStatus.Skipped, at, reason: `${NOT_A_MEMBER_REASON} (${reason})` },
    })),
  ];
}

/**
 * A recall's answer settles it: past Agora's window it is too late (sending it again would only
 * be refused again), already recalled or no longer stored it is skipped, anything else failed.
 */
export function recallResolution(result: RecallResult, at: string): SanctionResolution {
  if (result.recalled) return { status: SanctionStatus.Applied, at };
  switch (result.reason) {
    case 'too-late':
      return { status: SanctionStatus.TooLate, at, reason: `past the recall window: ${result.description}` };
    case 'not-found':
      return {
        status: SanctionStatus.Skipped,
        at,
        reason: `already recalled or no longer stored: ${result.description}`,
      };
    default:
      return { status: SanctionStatus.Failed, at, reason: result.description };
  }
}
