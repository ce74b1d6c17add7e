/**
 * The members' ladder in the ledger: each sender's violations in a group, and the claims that let
 * a ladder step run once per member per reaching. A claim is taken by a conditional write: the
 * first event to reach a step holds it for the ladder's window, a redelivery of that event finds
 * it its own, any other event finds it taken. A claim whose step removed or blocked the member
 * says the member is out: their later violations act no further.
 */

/** A violation of the group with the member who sent it, for counting distinct senders in a window. */
export interface SenderViolation {
  time: string;
  sender: string;
}

export interface LadderClaim {
  groupId: string;
  member: string;
  /** The step's `hits`: one claim per member and step. */
  hits: number;
  /** The event that reached the step and runs its actions. */
  eventId: string;
  claimedAt: string;
  /** The claim holds until then; a later reaching of the same step takes it anew. */
  until: string;
  /** The step removed or blocked the member. */
  removes: boolean;
}

/**
 * Member names may hold any character in a violation (a callback's sender): the key escapes them,
 * so '#' in a name cannot run into the next field.
 */
const memberKey = (member: string) => `MEMBER#${encodeURIComponent(member)}#`;
export const memberViolationSortKey = (member: string, time: string, eventId: string) =>
  `${memberKey(member)}VIOLATION#${time}#${eventId}`;
// '~' sorts after '#', so this comes after every violation of the member at `time`.
export const afterMemberViolationsAt = (member: string, time: string) => `${memberKey(member)}VIOLATION#${time}~`;
export const ladderClaimSortKey = (member: string, hits: number) =>
  `${memberKey(member)}STEP#${String(hits).padStart(6, '0')}`;
export const ladderClaimsPrefix = (member: string) => `${memberKey(member)}STEP#`;

/** Whether `claim` still holds for an event decided at `now`, for another event than its own. */
export const claimHolds = (claim: LadderClaim, now: string) => claim.until > now;
