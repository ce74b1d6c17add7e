/**
 * The members' ladder in the ledger: each sender's violations in a group, and the claims that let
 * a ladder step run once per member per reaching. A claim is taken by a conditional write: the
 * first event to reach a step holds it for the ladder's window, a redelivery of that event finds
 * it its own, any other event finds it taken. A claim says only who ran the step, not what came
 * of it: whether a removing step's event put the member out is its sanction's status (a removal of
 * the owner or an admin is skipped, one Agora refused failed, one in dry run skipped). Claims of
 * dry run are apart from live ones, so that a policy going live runs its steps for real. A claim
 * expires (`expiresAt`, the table's TTL attribute) some time after it stops holding.
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
  /** The step's actions remove or block the member: its event's sanctions say whether it did. */
  stepRemovesOrBlocks: boolean;
  /** Taken under dry run: it holds for dry-run decisions only. */
  dryRun: boolean;
  /** Epoch seconds after which the claim may be deleted (DynamoDB TTL): `until` and a grace. */
  expiresAt: number;
}

/** How long a claim is kept past its end: its removal found by the member's later violations, its holder shown to operators. */
export const LADDER_CLAIM_GRACE_SECONDS = 7 * 86_400;

/**
 * Member names may hold any character in a violation (a callback's sender): the key escapes them,
 * so '#' in a name cannot run into the next field.
 */
const memberKey = (member: string) => `MEMBER#${encodeURIComponent(member)}#`;
export const memberViolationSortKey = (member: string, time: string, eventId: string) =>
  `${memberKey(member)}VIOLATION#${time}#${eventId}`;
// '~' sorts after '#', so this comes after every violation of the member at `time`.
export const afterMemberViolationsAt = (member: string, time: string) => `${memberKey(member)}VIOLATION#${time}~`;
export const ladderClaimSortKey = (member: string, hits: number, dryRun: boolean) =>
  `${memberKey(member)}STEP#${String(hits).padStart(6, '0')}${dryRun ? '#DRY-RUN' : ''}`;
export const ladderClaimsPrefix = (member: string) => `${memberKey(member)}STEP#`;

/** Whether `claim` still holds for an event decided at `now`, for another event than its own. */
export const claimHolds = (claim: LadderClaim, now: string) => claim.until > now;
